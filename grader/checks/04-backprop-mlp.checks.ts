/**
 * Hidden checks for unit 04. Expected values come from the reference engine (autodiff through
 * `mlpGradients`, `matmul`, `bce`) and from centred finite differences of the engine's loss,
 * never from solutions/. Wrong answers are recognised from the values the misconceptions of
 * COURSE.md produce, computed here from the engine's Z and A.
 */
import { Tensor, add, bce, matmul, mlpGradients, numericalGradient, type Activation } from '../engine/index';
import { describe as show, shapeOf } from '../../lib/compare';
import { gaussian, seededRng } from '../../lib/random';
import { attempt, expectShapeError, expectUnchanged, Feedback, snapshot } from '../../lib/testing';
import { bind } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/04-backprop-mlp';
import { expectAnswer, exported, judge, type HiddenCheck, type Misconception, type UnitModule } from './helpers';
import { colMeans, gPrime, scaleM, transpose as T } from './support/oracle-math';
import { judgeParameterCheck, oracleChecks } from './support/gradient-check-oracle';
import { oracleFunction } from './support/oracle';

const slug = '04-backprop-mlp';
const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu'];
const GRADIENTS = ['dW1', 'db1', 'dW2', 'db2'] as const;
type GradName = (typeof GRADIENTS)[number];

type Matrix = number[][];
type Vector = number[];
interface Params { W1: Matrix; b1: Vector; W2: Matrix; b2: Vector }
type Gradients = Record<GradName, Matrix | Vector>;
type Dense = (A: Matrix, W: Matrix, b: Vector) => Matrix;
type Forward = (params: Params, X: Matrix, hidden: Activation) => { yHat: Vector; cache: unknown };
type BceLoss = (yHat: Vector, Y: Vector) => number;
type Backward = (params: Params, cache: unknown, Y: Vector, hidden: Activation) => Gradients;
type CheckBackward = (params: Params, X: Matrix, Y: Vector, hidden: Activation, backwardFn?: Backward) => Record<string, unknown>;

export interface Net { params: Params; X: Matrix; Y: Vector; label: string }

// ---- plain matrix helpers for the misconceptions' values (oracle side) ----
function mm(A: Matrix, B: Matrix): Matrix {
  if (A[0]!.length !== B.length) throw new Error('inner sizes differ'); // this misconception cannot occur for these shapes
  return A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, k) => s + a * B[k]![j]!, 0)));
}
const hadamard = (A: Matrix, B: Matrix): Matrix => A.map((row, i) => row.map((x, j) => x * B[i]![j]!));


// ---- the fixture of COURSE.md and random nets ----
export const fixture: Net = {
  X: [[0.5, 1.5], [-1.2, 0.2], [0.3, -0.7]],
  Y: [1, 0, 1],
  params: { W1: [[0.1, 0.4, -0.5], [-0.2, 0.3, 0.2]], b1: [0.01, -0.02, 0.03], W2: [[0.3], [-0.6], [0.2]], b2: [0.05] },
  label: "the lesson's fixture",
};

/**
 * A random 2-layer net, seeded. Pre-activations are kept at least 1e-3 away from 0 so that ReLU's kink
 * never sits inside a finite-difference step (h = 1e-5).
 */
