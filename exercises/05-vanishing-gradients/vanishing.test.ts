// Public tests for unit 05. Run: npm test -- 05
// `@impl/05-vanishing-gradients` is your exercises/05-vanishing-gradients/index.ts.
// The numbers are the lesson's (lessons/05-vanishing-gradients.md).
import { describe, test } from 'vitest';
import { checkDeepBackward, deepForwardBackward, layerGradientNorms, type Activation, type Layer, type LayerGradient } from '@impl/05-vanishing-gradients';
import { gaussian, randomMatrix, seededRng } from '@course/random';
import { attempt, expectClose, judge, expectShape, expectShapeError, expectUnchanged, Feedback, nameSlip, snapshot } from '@course/testing';
import { bind } from '@course/misconceptions';
import * as catalogue from '@course/misconceptions/05-vanishing-gradients';
import { onTheFixture as unit04Fixture } from '@course/misconceptions/04-backprop-mlp';

const tol = { atol: 1e-7, rtol: 1e-6 };
// Known slips are named from the grader's own catalogue (lib/misconceptions/05-vanishing-gradients.ts).
const layerSlips = (field: 'dW' | 'db', m: number, right: number[][] | number[], known = {}) => bind(catalogue.layerGradient, { field, m, right, known });

/** The lesson's experiment: 29 hidden layers of width 64 and one sigmoid output unit, zero biases, a batch of 16. */
function deepNet(seed: number, std: (fanIn: number) => number) {
  const rng = seededRng(seed);
  const widths = [64, ...Array<number>(29).fill(64), 1];
  const layers: Layer[] = widths.slice(1).map((nOut, l) => ({ W: randomMatrix(widths[l]!, nOut, () => gaussian(rng, 0, std(widths[l]!))), b: Array<number>(nOut).fill(0) }));
  const X = randomMatrix(16, 64, () => gaussian(rng));
  const Y = Array.from({ length: 16 }, () => (rng() < 0.5 ? 0 : 1));
  return { layers, X, Y };
}

function run(layers: Layer[], X: number[][], Y: number[], activation: Activation, what: string) {
  return attempt(() => deepForwardBackward(layers, X, Y, activation), { call: `deepForwardBackward(${what}, '${activation}')`, lesson: '05-vanishing-gradients#backprop-through-l-layers' });
}

function norms(grads: { dW: number[][]; db: number[] }[], what: string): number[] {
  return attempt(() => layerGradientNorms(grads), { call: `layerGradientNorms(grads of ${what})`, lesson: '05-vanishing-gradients#measuring-a-layers-gradient' });
}

