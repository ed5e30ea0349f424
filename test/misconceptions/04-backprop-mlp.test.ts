// Each misconception COURSE.md lists for unit 04, planted in an otherwise correct module, must be
// named by the hidden suite with a link to the lesson section that explains it.
import { multiply, transpose } from 'mathjs';
import { describe, expect, test } from 'vitest';
import { checks } from '../hidden/04-backprop-mlp.checks';
import { checkNamed, feedbackOf } from '../support/hidden';

type Matrix = number[][];
type Vector = number[];
type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu';
interface Params { W1: Matrix; b1: Vector; W2: Matrix; b2: Vector }
interface Cache { X: Matrix; Z1: Matrix; A1: Matrix; Z2: Matrix; yHat: Vector }

// ---- an independent correct module, written with mathjs (not imported from solutions/) ----
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const g: Record<Activation, (z: number) => number> = { sigmoid, tanh: Math.tanh, relu: (z) => Math.max(0, z), leakyRelu: (z) => (z > 0 ? z : 0.01 * z) };
const gPrime: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => sigmoid(z) * sigmoid(-z),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  relu: (z) => (z > 0 ? 1 : 0),
  leakyRelu: (z) => (z > 0 ? 1 : 0.01),
};
const size = (M: Matrix) => `${M.length}x${M[0]!.length}`;
const mm = (A: Matrix, B: Matrix) => multiply(A, B) as Matrix;
const T = (M: Matrix) => transpose(M) as Matrix;
const mean = (M: Matrix) => M[0]!.map((_, j) => M.reduce((s, r) => s + r[j]!, 0) / M.length);

function dense(A: Matrix, W: Matrix, b: Vector): Matrix {
  if (A[0]!.length !== W.length) throw new Error(`A is ${size(A)} but W is ${size(W)}`);
  if (W[0]!.length !== b.length) throw new Error(`W is ${size(W)} but b has ${b.length} entries`);
  return mm(A, W).map((row) => row.map((x, j) => x + b[j]!));
}
function forward(p: Params, X: Matrix, hidden: Activation) {
  const Z1 = dense(X, p.W1, p.b1);
  const A1 = Z1.map((r) => r.map(g[hidden]));
  const Z2 = dense(A1, p.W2, p.b2);
  const yHat = Z2.map((r) => sigmoid(r[0]!));
  return { yHat, cache: { X, Z1, A1, Z2, yHat } as Cache };
}
function bceLoss(yHat: Vector, Y: Vector): number {
  if (yHat.length !== Y.length) throw new Error(`yHat has ${yHat.length} entries but Y has ${Y.length}`);
  return -yHat.reduce((s, p, i) => s + (Y[i] ? Y[i]! * Math.log(p) : 0) + (Y[i] !== 1 ? (1 - Y[i]!) * Math.log(1 - p) : 0), 0) / Y.length;
}

/** The backward pass with switches for each planted mistake. */
interface Plant {
  noDivide?: boolean;
  noTranspose?: 'dW2' | 'both'; // dW = A·δ / m
  transposedResult?: boolean; // dW = δᵀ·A / m
  primeAt?: 'A' | 'shortcutOnZ';
}
function makeBackward(plant: Plant = {}) {
  return (p: Params, cache: Cache, Y: Vector, hidden: Activation) => {
    const { X, Z1, A1, yHat } = cache;
    if (Y.length !== yHat.length) throw new Error(`yHat has ${yHat.length} entries but Y has ${Y.length}`);
    const m = plant.noDivide ? 1 : Y.length;
    const avg = (M: Matrix) => mean(M).map((x) => (x * Y.length) / m);
    const weightGrad = (A: Matrix, delta: Matrix, which: 'dW1' | 'dW2') =>
      (plant.noTranspose === 'both' || plant.noTranspose === which ? mm(A, delta) : plant.transposedResult ? mm(T(delta), A) : mm(T(A), delta)).map((r) => r.map((x) => x / m));
    const delta2 = yHat.map((q, i) => [q - Y[i]!]);
    const slope = plant.primeAt === 'A' ? A1.map((r) => r.map(gPrime[hidden]))
      : plant.primeAt === 'shortcutOnZ' ? Z1.map((r) => r.map((z) => (hidden === 'tanh' ? 1 - z * z : z * (1 - z))))
      : Z1.map((r) => r.map(gPrime[hidden]));
    const delta1 = mm(delta2, T(p.W2)).map((r, i) => r.map((d, j) => d * slope[i]![j]!));
    return { dW1: weightGrad(X, delta1, 'dW1'), db1: avg(delta1), dW2: weightGrad(A1, delta2, 'dW2'), db2: avg(delta2) };
  };
}

const correct = { dense, forward, bceLoss, backward: makeBackward() };
const planted = (plant: Plant) => ({ ...correct, backward: makeBackward(plant) });
const fixtureCheck = checkNamed(checks, "backward reproduces the lesson's sigmoid example (the engine's gradients)");
const randomCheck = checkNamed(checks, 'backward matches the engine on random nets, for all four activations');
const squareCheck = checkNamed(checks, 'backward on square batches (m = n_in = h), where a missing transpose does not crash');
const link = (anchor: string) => `lessons/04-backprop-mlp.md#${anchor}`;