function makeRandomNet(seed: number, dims?: { m: number; nIn: number; h: number }, weightScale = 0.8): Net {
  const rng = seededRng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  for (let tries = 0; ; tries++) {
    const m = dims?.m ?? int(2, 7);
    const nIn = dims?.nIn ?? int(1, 5);
    let h = dims?.h ?? int(1, 6);
    if (!dims && h === m) h = m + 1; // keep A1 non-square so a missing transpose cannot pass unnoticed here
    const g = () => gaussian(rng) * weightScale;
    const net: Net = {
      X: Array.from({ length: m }, () => Array.from({ length: nIn }, () => gaussian(rng))),
      Y: Array.from({ length: m }, () => (rng() < 0.5 ? 0 : 1)),
      params: {
        W1: Array.from({ length: nIn }, () => Array.from({ length: h }, g)),
        b1: Array.from({ length: h }, () => gaussian(rng) * 0.1),
        W2: Array.from({ length: h }, () => [g()]),
        b2: [gaussian(rng) * 0.1],
      },
      label: `a random net (seed ${seed}): X is ${m}x${nIn}, ${h} hidden units`,
    };
    const Z1 = mlpGradients(layersOf(net.params), net.X, net.Y, 'relu').Z[0]!;
    if (Z1.flat().every((z) => Math.abs(z) > 1e-3) || tries > 20) return net;
  }
}
// Oracle helpers (grader/checks/support/oracle.ts): functions of plain data only, computed once per class by the grader.
const randomNet = oracleFunction('randomNet', makeRandomNet);

const layersOf = ({ W1, b1, W2, b2 }: Params) => [{ W: W1, b: b1 }, { W: W2, b: b2 }];

/** The engine's gradients, plus Z1 and A1 for building the misconceptions' values. */
function engineOracle(net: Net, hidden: Activation) {
  const e = mlpGradients(layersOf(net.params), net.X, net.Y, hidden);
  const grads: Gradients = { dW1: e.grads[0]!.dW, db1: e.grads[0]!.db, dW2: e.grads[1]!.dW, db2: e.grads[1]!.db };
  return { loss: e.loss, yHat: e.yHat, Z1: e.Z[0]!, A1: e.A[0]!, grads };
}
const oracle = oracleFunction('oracle', engineOracle);

const lessonOf = {
  transpose: `${slug}#missing-the-transpose`,
};

type SlipValues = Partial<Record<string, Partial<Record<GradName, Matrix | Vector>>>>;

/**
 * The wrong gradients of the slips that need a whole wrong backward pass, on this net: A·δ instead
 * of Aᵀ·δ, g'(A1) instead of g'(Z1), the shortcut on Z1, and an extra σ' at the output. Built from
 * the engine's Z1, A1 and ŷ (oracle side); the catalogue's other slips follow from the right answer.
 */
function slipValuesOf(net: Net, hidden: Activation): SlipValues {
  const { Z1, A1, yHat } = oracle(net, hidden);
  const { X, Y, params } = net;
  const m = Y.length;
  const delta2 = yHat.map((p, i) => [p - Y[i]!]);
  const fromDelta2 = (d2: Matrix, slope: (z: number, a: number) => number) => {
    const d1 = hadamard(mm(d2, T(params.W2)), Z1.map((row, i) => row.map((z, j) => slope(z, A1[i]![j]!))));
    return { dW1: scaleM(mm(T(X), d1), 1 / m), db1: colMeans(d1), dW2: scaleM(mm(T(A1), d2), 1 / m), db2: colMeans(d2), d1 };
  };
  const right = fromDelta2(delta2, (z) => gPrime[hidden](z));
  const tryOr = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch {
      return undefined; // the wrong product does not even run for these shapes
    }
  };
  const values: SlipValues = {
    'no-transpose': { dW1: tryOr(() => scaleM(mm(X, right.d1), 1 / m)), dW2: tryOr(() => scaleM(mm(A1, delta2), 1 / m)) },
  };
  const atA = fromDelta2(delta2, (_z, a) => gPrime[hidden](a));
  values['at-a'] = { dW1: atA.dW1, db1: atA.db1 };
  const shortcut = hidden === 'sigmoid' ? (z: number) => z * (1 - z) : hidden === 'tanh' ? (z: number) => 1 - z * z : null;
  if (shortcut) {
    const onZ = fromDelta2(delta2, (z) => shortcut(z));
    values['shortcut-on-z'] = { dW1: onZ.dW1, db1: onZ.db1 };
  }
  const extra = fromDelta2(delta2.map(([d], i) => [d! * yHat[i]! * (1 - yHat[i]!)]), (z) => gPrime[hidden](z));
  values['extra-output-slope'] = { dW1: extra.dW1, db1: extra.db1, dW2: extra.dW2, db2: extra.db2 };
  return values;
}
export const slipValues = oracleFunction('slipValues', slipValuesOf);

