// Unit 12's catalogued slips, planted around the reference engine's trainer (test/misconceptions/plants),
// must be named by the hidden suite and by `npm test -- 12` with the same lesson section, and cost points.
import { describe, expect, test, vi } from 'vitest';
import { checks } from '../../grader/checks/12-deep-training.checks';
import { checkNamed, feedbackOf } from '../../grader/checks/helpers';
import { namedOnBothSides } from '../support/both-sides';
import * as catalogue from '../../lib/misconceptions/12-deep-training';
import { correct, plants } from './plants/12-deep-training';

// Every plant runs the whole hidden suite, training runs included.
vi.setConfig({ testTimeout: 300_000 });

namedOnBothSides({ slug: '12-deep-training', catalogue, checks, plantsModule: new URL('./plants/12-deep-training.ts', import.meta.url).pathname, correct, plants });

describe('12-deep-training: beyond the catalogue', () => {
  test('an unfinished earlier unit is named', () => {
    const unfinished = { ...correct, trainDeepNet: () => { throw new Error('TODO: write dense(A, W, b) — see lessons/04-backprop-mlp.md#the-forward-pass'); } };
    const message = feedbackOf(checkNamed(checks, 'ReLU with He init learns (the final loss falls below 0.65 on one of up to three seeds)'), unfinished);
    expect(message).toMatch(/^trainDeepNet\(.* uses your unit 04-backprop-mlp, which is not finished yet: TODO: write dense/);
    expect(message).toContain('npm test -- 04');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, trainDeepNet: () => { throw new Error('TODO: write trainDeepNet(config, data, rng) — see lessons/12-deep-training.md#the-training-loop'); } };
    expect(feedbackOf(checkNamed(checks, 'ReLU with He init learns (the final loss falls below 0.65 on one of up to three seeds)'), stub)).toMatch(/^trainDeepNet\(.* is not written yet: TODO/);
  });
});