describe('04-backprop-mlp misconceptions are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test('forgetting /m', () => {
    const message = feedbackOf(fixtureCheck, planted({ noDivide: true }));
    expect(message).toContain('It looks like forgetting to divide by m');
    expect(message).toContain(link('forgetting-to-divide-by-m'));
    expect(feedbackOf(randomCheck, planted({ noDivide: true }))).toContain('forgetting to divide by m');
  });

  test('missing the transpose: A·δ runs on the square fixture and is named', () => {
    const message = feedbackOf(fixtureCheck, planted({ noTranspose: 'dW2' }));
    expect(message).toContain('It looks like missing the transpose: A·δ instead of Aᵀ·δ in dW2');
    expect(message).toContain(link('missing-the-transpose'));
    expect(feedbackOf(squareCheck, planted({ noTranspose: 'both' }))).toContain('missing the transpose: A·δ instead of Aᵀ·δ in dW1');
  });

  test('missing the transpose: elsewhere the product throws, and the message points at the transpose', () => {
    const message = feedbackOf(randomCheck, planted({ noTranspose: 'both' }));
    expect(message).toContain('threw an error');
    expect(message).toContain('missing the transpose');
    expect(message).toContain(link('missing-the-transpose'));
  });

  test('missing the transpose: a gradient in the n_out × n_in orientation is named', () => {
    const message = feedbackOf(fixtureCheck, planted({ transposedResult: true }));
    expect(message).toContain('It looks like missing the transpose: the gradient came back transposed');
    expect(message).toContain(link('missing-the-transpose'));
    expect(feedbackOf(checkNamed(checks, "every gradient has its parameter's shape (non-square nets, all four activations)"), planted({ transposedResult: true })))
      .toContain('shape of the transpose');
  });

  test("σ'(A) instead of σ'(Z), and tanh'(A) instead of tanh'(Z)", () => {
    const message = feedbackOf(fixtureCheck, planted({ primeAt: 'A' }));
    expect(message).toContain("It looks like σ'(A) instead of σ'(Z)");
    expect(message).toContain(link('using-the-derivative-at-a-instead-of-at-z'));
    expect(feedbackOf(randomCheck, planted({ primeAt: 'A' }))).toContain("σ'(A) instead of σ'(Z)");
    // tanh alone planted: sigmoid correct, so the random check reaches the tanh nets
    const tanhOnly = makeBackward({ primeAt: 'A' });
    const mixed = { ...correct, backward: (p: Params, c: Cache, Y: Vector, h: Activation) => (h === 'tanh' ? tanhOnly : correct.backward)(p, c, Y, h) };
    expect(feedbackOf(randomCheck, mixed)).toContain("It looks like tanh'(A) instead of tanh'(Z)");
  });

  test('the a(1−a) shortcut applied to Z', () => {
    const message = feedbackOf(fixtureCheck, planted({ primeAt: 'shortcutOnZ' }));
    expect(message).toContain('It looks like the shortcut a(1−a) applied to Z instead of to A');
    expect(message).toContain(link('using-the-derivative-at-a-instead-of-at-z'));
  });

  test('bceLoss: the sum instead of the mean, and 0·log 0 = NaN', () => {
    const sum = { ...correct, bceLoss: (p: Vector, y: Vector) => bceLoss(p, y) * y.length };
    const message = feedbackOf(checkNamed(checks, "bceLoss matches the engine's mean binary cross-entropy on random predictions"), sum);
    expect(message).toContain('It looks like the sum over examples instead of the mean');
    expect(message).toContain(link('forgetting-to-divide-by-m'));
    const naive = { ...correct, bceLoss: (p: Vector, y: Vector) => -p.reduce((s, q, i) => s + y[i]! * Math.log(q) + (1 - y[i]!) * Math.log(1 - q), 0) / y.length };
    const nan = feedbackOf(checkNamed(checks, 'bceLoss is 0, not NaN, for confident correct predictions (ŷ = y = 0 or 1)'), naive);
    expect(nan).toContain('It looks like 0·log 0 evaluated as NaN');
    expect(nan).toContain(link('the-loss'));
  });

  test('shape errors that do not name both shapes are reported', () => {
    const vague = { ...correct, dense: (A: Matrix, W: Matrix, b: Vector) => { if (A[0]!.length !== W.length) throw new Error('shape mismatch'); return dense(A, W, b); } };
    const message = feedbackOf(checkNamed(checks, 'dense and forward throw on mismatched shapes, naming both shapes'), vague);
    expect(message).toContain('should name both shapes');
  });

  test('mutating an input is reported', () => {
    const mutating = { ...correct, forward: (p: Params, X: Matrix, h: Activation) => { p.b1[0] = 0; return forward(p, X, h); } };
    expect(feedbackOf(checkNamed(checks, 'no input is changed by dense, forward, bceLoss or backward'), mutating)).toContain('changed its input');
  });

  test('a missing export is reported by name', () => {
    const { backward: _omitted, ...partial } = correct;
    expect(feedbackOf(fixtureCheck, partial)).toContain('must export a function named `backward`');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, backward: () => { throw new Error('TODO: write backward(params, cache, Y, hidden)'); } };
    expect(feedbackOf(fixtureCheck, stub)).toMatch(/^backward\(.* is not written yet: TODO/);
  });
});
