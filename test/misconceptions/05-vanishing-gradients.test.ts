// Unit 05's likely mistakes, planted in an otherwise correct module, must be named by the hidden
// suite with a link to the lesson section that explains them (COURSE.md lists no unit-05-specific
// misconceptions; these are unit 04's carried over plus the ordering and norm slips the lesson names).
import { describe, expect, test } from 'vitest';
import { checks } from '../hidden/05-vanishing-gradients.checks';
import { checkNamed, feedbackOf } from '../support/hidden';

type Matrix = number[][];
type Vector = number[];
type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu';
interface Layer { W: Matrix; b: Vector }
interface LayerGradient { dW: Matrix; db: Vector }

// ---- an independent correct module (plain loops; not imported from solutions/) ----
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const g: Record<Activation, (z: number) => number> = { sigmoid, tanh: Math.tanh, relu: (z) => (z > 0 ? z : 0), leakyRelu: (z) => (z > 0 ? z : 0.01 * z) };
const gPrime: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => sigmoid(z) * sigmoid(-z),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  relu: (z) => (z > 0 ? 1 : 0),
  leakyRelu: (z) => (z > 0 ? 1 : 0.01),
};
const size = (M: Matrix) => `${M.length}x${M[0]!.length}`;
const matmul = (A: Matrix, B: Matrix): Matrix => A.map((r) => B[0]!.map((_, j) => r.reduce((s, a, k) => s + a * B[k]![j]!, 0)));
const T = (M: Matrix): Matrix => M[0]!.map((_, j) => M.map((r) => r[j]!));

interface Plant { noDivide?: boolean; primeAt?: 'A'; pushOrder?: boolean; transposed?: boolean }

function makeDeep(plant: Plant = {}) {
  return (layers: Layer[], X: Matrix, Y: Vector, act: Activation) => {
    if (Y.length !== X.length) throw new Error(`X is ${size(X)} but Y has ${Y.length} entries`);
    let prev = `X is ${size(X)}`;
    let width = X[0]!.length;
    layers.forEach(({ W, b }, l) => {
      if (W.length !== width) throw new Error(`layer ${l} W is ${size(W)} but ${prev}`);
      if (b.length !== W[0]!.length) throw new Error(`layer ${l} W is ${size(W)} but b has ${b.length} entries`);
      prev = `layer ${l} W is ${size(W)}`;
      width = W[0]!.length;
    });
    const L = layers.length, m = X.length;
    const A: Matrix[] = [X], Z: Matrix[] = [];
    layers.forEach(({ W, b }, l) => {
      Z.push(matmul(A[l]!, W).map((r) => r.map((x, j) => x + b[j]!)));
      A.push(Z[l]!.map((r) => r.map(l === L - 1 ? sigmoid : g[act])));
    });
    const yHat = A[L]!.map((r) => r[0]!);
    const loss = -yHat.reduce((s, p, i) => s + Y[i]! * Math.log(p) + (1 - Y[i]!) * Math.log(1 - p), 0) / m;
    const k = plant.noDivide ? 1 : m;
    const grads: LayerGradient[] = [];
    let delta = yHat.map((p, i) => [p - Y[i]!]);
    for (let l = L - 1; l >= 0; l--) {
      const dW = matmul(T(A[l]!), delta).map((r) => r.map((x) => x / k));
      const grad = { dW: plant.transposed ? T(dW) : dW, db: T(delta).map((col) => col.reduce((s, x) => s + x, 0) / k) };
      if (plant.pushOrder) grads.push(grad);
      else grads[l] = grad;
      if (l > 0) {
        const at = plant.primeAt === 'A' ? A[l]! : Z[l - 1]!;
        delta = matmul(delta, T(layers[l]!.W)).map((r, i) => r.map((d, j) => d * gPrime[act](at[i]![j]!)));
      }
    }
    return { loss, grads };
  };
}
const layerGradientNorms = (grads: LayerGradient[]) => grads.map(({ dW }) => Math.sqrt(dW.flat().reduce((s, x) => s + x * x, 0)));