describe('05 · backprop through L layers', () => {
  const lesson = '05-vanishing-gradients#backprop-through-l-layers';

  test('one layer is logistic regression: dW = Xᵀ(ŷ − Y)/m', () => {
    const r = run([{ W: [[0.5], [-0.5]], b: [0] }], [[1, 2]], [1], 'sigmoid', 'one layer W [[0.5], [-0.5]], X [[1, 2]], Y [1]');
    expectClose(() => r.loss, 0.974076984, { call: 'deepForwardBackward(one layer, …).loss', lesson, ...tol });
    expectClose(() => r.grads[0]!.dW, [[-0.622459331], [-1.24491866]], { call: 'deepForwardBackward(one layer, …).grads[0].dW', lesson, ...tol, misconceptions: layerSlips('dW', 1, [[-0.622459331], [-1.24491866]]) });
    expectClose(() => r.grads[0]!.db, [-0.622459331], { call: 'deepForwardBackward(one layer, …).grads[0].db', lesson, ...tol, misconceptions: layerSlips('db', 1, [-0.622459331]) });
  });

  test("two layers reproduce unit 04's worked example", () => {
    const X = [[0.5, 1.5], [-1.2, 0.2], [0.3, -0.7]];
    const layers = [{ W: [[0.1, 0.4, -0.5], [-0.2, 0.3, 0.2]], b: [0.01, -0.02, 0.03] }, { W: [[0.3], [-0.6], [0.2]], b: [0.05] }];
    const r = run(layers, X, [1, 0, 1], 'sigmoid', "unit 04's fixture");
    const call = "deepForwardBackward(unit 04's fixture, 'sigmoid')";
    const dW1 = [[-0.0257305309, 0.0491708101, -0.0161580500], [-0.00825729156, 0.0135338320, -0.00589318371]];
    const dW2 = [[-0.0868762706], [-0.124462160], [-0.0481816135]];
    expectClose(() => r.loss, 0.722999805, { call: `${call}.loss`, lesson, ...tol, misconceptions: bind(catalogue.loss, { m: 3, right: 0.722999805 }) });
    nameSlip(r.grads, bind(catalogue.gradsOrder, { right: [dW1, dW2] }), `${call}: grads[0].dW should be the first layer's (2x3), grads[1].dW the output layer's (3x1).`);
    const atA = unit04Fixture.sigmoid['at-a']!;
    expectClose(() => r.grads[0]!.dW, dW1, { call: `${call}.grads[0].dW (the first layer)`, lesson: '05-vanishing-gradients#reading-the-list-from-the-wrong-end', ...tol, misconceptions: layerSlips('dW', 3, dW1, { 'at-a': atA.dW1 }) });
    expectClose(() => r.grads[0]!.db, [-0.0123000317, 0.0237287937, -0.00909771566], { call: `${call}.grads[0].db`, lesson, ...tol, misconceptions: layerSlips('db', 3, [-0.0123000317, 0.0237287937, -0.00909771566], { 'at-a': atA.db1 }) });
    expectClose(() => r.grads[1]!.dW, dW2, { call: `${call}.grads[1].dW (the output layer)`, lesson, ...tol, misconceptions: layerSlips('dW', 3, dW2) });
    expectClose(() => r.grads[1]!.db, [-0.166859912], { call: `${call}.grads[1].db`, lesson, ...tol, misconceptions: layerSlips('db', 3, [-0.166859912]) });
  });

  test('every gradient has its layer\'s shape, first layer to last (widths 3→5→2→4→1)', () => {
    const rng = seededRng(7);
    const widths = [3, 5, 2, 4, 1];
    const layers = widths.slice(1).map((n, l) => ({ W: randomMatrix(widths[l]!, n, () => gaussian(rng, 0, 0.5)), b: Array<number>(n).fill(0.1) }));
    const r = run(layers, randomMatrix(6, 3, () => gaussian(rng)), [1, 0, 0, 1, 1, 0], 'tanh', 'a 3→5→2→4→1 net');
    layers.forEach(({ W }, l) => {
      expectShape(() => r.grads[l]!.dW, `${W.length}x${W[0]!.length}`, { call: `grads[${l}].dW`, lesson: '05-vanishing-gradients#reading-the-list-from-the-wrong-end' });
      expectShape(() => r.grads[l]!.db, `${W[0]!.length}`, { call: `grads[${l}].db`, lesson });
    });
  });

  test('shape mismatches throw, naming both shapes: layer against layer, X against W, W against b, Y against X', () => {
    const layers = [{ W: [[1, 1, 1], [1, 1, 1]], b: [0, 0, 0] }, { W: [[1], [1]], b: [0] }];
    expectShapeError(() => deepForwardBackward(layers, [[1, 2]], [1], 'relu'), ['2x3', '2x1'], { call: 'deepForwardBackward(layers 2x3 → 2x1, …)', lesson });
    const fits = [{ W: [[1, 1, 1], [1, 1, 1]], b: [0, 0, 0] }, { W: [[1], [1], [1]], b: [0] }];
    expectShapeError(() => deepForwardBackward(fits, [[1, 2, 3, 4]], [1], 'relu'), ['1x4', '2x3'], { call: 'deepForwardBackward(layers 2x3 → 3x1, X 1x4, …)', lesson });
    expectShapeError(() => deepForwardBackward([fits[0]!, { W: [[1], [1], [1]], b: [0, 0] }], [[1, 2]], [1], 'relu'), ['3x1', '2'], { call: 'deepForwardBackward(last layer W 3x1 with b of 2, …)', lesson });
    expectShapeError(() => deepForwardBackward(fits, [[1, 2], [3, 4], [5, 6]], [1, 0], 'relu'), ['3x2', '2'], { call: 'deepForwardBackward(…, X 3x2, Y of 2, …)', lesson });
  });

  test('saturated sigmoid and tanh layers (weights ×30) give zero early gradients, never NaN', () => {
    const big = [{ W: [[30, -30], [-30, 30]], b: [0, 0] }, { W: [[30, 30], [-30, 30]], b: [0, 0] }, { W: [[1], [-1]], b: [0] }];
    for (const activation of ['sigmoid', 'tanh'] as const) {
      const r = run(big, [[20, -20], [-15, 25]], [1, 0], activation, 'a net with weights ±30');
      for (const [l, g] of (r?.grads ?? []).entries()) {
        const values = [g?.dW, g?.db].flat(2) as number[];
        if (values.length === 0 || !values.every(Number.isFinite)) {
          throw new Feedback(`deepForwardBackward(a net with weights ±30, '${activation}').grads[${l}] contains ${JSON.stringify(g)}: saturated units give tiny or zero gradients, never NaN (see unit 01 on overflow).`, '01-sigmoid#computing-it-without-overflow');
        }
      }
    }
  });

  test('inputs are left unchanged', () => {
    const layers = [{ W: [[0.5, -0.2], [0.1, 0.3]], b: [0, 0.1] }, { W: [[1], [-1]], b: [0] }];
    const X = [[1, 2], [3, -1]];
    const Y = [1, 0];
    const before = snapshot({ layers, X, Y });
    run(layers, X, Y, 'leakyRelu', 'a 2-layer net');
    expectUnchanged(before, { layers, X, Y }, { call: "deepForwardBackward(layers, X, Y, 'leakyRelu')", lesson, argument: 'layers, X or Y' });
  });
});