/** For each gradient, the catalogue's slips bound to this net. */
function misconceptionsFor(net: Net, hidden: Activation): Record<GradName, Misconception[]> {
  const { grads } = oracle(net, hidden);
  const values = slipValues(net, hidden);
  const bound = (field: GradName) => {
    const known = Object.fromEntries(Object.entries(values).flatMap(([id, byField]) => (byField?.[field] ? [[id, byField[field]!]] : [])));
    return bind(catalogue.backward, { field, m: net.Y.length, right: grads[field], known });
  };
  return { dW1: bound('dW1'), db1: bound('db1'), dW2: bound('dW2'), db2: bound('db2') };
}

/** forward then backward, with any throw turned into feedback (a shape error there is most often a missing transpose). */
function learnerGradients(impl: UnitModule, net: Net, hidden: Activation, call: string): Gradients {
  const forward = exported<Forward>(impl, 'forward', slug);
  const backward = exported<Backward>(impl, 'backward', slug);
  const { cache } = attempt(() => forward(net.params, net.X, hidden), { call: `forward(params, X, '${hidden}') on ${net.label}`, lesson: `${slug}#the-forward-pass` });
  try {
    return backward(net.params, cache, net.Y, hidden);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith('TODO')) throw new Feedback(`${call} is not written yet: ${message}`, `${slug}#the-backward-equations`);
    throw new Feedback(
      `${call} threw an error: ${message}\n  If that is a size mismatch in a matrix product, the usual cause is missing the transpose: dW = Aᵀ·δ and δ1 = δ2·W2ᵀ (check each product's shapes against the lesson's table).`,
      lessonOf.transpose,
    );
  }
}

/** Judge each gradient separately, so a mistake in one is named even when the others are right. */
function judgeGradients(actual: Gradients, expected: Gradients, call: string, tolerance: { rtol: number; atol: number }, misconceptions?: Record<GradName, Misconception[]>): void {
  if (typeof actual !== 'object' || actual === null) {
    throw new Feedback(`${call} returned ${show(actual)}; it should return { dW1, db1, dW2, db2 }.`, `${slug}#the-backward-equations`);
  }
  for (const name of GRADIENTS) {
    judge(actual[name], {
      call: `${call}.${name}`,
      expected: expected[name],
      lesson: `${slug}#the-backward-equations`,
      ...tolerance,
      misconceptions: misconceptions?.[name],
    });
  }
}

const flattenParams = ({ W1, b1, W2, b2 }: Params) => Float64Array.from([...W1.flat(), ...b1, ...W2.flat(), ...b2]);
function unflattenParams(v: Float64Array, like: Params): Params {
  let k = 0;
  const take = (M: Matrix) => M.map((row) => row.map(() => v[k++]!));
  const W1 = take(like.W1), b1 = like.b1.map(() => v[k++]!), W2 = take(like.W2), b2 = like.b2.map(() => v[k++]!);
  return { W1, b1, W2, b2 };
}

/** Centred finite differences of the engine's loss in every parameter, as gradients. */
const finiteDifferenceGradients = oracleFunction('finiteDifferenceGradients', (net: Net, hidden: Activation): Gradients => {
  const loss = (v: Float64Array) => mlpGradients(layersOf(unflattenParams(v, net.params)), net.X, net.Y, hidden).loss;
  const numeric = unflattenParams(numericalGradient(loss, flattenParams(net.params)), net.params);
  return { dW1: numeric.W1, db1: numeric.b1, dW2: numeric.W2, db2: numeric.b2 };
});

