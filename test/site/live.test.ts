// The live figures without a browser: the reference (grader/engine) gives the numbers the course's
// notes print, every figure computes finite series at every control's extremes, and runYours tells a
// learner's right, missing, throwing and non-finite code apart.
import { describe, expect, test } from 'vitest';
import { liveFigures } from '../../src/figures/live/index';
import { reference } from '../../src/figures/live/reference';
import { defaults, type LiveFigure, type Params, type UnitApi } from '../../src/figures/live/types';
import { runYours } from '../../src/site/live/run-yours';

type Fn = (...args: unknown[]) => any;
const api = (unit: string) => reference[unit] as unknown as Record<string, Fn>;

describe('the live figures\' reference, built on grader/engine', () => {
  test("unit 01: σ'(2), σ'(5), σ'(10) and tanh'(0) as COURSE.md prints them", () => {
    const { sigmoid, sigmoidPrime, tanhPrime } = api('01-sigmoid');
    expect(sigmoid!(0)).toBe(0.5);
    expect(sigmoidPrime!(2)).toBeCloseTo(0.104994, 6);
    expect(sigmoidPrime!(5)).toBeCloseTo(0.0066481, 7);
    expect(sigmoidPrime!(10)).toBeCloseTo(4.5396e-5, 9);
    expect(tanhPrime!(0)).toBe(1);
  });

  test('unit 02: dL/dw_k of the notes\' chain x = 1, w = [0.5, 0.5, 0.5] against finite differences', () => {
    const forward = (w: number[]) => w.reduce((a, wk) => 1 / (1 + Math.exp(-wk * a)), 1);
    const w = [0.5, 0.5, 0.5];
    const { dw } = api('02-chain-rule').chainBackward!(1, w, 1);
    w.forEach((_, k) => {
      const h = 1e-6;
      const bump = (d: number) => forward(w.map((v, j) => (j === k ? v + d : v)));
      expect(dw[k]).toBeCloseTo((bump(h) - bump(-h)) / (2 * h), 8);
    });
  });

  test("unit 04: the fixture's loss is the mean BCE of a forward pass written out by hand", () => {
    const { forward, bceLoss } = api('04-backprop-mlp');
    const X = [[0.5, 1.5], [-1.2, 0.2], [0.3, -0.7]];
    const Y = [1, 0, 1];
    const p = { W1: [[0.1, 0.4, -0.5], [-0.2, 0.3, 0.2]], b1: [0.01, -0.02, 0.03], W2: [[0.3], [-0.6], [0.2]], b2: [0.05] };
    const s = (z: number) => 1 / (1 + Math.exp(-z));
    const yHat = X.map((x) => s(p.b2[0]! + [0, 1, 2].reduce((acc, j) => acc + p.W2[j]![0]! * s(p.b1[j]! + x[0]! * p.W1[0]![j]! + x[1]! * p.W1[1]![j]!), 0)));
    const loss = -Y.reduce((acc, y, i) => acc + y * Math.log(yHat[i]!) + (1 - y) * Math.log(1 - yHat[i]!), 0) / 3;
    const out = forward!(p, X, 'sigmoid');
    out.yHat.forEach((v: number, i: number) => expect(v).toBeCloseTo(yHat[i]!, 12));
    expect(bceLoss!(out.yHat, Y)).toBeCloseTo(loss, 12);
  });

  test('unit 06: diag(1.5) and diag(0.5) at L = 30 give 1.5^29 ≈ 127834 and 0.5^29 ≈ 1.86e−9', () => {
    const { deepLinearOutput } = api('06-exploding-gradients');
    expect(deepLinearOutput!([[1.5, 0], [0, 1.5]], 30, [1, 1])[0]).toBeCloseTo(127834.04, 1);
    expect(deepLinearOutput!([[0.5, 0], [0, 0.5]], 30, [1, 1])[0]).toBeCloseTo(1.8626e-9, 12);
  });

  test('unit 10: [[3, 4]] clipped to global norm 1 is [[0.59999988, 0.79999984]], total norm 5', () => {
    const { clipped, totalNorm } = api('10-gradient-clipping').clipByGlobalNorm!([[[3, 4]]], 1);
    expect(totalNorm).toBe(5);
    expect(clipped[0][0][0]).toBeCloseTo(0.59999988, 8);
    expect(clipped[0][0][1]).toBeCloseTo(0.79999984, 8);
  });

  test('unit 07: Xavier and He variances within 5% of 2/(n_in+n_out) and 2/n on 256×256', () => {
    let seed = 1;
    const rng = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const variance = (M: number[][]) => M.flat().reduce((s, x) => s + x * x, 0) / M.flat().length;
    expect(variance(api('07-weight-init').xavierNormal!(256, 256, rng)) / (2 / 512)).toBeCloseTo(1, 1);
    expect(variance(api('07-weight-init').heNormal!(256, 256, rng)) / (2 / 256)).toBeCloseTo(1, 1);
  });

  test('unit 08: every column of the output has mean 0 and (biased) variance 1', () => {
    const X = [[1, 2], [3, 5], [0, -1], [4, 1]];
    const { out } = api('08-batch-norm').batchNormForward!(X, [1, 1], [0, 0], { runningMean: [0, 0], runningVar: [1, 1] }, { training: true });
    for (const j of [0, 1]) {
      const col = out.map((r: number[]) => r[j]);
      expect(col.reduce((s: number, x: number) => s + x, 0) / 4).toBeCloseTo(0, 9);
      expect(col.reduce((s: number, x: number) => s + x * x, 0) / 4).toBeCloseTo(1, 4);
    }
  });
});