describe("05 · measuring a layer's gradient", () => {
  const lesson = '05-vanishing-gradients#measuring-a-layers-gradient';
  test('layerGradientNorms: ‖[[3, 4]]‖ = 5 and ‖[[1], [2], [2]]‖ = 3, in order', () => {
    const grads = [{ dW: [[3, 4]], db: [7, 7] }, { dW: [[1], [2], [2]], db: [7] }];
    const before = snapshot(grads);
    expectClose(() => layerGradientNorms(grads), [5, 3], {
      call: 'layerGradientNorms([{ dW: [[3, 4]], db: [7, 7] }, { dW: [[1], [2], [2]], db: [7] }])',
      lesson,
      misconceptions: bind(catalogue.layerGradientNorms, { grads, right: [5, 3] }),
    });
    expectUnchanged(before, grads, { call: 'layerGradientNorms(grads)', lesson, argument: 'grads' });
  });
  test('a zero gradient has norm 0', () => {
    expectClose(() => layerGradientNorms([{ dW: [[0, 0], [0, 0]], db: [0, 0] }]), [0], { call: 'layerGradientNorms([{ dW: [[0, 0], [0, 0]], db: [0, 0] }])', lesson });
  });
});

describe('05 · the experiment: 30 layers of width 64', () => {
  const lesson = '05-vanishing-gradients#the-experiment-30-layers-of-width-64';

  test("sigmoid, std 1/√n: the first layer's norm is about 1.56e-18 times the last's", () => {
    const { layers, X, Y } = deepNet(5, (n) => Math.sqrt(1 / n));
    const n = norms(run(layers, X, Y, 'sigmoid', "the lesson's sigmoid net (seed 5)").grads, 'the sigmoid net');
    const ratio = n[0]! / n[29]!;
    if (!(ratio < 1e-6)) throw new Feedback(`‖dW_1‖ / ‖dW_30‖ = ${ratio.toExponential(3)} for the sigmoid net, but it should be orders of magnitude below 1 (the lesson measures 1.56e-18).`, lesson);
    expectClose(() => ratio, 1.5561944e-18, { call: '‖dW_1‖ / ‖dW_30‖ for the sigmoid net (seed 5)', lesson, rtol: 1e-6, atol: 0 });
    expectClose(() => n[29]!, 0.70551401, { call: '‖dW_30‖ for the sigmoid net (seed 5)', lesson, rtol: 1e-6 });
  });

  test("ReLU with He init: the first layer's norm stays close to the last's (ratio 0.535)", () => {
    const { layers, X, Y } = deepNet(5, (n) => Math.sqrt(2 / n));
    const n = norms(run(layers, X, Y, 'relu', "the lesson's ReLU net (seed 5)").grads, 'the ReLU net');
    const ratio = n[0]! / n[29]!;
    if (!(ratio > 1e-2 && ratio < 1e2)) throw new Feedback(`‖dW_1‖ / ‖dW_30‖ = ${ratio.toExponential(3)} for the ReLU + He net, but it should stay within a factor of 100 of 1 (the lesson measures 0.535).`, lesson);
    expectClose(() => ratio, 0.53514963, { call: '‖dW_1‖ / ‖dW_30‖ for the ReLU + He net (seed 5)', lesson, rtol: 1e-6 });
  });
});