const backwardCall = (hidden: Activation, net: Net) => `backward(params, cache, Y, '${hidden}') on ${net.label}`;
// Engine and learner both compute the same sums in double precision: agreement to 1e-7 relative is
// generous for rounding and still far tighter than any misconception (those are off by O(1) factors).
const ENGINE_TOL = { rtol: 1e-7, atol: 1e-12 };

// ---- checkBackward: the learner's unit 03 gradient check applied to a backward pass ----
const PARAMS = ['W1', 'b1', 'W2', 'b2'] as const;
const checkLesson = `${slug}#checking-your-backward-pass`;

/** A backward pass that returns these gradients whatever it is given (the grader's own, right or wrong). */
const handing = (grads: Gradients): Backward => () => structuredClone(grads);

/**
 * Run the learner's checkBackward on `net` with `grads` handed in as the backward pass, and judge every
 * parameter's { error, ok } against the engine's check of the same gradients.
 */
function judgeCheckBackward(impl: UnitModule, net: Net, hidden: Activation, grads: Gradients, about: string, handedIn: 'right' | 'wrong'): void {
  const checkBackward = exported<CheckBackward>(impl, 'checkBackward', slug);
  const call = `checkBackward(params, X, Y, '${hidden}', ${about}) on ${net.label}`;
  const result = attempt(() => checkBackward(net.params, net.X, net.Y, hidden, handing(grads)), { call, lesson: checkLesson });
  if (typeof result !== 'object' || result === null) throw new Feedback(`${call} returned ${show(result)}; it should return { W1, b1, W2, b2 }, each { error, ok }.`, checkLesson);
  const [first, second] = oracleChecks(layersOf(net.params), net.X, net.Y, hidden, [{ dW: grads.dW1 as Matrix, db: grads.db1 as Vector }, { dW: grads.dW2 as Matrix, db: grads.db2 as Vector }]);
  const oracles = { W1: first!.W, b1: first!.b, W2: second!.W, b2: second!.b };
  for (const name of PARAMS) judgeParameterCheck(result[name], oracles[name], `${call}.${name}`, checkLesson, handedIn, 'your forward and bceLoss');
}

