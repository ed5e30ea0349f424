// Each misconception COURSE.md lists for unit 09, planted in an otherwise correct module,
// must be named by the hidden suite with a link to the lesson section that explains it.
import { describe, expect, test } from 'vitest';
import { checks } from '../../grader/checks/09-relu-family.checks';
import { checkNamed, feedbackOf } from '../../grader/checks/helpers';

import { correct, plants } from './plants/09-relu-family';
import { namedOnBothSides } from '../support/both-sides';
import * as catalogue from '../../lib/misconceptions/09-relu-family';

namedOnBothSides({ slug: '09-relu-family', catalogue, checks, plantsModule: new URL('./plants/09-relu-family.ts', import.meta.url).pathname, correct, plants });
const named = (name: string) => checkNamed(checks, name);
const zeroCheck = named('at z = 0 every derivative takes its left-hand value: reluPrime 0, leakyReluPrime alpha, eluPrime alpha');
const eluPrimeCheck = named("eluPrime matches the engine's autodiff (alpha 1 and 1.7) at 200 random points");
const preluCheck = named('prelu matches the engine, and preluBackward matches its autodiff (dz and the summed dAlpha)');
const preluFdCheck = named('preluBackward agrees with finite differences of Σ dout·prelu(z, alpha) in z and in alpha');
const deadCheck = named('deadFraction counts the columns that are ≤ 0 for every example (random matrices with planted dead units)');

describe('09-relu-family misconceptions are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test('the derivative at 0 taken as 1 (right-hand value)', () => {
    const planted = [
      { ...correct, reluPrime: (z: number) => (z >= 0 ? 1 : 0) },
      { ...correct, leakyReluPrime: (z: number, alpha = 0.01) => (z >= 0 ? 1 : alpha) },
      { ...correct, eluPrime: (z: number, alpha = 1) => (z >= 0 ? 1 : alpha * Math.exp(z)) },
    ];
    for (const module of planted) {
      const message = feedbackOf(zeroCheck, module);
      expect(message).toContain('It looks like the derivative at z = 0 taken as 1 (the right-hand value)');
      expect(message).toContain('lessons/09-relu-family.md#the-derivative-at-zero');
    }
    const preluRight = {
      ...correct,
      preluBackward: (z: number[], alpha: number, dout: number[]) => ({
        dz: z.map((zi, i) => (zi >= 0 ? dout[i]! : alpha * dout[i]!)),
        dAlpha: z.reduce((s, zi, i) => (zi > 0 ? s : s + zi * dout[i]!), 0),
      }),
    };
    expect(feedbackOf(preluCheck, preluRight)).toContain('It looks like the derivative at z = 0 taken as 1');
  });

  test('the ELU derivative written as alpha·e^z for z > 0', () => {
    const message = feedbackOf(eluPrimeCheck, { ...correct, eluPrime: (z: number, alpha = 1) => alpha * Math.exp(z) });
    expect(message).toContain('It looks like the ELU derivative written as alpha·e^z for z > 0 too');
    expect(message).toContain('lessons/09-relu-family.md#the-elu-formulas');
  });

  test('the ELU derivative written as elu(z) instead of elu(z) + alpha', () => {
    const message = feedbackOf(eluPrimeCheck, { ...correct, eluPrime: (z: number, alpha = 1) => (z > 0 ? 1 : correct.elu(z, alpha)) });
    expect(message).toContain('It looks like the ELU derivative written as elu(z) instead of elu(z) + alpha');
    expect(message).toContain('lessons/09-relu-family.md#the-elu-formulas');
  });

  test('dAlpha not summed (one value per element)', () => {
    const perElement = {
      ...correct,
      preluBackward: (z: number[], alpha: number, dout: number[]) => ({
        dz: correct.preluBackward(z, alpha, dout).dz,
        dAlpha: z.map((zi, i) => (zi > 0 ? 0 : zi * dout[i]!)) as unknown as number,
      }),
    };
    for (const check of [preluCheck, preluFdCheck]) {
      const message = feedbackOf(check, perElement);
      expect(message, check.name).toContain('It looks like dAlpha not summed: one value per element returned');
      expect(message, check.name).toContain('lessons/09-relu-family.md#dalpha-not-summed');
    }
  });

  test('dAlpha summed over the positive elements too', () => {
    const overAll = {
      ...correct,
      preluBackward: (z: number[], alpha: number, dout: number[]) => ({
        dz: correct.preluBackward(z, alpha, dout).dz,
        dAlpha: z.reduce((s, zi, i) => s + zi * dout[i]!, 0),
      }),
    };
    for (const check of [preluCheck, preluFdCheck]) {
      expect(feedbackOf(check, overAll), check.name).toContain('It looks like dAlpha summed over the positive elements too');
    }
  });

  test('(also named) deadFraction counting entries, rows, "any", or z < 0', () => {
    const variants: [string, (Z: number[][]) => number][] = [
      ['counting entries ≤ 0 instead of units', (Z) => Z.flat().filter((z) => z <= 0).length / Z.flat().length],
      ['counting rows (examples) instead of columns (units)', (Z) => Z.filter((r) => r.every((z) => z <= 0)).length / Z.length],
      ['a unit counted as dead when ANY example is ≤ 0', (Z) => Z[0]!.filter((_, j) => Z.some((r) => r[j]! <= 0)).length / Z[0]!.length],
      ['z < 0 instead of z ≤ 0', (Z) => Z[0]!.filter((_, j) => Z.every((r) => r[j]! < 0)).length / Z[0]!.length],
    ];
    for (const [name, deadFraction] of variants) {
      const message = feedbackOf(deadCheck, { ...correct, deadFraction });
      expect(message, name).toContain(`It looks like ${name}`);
      expect(message, name).toContain('lessons/09-relu-family.md#counting-dead-units-wrongly');
    }
  });

  test('a missing export is reported by name', () => {
    const { eluPrime: _omitted, ...partial } = correct;
    expect(feedbackOf(eluPrimeCheck, partial)).toContain('must export a function named `eluPrime`');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, relu: () => { throw new Error('TODO: write relu(z)'); } };
    expect(feedbackOf(checks[0]!, stub)).toMatch(/^relu\(.*\) is not written yet: TODO/);
  });
});