describe('05 · checking the deep backward pass with your unit 03 gradientCheck', () => {
  const lesson = '05-vanishing-gradients#checking-the-deep-backward-pass';
  // Unit 04's fixture as a 2-layer net, with its right sigmoid gradients (to 9 or more digits).
  const X = [[0.5, 1.5], [-1.2, 0.2], [0.3, -0.7]];
  const Y = [1, 0, 1];
  const layers: Layer[] = [{ W: [[0.1, 0.4, -0.5], [-0.2, 0.3, 0.2]], b: [0.01, -0.02, 0.03] }, { W: [[0.3], [-0.6], [0.2]], b: [0.05] }];
  const right: LayerGradient[] = [
    { dW: [[-0.0257305309, 0.0491708101, -0.0161580500], [-0.00825729156, 0.0135338320, -0.00589318371]], db: [-0.0123000317, 0.0237287937, -0.00909771566] },
    { dW: [[-0.0868762706], [-0.124462160], [-0.0481816135]], db: [-0.166859912] },
  ];
  // A 3-layer net (widths 2→4→3→1), seeded, for your own deepForwardBackward.
  const rng = seededRng(505);
  const deeper: Layer[] = [[2, 4], [4, 3], [3, 1]].map(([nIn, nOut]) => ({ W: randomMatrix(nIn!, nOut!, () => gaussian(rng, 0, 0.8)), b: Array.from({ length: nOut! }, () => gaussian(rng, 0, 0.1)) }));
  const X3 = randomMatrix(5, 2, () => gaussian(rng));
  const Y3 = [1, 0, 0, 1, 1];

  const norm = (v: number[]) => Math.sqrt(v.reduce((s, t) => s + t * t, 0));
  const relErr = (a: number[], b: number[]) => norm(a.map((t, i) => t - b[i]!)) / (norm(a) + norm(b));
  /** Your deepForwardBackward's loss, with these gradients whatever the layers. */
  const handing = (grads: LayerGradient[]) => (ls: Layer[], x: number[][], y: number[], a: Activation) => ({ loss: deepForwardBackward(ls, x, y, a).loss, grads: structuredClone(grads) });

  /**
   * Every layer's W and b checks: error within 1e-8 of `expected` (right gradients give ~1e-10), ok
   * exactly when it is below 1e-7. `reference` is the right gradient, for naming a slip.
   */
  function expectChecks(call: string, net: { layers: Layer[]; X: number[][]; Y: number[] }, handed: LayerGradient[] | undefined, reference: LayerGradient[], expected: (l: number, p: 'W' | 'b') => number) {
    const result = attempt(() => (handed ? checkDeepBackward(net.layers, net.X, net.Y, 'sigmoid', handing(handed)) : checkDeepBackward(net.layers, net.X, net.Y, 'sigmoid')), { call, lesson });
    if (!Array.isArray(result) || result.length !== net.layers.length) throw new Feedback(`${call} returned ${JSON.stringify(result)}; it should return one { W, b } per layer (${net.layers.length} here).`, lesson);
    net.layers.forEach(({ W, b }, l) => {
      for (const p of ['W', 'b'] as const) {
        const got = result[l]?.[p];
        if (typeof got?.error !== 'number' || typeof got.ok !== 'boolean') throw new Feedback(`${call}[${l}].${p} is ${JSON.stringify(got)}; it should be unit 03's { error, ok }.`, lesson);
        const cols = W[0]!.length;
        const f = (v: number[]) => deepForwardBackward(net.layers.map((old, k) => (k !== l ? old : p === 'W' ? { W: W.map((_, i) => v.slice(i * cols, (i + 1) * cols)), b } : { W, b: v })), net.X, net.Y, 'sigmoid').loss;
        const pick = (g: LayerGradient[]) => (p === 'W' ? g[l]!.dW.flat() : g[l]!.db);
        judge(got.error, {
          call: `${call}[${l}].${p}.error`,
          expected: expected(l, p),
          lesson,
          atol: 1e-8,
          rtol: 1e-6,
          misconceptions: bind(catalogue.checkDeepBackward, { f, x: p === 'W' ? W.flat() : b, analytic: pick(handed ?? reference), numeric: pick(reference), right: expected(l, p) }),
        });
        if (got.ok !== expected(l, p) < 1e-7) {
          throw new Feedback(`${call}[${l}].${p}.ok is ${got.ok} for an error of ${got.error}. Unit 03 needs fixing: gradientCheck's ok is true exactly when the error is below 1e-7.`, '03-gradient-check#the-gradient-check');
        }
      }
    });
  }

  test('your own deepForwardBackward (the default) passes on a 3-layer net: every W and b ok', () => {
    const own = run(deeper, X3, Y3, 'sigmoid', 'a 3-layer net').grads;
    expectChecks("checkDeepBackward(a 3-layer net, X, Y, 'sigmoid') with your own deepForwardBackward (if its tests fail, fix those first)", { layers: deeper, X: X3, Y: Y3 }, undefined, own, () => 0);
  });

  test("a forward-backward without the /m fails every layer (error 0.5); g'(A) for g'(Z) fails the first layer only", () => {
    const net = { layers, X, Y };
    const times3 = right.map(({ dW, db }) => ({ dW: dW.map((r) => r.map((x) => 3 * x)), db: db.map((x) => 3 * x) }));
    expectChecks("checkDeepBackward(unit 04's fixture, 'sigmoid', a forward-backward without the /m)", net, times3, right, () => 0.5);
    const atA = unit04Fixture.sigmoid['at-a']!;
    const slipped = [{ dW: atA.dW1 as number[][], db: atA.db1 as number[] }, right[1]!];
    expectChecks("checkDeepBackward(unit 04's fixture, 'sigmoid', a forward-backward with σ'(A) for σ'(Z))", net, slipped, right, (l, p) =>
      l === 1 ? 0 : p === 'W' ? relErr(slipped[0]!.dW.flat(), right[0]!.dW.flat()) : relErr(slipped[0]!.db, right[0]!.db));
  });

  test('a gradient shaped unlike its parameter, or one gradient too few, throws naming both', () => {
    const transposed = [right[0]!, { dW: [[-0.0868762706, -0.124462160, -0.0481816135]], db: [-0.166859912] }];
    expectShapeError(() => checkDeepBackward(layers, X, Y, 'sigmoid', handing(transposed)), ['1x3', '3x1'], { call: "checkDeepBackward(unit 04's fixture, 'sigmoid', a forward-backward whose layer 1 dW is 1x3)", lesson });
    expectShapeError(() => checkDeepBackward(layers, X, Y, 'sigmoid', handing(right.slice(1))), ['1', '2'], { call: "checkDeepBackward(2 layers, X, Y, 'sigmoid', a forward-backward returning 1 gradient)", lesson });
  });

  test('checkDeepBackward leaves layers, X and Y unchanged', () => {
    const before = snapshot({ deeper, X3, Y3 });
    attempt(() => checkDeepBackward(deeper, X3, Y3, 'tanh'), { call: "checkDeepBackward(a 3-layer net, X, Y, 'tanh')", lesson });
    expectUnchanged(before, { deeper, X3, Y3 }, { call: "checkDeepBackward(a 3-layer net, X, Y, 'tanh')", lesson, argument: 'layers, X or Y' });
  });
});