/** Each control at its minimum, its maximum and every option, the others at their defaults. */
function settings(figure: LiveFigure): Params[] {
  const base = defaults(figure);
  return figure.controls.flatMap((c) =>
    c.kind === 'range' ? [{ ...base, [c.name]: c.min }, { ...base, [c.name]: c.max }] : c.kind === 'select' ? c.options.map((o) => ({ ...base, [c.name]: o.value })) : [{ ...base, [c.name]: true }, { ...base, [c.name]: false }],
  );
}

describe('every live figure', () => {
  test.each(liveFigures.map((f) => [f.id, f] as const))('%s computes finite series and a chart at every setting', (_id, figure) => {
    for (const params of settings(figure)) {
      const series = figure.compute(params, reference[figure.unit]!);
      for (const s of series) for (const [x, y] of s.points) expect(Number.isFinite(x) && Number.isFinite(y), `${s.name} at ${JSON.stringify(params)}`).toBe(true);
      expect(figure.chart(params, series, []).title.length).toBeGreaterThan(0);
    }
  });
});

describe("runYours: the learner's code", () => {
  const figure = liveFigures.find((f) => f.id === '01-sigmoid-z')!;
  const params = defaults(figure);
  const right: UnitApi = { sigmoid: (z: number) => 1 / (1 + Math.exp(-z)), sigmoidPrime: (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2 };

  test('right code gives the reference series', () => {
    const answer = runYours(figure, params, right);
    expect(answer.state).toBe('ok');
    const ref = figure.compute(params, reference['01-sigmoid']!);
    if (answer.state !== 'ok') return;
    answer.series.forEach((s, i) => s.points.forEach(([, y], k) => expect(y).toBeCloseTo(ref[i]!.points[k]![1], 12)));
  });

  test('a TODO stub, a missing export, a throw and a NaN each say so in one sentence', () => {
    const todo = () => {
      throw new Error('TODO: write sigmoid(z) — see lessons/01-sigmoid.md#the-sigmoid');
    };
    expect(runYours(figure, params, { sigmoid: todo, sigmoidPrime: todo })).toEqual({ job: 0, state: 'missing', message: 'not written yet (exercises/01-sigmoid/index.ts: TODO: write sigmoid(z)).' });
    expect(runYours(figure, params, { sigmoid: right.sigmoid! })).toEqual({ job: 0, state: 'missing', message: 'exercises/01-sigmoid/index.ts does not export sigmoidPrime yet.' });
    const boom = () => {
      throw new Error('z must be a number');
    };
    expect(runYours(figure, params, { ...right, sigmoidPrime: boom })).toEqual({ job: 0, state: 'error', message: 'your code threw: z must be a number' });
    const nan = runYours(figure, params, { ...right, sigmoidPrime: (z: number) => (z > 5 ? NaN : 0.1) });
    expect(nan.state === 'ok' && nan.warning).toMatch(/^your code gave NaN for "σ'\(z\)" at x = 5\.125; the figure leaves those points out\.$/);
  });
});
