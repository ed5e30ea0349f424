// The live figures without a browser: the reference (grader/engine) gives the numbers the course's
// notes print, every figure computes finite series at every control's extremes, and runYours tells a
// learner's right, missing, throwing and non-finite code apart.
import { describe, expect, test } from 'vitest';
import { loadLive } from '../../src/figures/live/index';
import { defaults, type LiveFigure, type Params, type UnitApi } from '../../src/figures/live/types';
import { runYours } from '../../src/site/live/run-yours';

const { figures: liveFigures, reference, files } = await loadLive();

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

  test("unit 11: the chain's local factors 1 + w·σ'(z_k) written out, product 1.349004 (lesson 11)", () => {
    const s = (z: number) => 1 / (1 + Math.exp(-z));
    const factors = api('11-residual-connections').residualChainLocalGradients!(1, [0.5, 0.5, 0.5]) as number[];
    let a = 1;
    factors.forEach((f) => {
      expect(f).toBeCloseTo(1 + 0.5 * s(0.5 * a) * (1 - s(0.5 * a)), 12);
      a += s(0.5 * a);
    });
    expect(factors.reduce((p, f) => p * f, 1)).toBeCloseTo(1.349004, 6);
    expect(api('11-residual-connections').residualChainForward!(1, [0.5]).a[0]).toBeCloseTo(1.6225, 4);
  });

  test("unit 11: the residual net's gradients against central finite differences of its loss", () => {
    const { residualNetForwardBackward } = api('11-residual-connections');
    const blocks = [{ W: [[0.3, -0.2], [0.1, 0.4]], b: [0.05, -0.1] }, { W: [[-0.5, 0.2], [0.3, 0.1]], b: [0, 0.2] }];
    const head = { W: [[0.7], [-0.4]], b: [0.1] };
    const X = [[0.5, -1], [1.5, 0.3], [-0.2, 0.8]];
    const Y = [1, 0, 1];
    const { grads } = residualNetForwardBackward!(blocks, head, X, Y, 'tanh');
    const h = 1e-6;
    const bumped = (l: number, i: number, j: number, d: number) => {
      const copy = structuredClone([...blocks, head]);
      copy[l]!.W[i]![j]! += d;
      return residualNetForwardBackward!(copy.slice(0, 2), copy[2], X, Y, 'tanh').loss as number;
    };
    for (const [l, i, j] of [[0, 0, 1], [1, 1, 0], [2, 1, 0]] as const) expect(grads[l].dW[i][j]).toBeCloseTo((bumped(l, i, j, h) - bumped(l, i, j, -h)) / (2 * h), 7);
  });

  test('unit 12: makeSpirals without noise puts class c, point i at t·(cos θ, sin θ), θ = 1.5π·t + c·π', () => {
    const { X, Y } = api('12-deep-training').makeSpirals!(4, () => 0.5, 0);
    expect(Y).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    X.forEach(([x, y]: number[], k: number) => {
      const [c, t] = [Math.floor(k / 4), (k % 4) / 4];
      const theta = 1.5 * Math.PI * t + c * Math.PI;
      expect(x).toBeCloseTo(t * Math.cos(theta), 12);
      expect(y).toBeCloseTo(t * Math.sin(theta), 12);
    });
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
  }, 120_000); // 12-training-curves trains a 20-layer net at each of its ~20 settings
});

/** The numbers of a figure's reference series at `params` (the defaults, with changes). */
function at(id: string, changes: Params = {}) {
  const figure = liveFigures.find((f) => f.id === id)!;
  const params = { ...defaults(figure), ...changes };
  const series = figure.compute(params, reference[figure.unit]!);
  return { figure, params, series, readout: figure.readout?.(params, series) ?? '' };
}
const last = (points: [number, number][]) => points[points.length - 1]![1];

describe("the live figures of units 11 and 12 give the lessons' numbers", () => {
  test("11-residual-chain at x = 1, w = 0.5, L = 3: 1.349004 with the skip, unit 02's 0.014043 without", () => {
    const { series, readout } = at('11-residual-chain');
    expect(last(series[0]!.points)).toBeCloseTo(1.349004, 6);
    // unit 02's σ'(z_k) along a_k = σ(0.5·a_{k−1}) from a_0 = 1, by hand
    let a = 1;
    let plain = 1;
    for (let k = 0; k < 3; k++) {
      a = 1 / (1 + Math.exp(-0.5 * a));
      plain *= a * (1 - a);
    }
    expect(plain).toBeCloseTo(0.014043, 6);
    expect(readout).toContain(`unit 02's ∏ σ'(z_k) is 0.01404`);
    expect(readout).toMatch(/^Over 3 layers: 1\.349 with the skip/);
  });

  test("11-block-gradients at 30 sigmoid blocks: ‖dW_1‖/‖dW_30‖ is the lesson's 0.128 with the skips and 1.99e−20 without", () => {
    const { series, readout } = at('11-block-gradients');
    const norms = series[0]!.points;
    expect(norms).toHaveLength(30);
    expect(norms[0]![1] / norms[29]![1]).toBeCloseTo(0.128, 3);
    expect(readout).toMatch(/^‖dW_1‖ \/ ‖dW_30‖: 0\.128\d* with the skips, without them 1\.99e-20\.$/);
    // The skip toggle off leaves only the plain net (no series of the learner's to draw), and says so.
    const off = at('11-block-gradients', { skip: false });
    expect(off.series).toEqual([]);
    expect(off.readout).toContain('without them 1.99e-20 (turn the skips on to compare)');
  });

  test("12-training-curves: the stuck sigmoid net, ReLU + He and the clipped hot net give lesson 12's seed-1 numbers", () => {
    const mean10 = (r: string) => Number(/Final loss \(mean of the last 10 steps\) ([\d.]+)/.exec(r)![1]);
    const stuck = at('12-training-curves');
    expect(mean10(stuck.readout)).toBeCloseTo(0.694, 2);
    expect(stuck.readout).toContain('accuracy 0.5;');
    expect(stuck.readout).toContain('‖dW_1‖ / ‖dW_20‖ = 4.75e-12');
    expect(stuck.series[0]!.points).toHaveLength(100);
    const relu = at('12-training-curves', { activation: 'relu', init: 'heNormal', lr: 0.05 });
    expect(mean10(relu.readout)).toBeCloseTo(0.506, 3);
    expect(relu.readout).toContain('accuracy 0.7875');
    expect(relu.readout).toContain('= 1.723');
    const clipped = at('12-training-curves', { activation: 'relu', init: 'heNormal', lr: 0.5, clipNorm: '0.1' });
    expect(mean10(clipped.readout)).toBeCloseTo(0.409, 3);
    expect(clipped.readout).toContain('accuracy 0.9125');
    // The smoothed curve's last point is the mean of the last ten mini-batch losses, the readout's number.
    expect(last(clipped.series[0]!.points)).toBeCloseTo(mean10(clipped.readout), 3);
    // The other view: first- and last-layer norms, one point per step, the first layer's far below at the stuck net's first step.
    const norms = at('12-training-curves', { view: 'norms' }).series;
    expect(norms.map((s) => s.points.length)).toEqual([100, 100]);
    expect(norms[0]!.points[0]![1] / norms[1]!.points[0]![1]).toBeCloseTo(4.75e-12, 13);
  });
});

