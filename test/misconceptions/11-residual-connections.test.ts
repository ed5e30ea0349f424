// Unit 11's likely mistakes, planted in an otherwise correct module, must be named by the hidden
// suite with a link to the lesson section that explains them.
import { describe, expect, test } from 'vitest';
import { checks } from '../hidden/11-residual-connections.checks';
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

interface Plant { skipInside?: boolean; noOne?: boolean; headFirst?: boolean; noSkipBackward?: boolean; noDivide?: boolean }

function makeChain(plant: Plant = {}) {
  const forward = (x: number, weights: number[]) => {
    const z: number[] = [], a: number[] = [];
    let prev = x;
    for (const w of weights) {
      const zk = w * prev;
      prev = plant.skipInside ? sigmoid(zk + prev) : prev + sigmoid(zk);
      z.push(zk);
      a.push(prev);
    }
    return { z, a };
  };
  const local = (x: number, weights: number[]) => forward(x, weights).z.map((z, k) => (plant.noOne ? 0 : 1) + weights[k]! * gPrime.sigmoid(z));
  return { residualChainForward: forward, residualChainLocalGradients: local };
}

function makeNet(plant: Plant = {}) {
  return (blocks: Layer[], head: Layer, X: Matrix, Y: Vector, act: Activation) => {
    const n = X[0]!.length;
    if (Y.length !== X.length) throw new Error(`X is ${size(X)} but Y has ${Y.length} entries`);
    blocks.forEach(({ W, b }, l) => {
      if (W.length !== n || W[0]!.length !== n) throw new Error(`block ${l} W is ${size(W)} but X is ${size(X)}`);
      if (b.length !== n) throw new Error(`block ${l} W is ${size(W)} but b has ${b.length} entries`);
    });
    if (head.W.length !== n || head.W[0]!.length !== 1) throw new Error(`head W is ${size(head.W)} but X is ${size(X)}`);
    const m = X.length;
    const A: Matrix[] = [X], Z: Matrix[] = [];
    blocks.forEach(({ W, b }, l) => {
      Z.push(matmul(A[l]!, W).map((r) => r.map((x, j) => x + b[j]!)));
      A.push(A[l]!.map((r, i) => r.map((x, j) => (plant.skipInside ? g[act](Z[l]![i]![j]! + x) : x + g[act](Z[l]![i]![j]!)))));
    });
    const top = A[blocks.length]!;
    const logits = matmul(top, head.W).map((r) => r[0]! + head.b[0]!);
    const loss = logits.reduce((s, z, i) => s + Math.max(z, 0) - z * Y[i]! + Math.log1p(Math.exp(-Math.abs(z))), 0) / m;
    const k = plant.noDivide ? 1 : m;
    const dh = logits.map((z, i) => [sigmoid(z) - Y[i]!]);
    const headGrad = { dW: matmul(T(top), dh).map((r) => r.map((x) => x / k)), db: [dh.reduce((s, r) => s + r[0]!, 0) / k] };
    const grads: LayerGradient[] = [];
    let G = matmul(dh, T(head.W));
    for (let l = blocks.length - 1; l >= 0; l--) {
      const delta = G.map((r, i) => r.map((d, j) => d * gPrime[act](Z[l]![i]![j]!)));
      grads[l] = { dW: matmul(T(A[l]!), delta).map((r) => r.map((x) => x / k)), db: T(delta).map((c) => c.reduce((s, x) => s + x, 0) / k) };
      const branch = matmul(delta, T(blocks[l]!.W));
      G = plant.noSkipBackward ? branch : G.map((r, i) => r.map((d, j) => d + branch[i]![j]!));
    }
    return { loss, grads: plant.headFirst ? [headGrad, ...grads] : [...grads, headGrad] };
  };
}

const correct = { ...makeChain(), residualNetForwardBackward: makeNet() };
const link = (anchor: string) => `lessons/11-residual-connections.md#${anchor}`;
const netCheck = checkNamed(checks, 'residualNetForwardBackward matches the engine on random small nets, for all four activations');

describe('11-residual-connections mistakes are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test("forgetting the skip's 1 in the local factor", () => {
    const message = feedbackOf(checkNamed(checks, "residualChainLocalGradients is 1 + w_k·σ'(z_k) (from the engine's autodiff of each block) on 60 random chains"), { ...correct, ...makeChain({ noOne: true }) });
    expect(message).toContain("It looks like the skip's 1 forgotten");
    expect(message).toContain(link('common-mistakes'));
    expect(feedbackOf(checkNamed(checks, "the notes' chain: the residual factors multiply to 1.349004 where unit 02's give 0.014043"), { ...correct, ...makeChain({ noOne: true }) })).toContain("the skip's 1 forgotten");
  });

  test('adding the skip before the activation, in the chain and in the net', () => {
    const chain = feedbackOf(checkNamed(checks, "residualChainForward matches the engine on 60 random chains, and the notes' chain x = 1, w = [0.5, 0.5, 0.5]"), { ...correct, ...makeChain({ skipInside: true }) });
    expect(chain).toContain('It looks like the skip added before the activation');
    const net = feedbackOf(netCheck, { ...correct, residualNetForwardBackward: makeNet({ skipInside: true }) });
    expect(net).toContain('It looks like the skip added before the activation');
    expect(net).toContain(link('common-mistakes'));
  });

  test("the head's gradient first instead of last", () => {
    const message = feedbackOf(netCheck, { ...correct, residualNetForwardBackward: makeNet({ headFirst: true }) });
    expect(message).toContain("It looks like the head's gradient is in the wrong place");
    expect(message).toContain(link('common-mistakes'));
  });

  test('the skip left out of the backward pass', () => {
    const message = feedbackOf(netCheck, { ...correct, residualNetForwardBackward: makeNet({ noSkipBackward: true }) });
    expect(message).toContain('It looks like the skip left out of the backward pass');
    // The 30-block experiment then shows a vanishing gradient again.
    expect(feedbackOf(checkNamed(checks, "30 sigmoid blocks of width 16: ‖dW₁‖/‖dW₃₀‖ stays between 1e-2 and 1e2, where the same plain net's is below 1e-12"), { ...correct, residualNetForwardBackward: makeNet({ noSkipBackward: true }) }))
      .toContain('with the skip it should stay within a factor of 100');
  });

  test('forgetting /m', () => {
    expect(feedbackOf(netCheck, { ...correct, residualNetForwardBackward: makeNet({ noDivide: true }) })).toContain('It looks like forgetting to divide by m');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, residualNetForwardBackward: () => { throw new Error('TODO: write residualNetForwardBackward'); } };
    expect(feedbackOf(netCheck, stub)).toMatch(/^residualNetForwardBackward\(.* is not written yet: TODO/);
  });
});