export const checks: HiddenCheck[] = [
  {
    name: "dense matches the engine's matmul + add on random shapes",
    run(impl) {
      const dense = exported<Dense>(impl, 'dense', slug);
      const rng = seededRng(401);
      for (let trial = 0; trial < 20; trial++) {
        const [m, nIn, nOut] = [1 + Math.floor(rng() * 6), 1 + Math.floor(rng() * 6), 1 + Math.floor(rng() * 6)];
        const A = Array.from({ length: m }, () => Array.from({ length: nIn }, () => gaussian(rng)));
        const W = Array.from({ length: nIn }, () => Array.from({ length: nOut }, () => gaussian(rng)));
        const b = Array.from({ length: nOut }, () => gaussian(rng));
        expectAnswer(() => dense(A, W, b), {
          call: `dense(A ${m}x${nIn}, W ${nIn}x${nOut}, b of ${nOut})`,
          expected: add(matmul(Tensor.from(A), Tensor.from(W)), Tensor.from(b)).toArray() as Matrix,
          lesson: `${slug}#the-forward-pass`,
          ...ENGINE_TOL,
          misconceptions: bind(catalogue.dense, { b, right: add(matmul(Tensor.from(A), Tensor.from(W)), Tensor.from(b)).toArray() as Matrix }),
        });
      }
    },
  },
  {
    name: 'dense and forward throw on mismatched shapes, naming both shapes',
    run(impl) {
      const dense = exported<Dense>(impl, 'dense', slug);
      const forward = exported<Forward>(impl, 'forward', slug);
      const lesson = `${slug}#the-network-and-its-shapes`;
      const ones = (r: number, c: number) => Array.from({ length: r }, () => Array<number>(c).fill(1));
      expectShapeError(() => dense(ones(5, 4), ones(3, 2), [0, 0]), ['5x4', '3x2'], { call: 'dense(A 5x4, W 3x2, b of 2)', lesson });
      expectShapeError(() => dense(ones(5, 4), ones(4, 2), [0, 0, 0]), ['4x2', '3'], { call: 'dense(A 5x4, W 4x2, b of 3)', lesson });
      const params = { W1: ones(3, 2), b1: [0, 0], W2: ones(2, 1), b2: [0] };
      expectShapeError(() => forward(params, ones(6, 4), 'sigmoid'), ['6x4', '3x2'], { call: "forward(params with W1 3x2, X 6x4, 'sigmoid')", lesson });
    },
  },
  {
    name: "forward's ŷ matches the engine on random nets, for all four activations",
    run(impl) {
      const forward = exported<Forward>(impl, 'forward', slug);
      for (const [i, hidden] of ACTIVATIONS.flatMap((a) => [a, a]).entries()) {
        const net = randomNet(410 + i);
        const call = `forward(params, X, '${hidden}').yHat on ${net.label}`;
        const result = attempt(() => forward(net.params, net.X, hidden), { call, lesson: `${slug}#the-forward-pass` });
        const { yHat } = mlpGradients(layersOf(net.params), net.X, net.Y, hidden);
        judge(result?.yHat, {
          call,
          expected: yHat,
          lesson: `${slug}#the-forward-pass`,
          ...ENGINE_TOL,
          misconceptions: bind(catalogue.forwardYHat, { hidden, right: yHat }),
        });
      }
    },
  },
  {
    name: "bceLoss matches the engine's mean binary cross-entropy on random predictions",
    run(impl) {
      const bceLoss = exported<BceLoss>(impl, 'bceLoss', slug);
      const rng = seededRng(420);
      const lesson = `${slug}#the-loss`;
      for (let trial = 0; trial < 20; trial++) {
        const m = 2 + Math.floor(rng() * 8);
        const yHat = Array.from({ length: m }, () => 0.02 + 0.96 * rng());
        const Y = Array.from({ length: m }, () => (rng() < 0.5 ? 0 : 1));
        const expected = bce(Tensor.from(yHat), Tensor.from(Y)).item();
        expectAnswer(() => bceLoss(yHat, Y), {
          call: `bceLoss(${show(yHat, 3)}, ${show(Y, 3)})`,
          expected,
          lesson,
          rtol: 1e-9,
          misconceptions: bind(catalogue.bceLoss, { m, right: expected }),
        });
      }
    },
  },
  {
    name: 'bceLoss is 0, not NaN, for confident correct predictions (ŷ = y = 0 or 1)',
    run(impl) {
      const bceLoss = exported<BceLoss>(impl, 'bceLoss', slug);
      const lesson = `${slug}#the-loss`;
      const nan = (right: number) => bind(catalogue.bceLoss, { m: 2, right });
      expectAnswer(() => bceLoss([1, 0], [1, 0]), { call: 'bceLoss([1, 0], [1, 0])', expected: 0, lesson, atol: 1e-12, misconceptions: nan(0) });
      expectAnswer(() => bceLoss([1, 0.5], [1, 1]), { call: 'bceLoss([1, 0.5], [1, 1])', expected: Math.LN2 / 2, lesson, atol: 1e-12, misconceptions: nan(Math.LN2 / 2) });
    },
  },
  {
    name: "backward reproduces the lesson's sigmoid example (the engine's gradients)",
    run(impl) {
      const call = backwardCall('sigmoid', fixture);
      judgeGradients(learnerGradients(impl, fixture, 'sigmoid', call), oracle(fixture, 'sigmoid').grads, call, ENGINE_TOL, misconceptionsFor(fixture, 'sigmoid'));
    },
  },
  {
    name: 'backward matches the engine on random nets, for all four activations',
    run(impl) {
      for (const [i, hidden] of ACTIVATIONS.flatMap((a) => [a, a, a]).entries()) {
        const net = randomNet(430 + i);
        const call = backwardCall(hidden, net);
        judgeGradients(learnerGradients(impl, net, hidden, call), oracle(net, hidden).grads, call, ENGINE_TOL, misconceptionsFor(net, hidden));
      }
    },
  },
  {
    name: 'backward agrees with centred finite differences of the loss, for all four activations',
    run(impl) {
      for (const [i, hidden] of ACTIVATIONS.flatMap((a) => [a, a]).entries()) {
        const net = randomNet(450 + i);
        const expected = finiteDifferenceGradients(net, hidden);
        const call = backwardCall(hidden, net);
        // Centred differences with h = 1e-5 are accurate to ~1e-10 here (O(h²) truncation, ~1e-11 rounding);
        // 1e-7 absolute + 1e-5 relative leaves room for that and rejects any wrong formula (errors ~1e-2).
        judgeGradients(learnerGradients(impl, net, hidden, call), expected, `${call} vs finite differences`, { rtol: 1e-5, atol: 1e-7 }, misconceptionsFor(net, hidden));
      }
    },
  },
  {
    name: "every gradient has its parameter's shape (non-square nets, all four activations)",
    run(impl) {
      const dims = [{ m: 5, nIn: 4, h: 3 }, { m: 2, nIn: 1, h: 6 }, { m: 7, nIn: 3, h: 1 }, { m: 1, nIn: 2, h: 4 }];
      for (const [i, hidden] of ACTIVATIONS.entries()) {
        for (const [j, d] of dims.entries()) {
          const net = randomNet(470 + 4 * i + j, d);
          const call = backwardCall(hidden, net);
          const grads = learnerGradients(impl, net, hidden, call);
          const params = net.params as unknown as Record<string, Matrix | Vector>;
          for (const name of GRADIENTS) {
            const want = shapeOf(params[name.slice(1)]);
            const got = shapeOf(grads?.[name]);
            if (got !== want) {
              const transposeNote = got === want!.split('x').reverse().join('x') ? ' It has the shape of the transpose: see the lesson on the transpose.' : '';
              throw new Feedback(`${call}.${name} has shape ${got ?? 'unknown'} but ${name.slice(1)} is ${want}: every gradient has its parameter's shape.${transposeNote}`, transposeNote ? lessonOf.transpose : `${slug}#the-network-and-its-shapes`);
            }
          }
        }
      }
    },
  },
  {
    name: 'backward on square batches (m = n_in = h), where a missing transpose does not crash',
    run(impl) {
      for (const [i, hidden] of ACTIVATIONS.entries()) {
        const net = randomNet(490 + i, { m: 4, nIn: 4, h: 4 });
        const call = backwardCall(hidden, net);
        judgeGradients(learnerGradients(impl, net, hidden, call), oracle(net, hidden).grads, call, ENGINE_TOL, misconceptionsFor(net, hidden));
      }
    },
  },
  {
    name: 'extremes: zero weights, and a saturated sigmoid/tanh hidden layer, give finite gradients matching the engine',
    run(impl) {
      const zero = randomNet(500, { m: 5, nIn: 3, h: 4 });
      zero.params = { W1: zero.params.W1.map((r) => r.map(() => 0)), b1: [0, 0, 0, 0], W2: [[0], [0], [0], [0]], b2: [0] };
      zero.label = 'a net with all weights and biases 0';
      for (const hidden of ACTIVATIONS) {
        const call = backwardCall(hidden, zero);
        judgeGradients(learnerGradients(impl, zero, hidden, call), oracle(zero, hidden).grads, call, { rtol: 1e-7, atol: 1e-15 });
      }
      // Weights ×60: |Z1| reaches hundreds, where σ'(Z1) and tanh'(Z1) are 0 (or tiny): dW1 vanishes, without NaN.
      const saturated = randomNet(501, { m: 5, nIn: 3, h: 4 }, 60);
      saturated.label = 'a net whose hidden layer is saturated (weights ~60)';
      for (const hidden of ['sigmoid', 'tanh'] as const) {
        const call = backwardCall(hidden, saturated);
        judgeGradients(learnerGradients(impl, saturated, hidden, call), oracle(saturated, hidden).grads, call, { rtol: 1e-6, atol: 1e-12 }, misconceptionsFor(saturated, hidden));
      }
    },
  },
  {
    name: 'bceLoss and backward throw when Y and the batch differ in length, naming both',
    run(impl) {
      const bceLoss = exported<BceLoss>(impl, 'bceLoss', slug);
      const forward = exported<Forward>(impl, 'forward', slug);
      const backward = exported<Backward>(impl, 'backward', slug);
      expectShapeError(() => bceLoss([0.2, 0.7, 0.9, 0.4], [1, 0, 1]), ['4', '3'], { call: 'bceLoss(yHat of 4, Y of 3)', lesson: `${slug}#the-loss` });
      const { cache } = attempt(() => forward(fixture.params, fixture.X, 'tanh'), { call: "forward(params, X, 'tanh') on the lesson's fixture", lesson: `${slug}#the-forward-pass` });
      expectShapeError(() => backward(fixture.params, cache, [1, 0, 1, 1, 0], 'tanh'), ['3', '5'], { call: "backward(params, cache of a batch of 3, Y of 5, 'tanh')", lesson: `${slug}#the-backward-equations` });
    },
  },
  {
    name: 'no input is changed by dense, forward, bceLoss or backward',
    run(impl) {
      const dense = exported<Dense>(impl, 'dense', slug);
      const forward = exported<Forward>(impl, 'forward', slug);
      const bceLoss = exported<BceLoss>(impl, 'bceLoss', slug);
      const backward = exported<Backward>(impl, 'backward', slug);
      const lesson = `${slug}#the-exercise`;
      const net = randomNet(510, { m: 4, nIn: 3, h: 5 });
      const { X, Y, params } = net;
      const before = snapshot({ X, Y, params });
      const info = (call: string, argument: string) => ({ call, lesson, argument });
      attempt(() => dense(X, params.W1, params.b1), { call: 'dense(X, W1, b1)', lesson });
      expectUnchanged(before.X, X, info('dense(X, W1, b1)', 'A'));
      expectUnchanged(before.params, params, info('dense(X, W1, b1)', 'W or b'));
      for (const hidden of ACTIVATIONS) {
        const { yHat, cache } = attempt(() => forward(params, X, hidden), { call: `forward(params, X, '${hidden}')`, lesson });
        expectUnchanged(before, { X, Y, params }, info(`forward(params, X, '${hidden}')`, 'params or X'));
        const yHatBefore = snapshot(yHat);
        attempt(() => bceLoss(yHat, Y), { call: 'bceLoss(yHat, Y)', lesson });
        expectUnchanged([yHatBefore, before.Y], [yHat, Y], info('bceLoss(yHat, Y)', 'yHat or Y'));
        const cacheBefore = snapshot(cache);
        attempt(() => backward(params, cache, Y, hidden), { call: `backward(params, cache, Y, '${hidden}')`, lesson });
        expectUnchanged(before, { X, Y, params }, info(`backward(params, cache, Y, '${hidden}')`, 'params or Y'));
        expectUnchanged(cacheBefore, cache, info(`backward(params, cache, Y, '${hidden}')`, 'cache'));
      }
    },
  },
  {
    name: "checkBackward passes the engine's right gradients, with the engine's errors (all four activations)",
    run(impl) {
      judgeCheckBackward(impl, fixture, 'sigmoid', oracle(fixture, 'sigmoid').grads, "the grader's right backward", 'right');
      for (const [i, hidden] of ACTIVATIONS.entries()) {
        const net = randomNet(520 + i);
        judgeCheckBackward(impl, net, hidden, oracle(net, hidden).grads, "the grader's right backward", 'right');
      }
    },
  },
  {
    name: 'checkBackward catches a backward pass that forgets the /m (every parameter not ok)',
    run(impl) {
      for (const [i, hidden] of ACTIVATIONS.entries()) {
        const net = randomNet(530 + i);
        const m = net.Y.length;
        const { grads } = oracle(net, hidden);
        const noDivide: Gradients = { dW1: scaleM(grads.dW1 as Matrix, m), db1: (grads.db1 as Vector).map((x) => m * x), dW2: scaleM(grads.dW2 as Matrix, m), db2: (grads.db2 as Vector).map((x) => m * x) };
        judgeCheckBackward(impl, net, hidden, noDivide, 'a backward without the /m', 'wrong');
      }
    },
  },
  {
    name: "checkBackward catches g'(A1) for g'(Z1) in W1 and b1 only, and a missing transpose in W1 and W2 only",
    run(impl) {
      for (const [i, hidden] of (['sigmoid', 'tanh'] as const).entries()) {
        const net = randomNet(540 + i);
        const { grads } = oracle(net, hidden);
        const atA = slipValues(net, hidden)['at-a']!;
        judgeCheckBackward(impl, net, hidden, { ...grads, dW1: atA.dW1!, db1: atA.db1! }, "a backward with g'(A1) for g'(Z1)", 'wrong');
      }
      for (const [i, hidden] of ACTIVATIONS.entries()) {
        const net = randomNet(545 + i, { m: 4, nIn: 4, h: 4 });
        const { grads } = oracle(net, hidden);
        const noTranspose = slipValues(net, hidden)['no-transpose']!;
        judgeCheckBackward(impl, net, hidden, { ...grads, dW1: noTranspose.dW1!, dW2: noTranspose.dW2! }, 'a backward with A·δ for Aᵀ·δ', 'wrong');
      }
    },
  },
  {
    name: "checkBackward throws, naming both shapes, when a gradient does not have its parameter's shape",
    run(impl) {
      const checkBackward = exported<CheckBackward>(impl, 'checkBackward', slug);
      const net = randomNet(550, { m: 5, nIn: 3, h: 4 });
      const { grads } = oracle(net, 'tanh');
      const rowDW2 = handing({ ...grads, dW2: T(grads.dW2 as Matrix) });
      expectShapeError(() => checkBackward(net.params, net.X, net.Y, 'tanh', rowDW2), ['1x4', '4x1'], { call: "checkBackward(params, X, Y, 'tanh', a backward whose dW2 is 1x4 for a 4x1 W2)", lesson: checkLesson });
      const wideDW1 = handing({ ...grads, dW1: T(grads.dW1 as Matrix) });
      expectShapeError(() => checkBackward(net.params, net.X, net.Y, 'tanh', wideDW1), ['4x3', '3x4'], { call: "checkBackward(params, X, Y, 'tanh', a backward whose dW1 is 4x3 for a 3x4 W1)", lesson: checkLesson });
    },
  },
  {
    name: 'checkBackward checks your own backward by default, and changes none of its inputs',
    run(impl) {
      const checkBackward = exported<CheckBackward>(impl, 'checkBackward', slug);
      const backward = exported<Backward>(impl, 'backward', slug);
      const net = randomNet(560, { m: 4, nIn: 3, h: 5 });
      const { X, Y, params } = net;
      const before = snapshot({ X, Y, params });
      const call = "checkBackward(params, X, Y, 'sigmoid')";
      const byDefault = attempt(() => checkBackward(params, X, Y, 'sigmoid'), { call, lesson: checkLesson });
      expectUnchanged(before, { X, Y, params }, { call, lesson: checkLesson, argument: 'params, X or Y' });
      const explicit = attempt(() => checkBackward(params, X, Y, 'sigmoid', backward), { call: `${call.slice(0, -1)}, backward)`, lesson: checkLesson });
      if (JSON.stringify(byDefault) !== JSON.stringify(explicit)) {
        throw new Feedback(`${call} returned ${show(byDefault)} but ${call.slice(0, -1)}, backward) returned ${show(explicit)}: backwardFn defaults to your own backward.`, checkLesson);
      }
    },
  },
];