describe("the live figure of unit 09 gives lesson 09's first run", () => {
  test('09-watching: biases at −10 kill every ReLU unit for good (loss ln 2, gradient exactly 0); leaky ReLU learns', () => {
    const dead = at('09-watching');
    expect(dead.series[0]!.points).toHaveLength(300);
    for (const [, y] of dead.series[0]!.points) expect(y).toBeCloseTo(Math.LN2, 12);
    expect(dead.readout).toMatch(/^After 300 steps: loss 0\.693\d*, 16 of 16 units ≤ 0 on every example; the hidden gradient was exactly 0 in 300 of the 300 steps\.$/);
    const leaky = at('09-watching', { activation: 'leakyRelu' });
    expect(last(leaky.series[0]!.points)).toBeLessThan(0.62);
    expect(leaky.readout).toContain('exactly 0 in 0 of the 300 steps');
    const gradient = at('09-watching', { activation: 'leakyRelu', view: 'hiddenGradNorm' }).series[0]!.points;
    expect(Math.min(...gradient.map(([, y]) => y))).toBeGreaterThan(0);
  });
});

describe("runYours: the learner's code", () => {
  const figure = liveFigures.find((f) => f.id === '01-sigmoid-z')!;
  const params = defaults(figure);
  const right: UnitApi = { sigmoid: (z: number) => 1 / (1 + Math.exp(-z)), sigmoidPrime: (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2 };

  test('right code gives the reference series', () => {
    const answer = runYours(figure, params, right, files);
    expect(answer.state).toBe('ok');
    const ref = figure.compute(params, reference['01-sigmoid']!);
    if (answer.state !== 'ok') return;
    answer.series.forEach((s, i) => s.points.forEach(([, y], k) => expect(y).toBeCloseTo(ref[i]!.points[k]![1], 12)));
  });

  test('a TODO stub, a missing export, a throw and a NaN each say so in one sentence', () => {
    const todo = () => {
      throw new Error('TODO: write sigmoid(z) — see lessons/01-sigmoid.md#the-sigmoid');
    };
    expect(runYours(figure, params, { sigmoid: todo, sigmoidPrime: todo }, files)).toEqual({ job: 0, state: 'missing', message: 'not written yet (exercises/01-sigmoid/index.ts: TODO: write sigmoid(z)).' });
    expect(runYours(figure, params, { sigmoid: right.sigmoid! }, files)).toEqual({ job: 0, state: 'missing', message: 'exercises/01-sigmoid/index.ts does not export sigmoidPrime yet.' });
    const boom = () => {
      throw new Error('z must be a number');
    };
    expect(runYours(figure, params, { ...right, sigmoidPrime: boom }, files)).toEqual({ job: 0, state: 'error', message: 'your code threw: z must be a number' });
    // Unit 12 builds on the learner's earlier units: a stub there is named, not unit 12's file.
    const training = liveFigures.find((f) => f.id === '12-training-curves')!;
    const unfinished04 = () => {
      throw new Error('TODO: write dense(A, W, b) — see lessons/04-backprop-mlp.md#the-forward-pass');
    };
    expect(runYours(training, defaults(training), { makeSpirals: () => ({ X: [], Y: [] }), trainDeepNet: unfinished04 }, files)).toEqual({
      job: 0,
      state: 'missing',
      message: 'not written yet (exercises/04-backprop-mlp/index.ts, which exercises/12-deep-training/index.ts uses: TODO: write dense(A, W, b)).',
    });
    const nan = runYours(figure, params, { ...right, sigmoidPrime: (z: number) => (z > 5 ? NaN : 0.1) }, files);
    expect(nan.state === 'ok' && nan.warning).toMatch(/^your code gave NaN for "σ'\(z\)" at x = 5\.125; the figure leaves those points out\.$/);
  });
});