const correct = { deepForwardBackward: makeDeep(), layerGradientNorms };
const planted = (plant: Plant) => ({ ...correct, deepForwardBackward: makeDeep(plant) });
const engineCheck = checkNamed(checks, 'deepForwardBackward matches the engine on random small nets, for all four activations');
const normCheck = checkNamed(checks, "layerGradientNorms returns each dW's Frobenius norm, first layer to last");
const link = (anchor: string) => `lessons/05-vanishing-gradients.md#${anchor}`;

describe('05-vanishing-gradients mistakes are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test('gradients listed last layer first', () => {
    const message = feedbackOf(engineCheck, planted({ pushOrder: true }));
    expect(message).toContain('It looks like the gradients are listed last layer first');
    expect(message).toContain(link('reading-the-list-from-the-wrong-end'));
    expect(feedbackOf(checkNamed(checks, 'gradients come back first layer to last, each shaped like its W and b'), planted({ pushOrder: true })))
      .toContain('last layer first');
  });

  test('forgetting /m', () => {
    const message = feedbackOf(engineCheck, planted({ noDivide: true }));
    expect(message).toContain('It looks like forgetting to divide by m');
    expect(message).toContain(link('mistakes-carried-over-from-unit-04'));
  });

  test("g'(A) instead of g'(Z)", () => {
    const message = feedbackOf(engineCheck, planted({ primeAt: 'A' }));
    expect(message).toContain("It looks like g'(A) instead of g'(Z)");
    expect(message).toContain(link('mistakes-carried-over-from-unit-04'));
  });

  test('a transposed dW', () => {
    expect(feedbackOf(engineCheck, planted({ transposed: true }))).toContain('It looks like a transposed dW');
  });

  test('squared, reversed, db-including, L1, max and RMS norms', () => {
    const fro = (M: Matrix) => Math.sqrt(M.flat().reduce((s, x) => s + x * x, 0));
    const variants: [string, (grads: LayerGradient[]) => number[], string][] = [
      ['the squared norm', (gs) => gs.map(({ dW }) => fro(dW) ** 2), 'squared-norms-and-other-sizes'],
      ['the norms listed last layer first', (gs) => layerGradientNorms(gs).reverse(), 'reading-the-list-from-the-wrong-end'],
      ['db included in the norm', (gs) => gs.map(({ dW, db }) => Math.hypot(fro(dW), ...db)), 'squared-norms-and-other-sizes'],
      ['the sum of absolute values', (gs) => gs.map(({ dW }) => dW.flat().reduce((s, x) => s + Math.abs(x), 0)), 'squared-norms-and-other-sizes'],
      ['the largest entry instead of the norm', (gs) => gs.map(({ dW }) => Math.max(...dW.flat().map(Math.abs))), 'squared-norms-and-other-sizes'],
      ['the mean square root (RMS)', (gs) => gs.map(({ dW }) => fro(dW) / Math.sqrt(dW.flat().length)), 'squared-norms-and-other-sizes'],
    ];
    for (const [name, norms, anchor] of variants) {
      const message = feedbackOf(normCheck, { ...correct, layerGradientNorms: norms });
      expect(message, name).toContain(`It looks like ${name}`);
      expect(message, name).toContain(link(anchor));
    }
  });

  test('a sigmoid net whose gradient does not vanish is caught by the experiment check', () => {
    // "Forgetting" the σ' factor makes the sigmoid net's gradient stop decaying.
    const noSlope = { ...correct, deepForwardBackward: (layers: Layer[], X: Matrix, Y: Vector, act: Activation) => makeDeep()(layers, X, Y, act === 'sigmoid' ? 'relu' : act) };
    const message = feedbackOf(checkNamed(checks, "30 sigmoid layers of width 64: the first layer's gradient norm is orders of magnitude below the last's"), noSlope);
    expect(message).toContain('should be far below 1e-6');
    expect(message).toContain(link('the-experiment-30-layers-of-width-64'));
  });

  test('a missing export is reported by name', () => {
    const { layerGradientNorms: _omitted, ...partial } = correct;
    expect(feedbackOf(normCheck, partial)).toContain('must export a function named `layerGradientNorms`');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, deepForwardBackward: () => { throw new Error('TODO: write deepForwardBackward'); } };
    expect(feedbackOf(engineCheck, stub)).toMatch(/^deepForwardBackward\(.* is not written yet: TODO/);
  });
});
