// Unit 11's catalogued slips, planted in an otherwise correct module (test/misconceptions/plants), must
// be named by the hidden suite and by `npm test -- 11` with the same lesson section, and cost points.
import { describe, expect, test } from 'vitest';
import { checks } from '../../grader/checks/11-residual-connections.checks';
import { checkNamed, feedbackOf } from '../../grader/checks/helpers';
import { namedOnBothSides } from '../support/both-sides';
import * as catalogue from '../../lib/misconceptions/11-residual-connections';
import { correct, makeNet, plants } from './plants/11-residual-connections';

namedOnBothSides({ slug: '11-residual-connections', catalogue, checks, plantsModule: new URL('./plants/11-residual-connections.ts', import.meta.url).pathname, correct, plants });

describe('11-residual-connections: beyond the catalogue', () => {
  test('the skip left out of the backward pass also fails the 30-block experiment', () => {
    expect(feedbackOf(checkNamed(checks, "30 sigmoid blocks of width 16: ‖dW₁‖/‖dW₃₀‖ stays between 1e-2 and 1e2, where the same plain net's is below 1e-12"), { ...correct, residualNetForwardBackward: makeNet({ noSkipBackward: true }) }))
      .toContain('with the skip it should stay within a factor of 100');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, residualNetForwardBackward: () => { throw new Error('TODO: write residualNetForwardBackward'); } };
    expect(feedbackOf(checkNamed(checks, 'residualNetForwardBackward matches the engine on random small nets, for all four activations'), stub)).toMatch(/^residualNetForwardBackward\(.* is not written yet: TODO/);
  });
});
