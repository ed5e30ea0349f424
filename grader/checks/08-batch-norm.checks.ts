/**
 * Hidden checks for unit 08. Expected values come from the reference engine (its fused batchNorm op,
 * batchNormGradients, and batchNormStages, the staged graph whose autodiff leaves every stage's
 * gradient), mathjs (means and variances for the running statistics) and centred finite differences,
 * never from solutions/. The small `normalized` and `stagedSlips` helpers below only predict what each
 * misconception would return, so that the feedback can name it.
 */
import { mean as mathMean, variance as mathVariance } from 'mathjs';
import { Tensor, batchNorm, batchNormGradients, batchNormStages, numericalGradient, relativeError } from '../engine/index';
import { gaussian, randomMatrix, seededRng } from '../../lib/random';
import { attempt, expectShapeError, Feedback } from '../../lib/testing';
import { bind } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/08-batch-norm';
import { expectAnswer, exported, type HiddenCheck, type Misconception, type UnitModule } from './helpers';

const slug = '08-batch-norm';
type Matrix = number[][];
type Vector = number[];
interface State { runningMean: Vector; runningVar: Vector }
interface Options { training: boolean; momentum?: number; eps?: number }
type Forward = (X: Matrix, gamma: Vector, beta: Vector, state: State, options: Options) => { out: Matrix; cache: unknown; state: State };
type Grads = { dX: Matrix; dGamma: Vector; dBeta: Vector };
type Backward = (dout: Matrix, cache: unknown) => Grads;
type Staged = (dout: Matrix, cache: unknown) => Grads & { stages: Record<catalogue.StageName, Numeric> };
type CheckResult = { error: number; ok: boolean };
type Checker = (X: Matrix, gamma: Vector, beta: Vector, dout: Matrix, backward?: Backward) => Record<'dX' | 'dGamma' | 'dBeta', CheckResult>;
type Numeric = number | Vector | Matrix;

const lessons = {
  forward: `${slug}#the-forward-pass`,
  variance: `${slug}#biased-and-unbiased-variance`,
  eps: `${slug}#where-epsilon-goes`,
  running: `${slug}#running-statistics-and-eval-mode`,
  backward: `${slug}#the-backward-pass`,
  staged: `${slug}#the-backward-pass-stage-by-stage`,
  collapse: `${slug}#how-the-stages-collapse`,
  checking: `${slug}#checking-the-backward-pass`,
  mistakes: `${slug}#common-mistakes`,
  example: `${slug}#the-worked-example`,
};

const shapeOf = (X: Matrix) => `${X.length}x${X[0]?.length ?? 0}`;
const column = (X: Matrix, j: number): Vector => X.map((row) => row[j]!);
const columnMeans = (X: Matrix): Vector => X[0]!.map((_, j) => mathMean(column(X, j)) as number);
const columnVariances = (X: Matrix, kind: 'uncorrected' | 'unbiased'): Vector =>
  X[0]!.map((_, j) => mathVariance(column(X, j), kind) as number);

/** The engine's training-mode output and gradients (autodiff of Σ out ⊙ dout). */
function engine(X: Matrix, gamma: Vector, beta: Vector, eps = 1e-5, dout?: Matrix) {
  if (dout) return batchNormGradients(X, gamma, beta, dout, eps);
  const out = batchNorm(Tensor.from(X), Tensor.from(gamma), Tensor.from(beta), eps);
  return { out: out.toArray() as Matrix };
}

/** γ·(x − μ)/s + β per column, for predicting wrong answers: s is √(v + ε) or √v + ε. */
function normalized(X: Matrix, gamma: Vector, beta: Vector, mu: Vector, v: Vector, eps: number, epsOutside = false): Matrix {
  const s = v.map((vj) => (epsOutside ? Math.sqrt(vj) + eps : Math.sqrt(vj + eps)));
  return X.map((row) => row.map((x, j) => (gamma[j]! * (x - mu[j]!)) / s[j]! + beta[j]!));
}

/** A batch whose columns have different offsets and spreads (0.05 … 20), as real features do. */
function randomBatch(m: number, n: number, seed: number): { X: Matrix; gamma: Vector; beta: Vector; dout: Matrix } {
  const rng = seededRng(seed);
  const offsets = Array.from({ length: n }, () => 10 * (rng() - 0.5));
  const spreads = Array.from({ length: n }, (_, j) => 0.05 * 400 ** (j / Math.max(1, n - 1)));
  return {
    X: randomMatrix(m, n, () => 0).map((row) => row.map((_, j) => offsets[j]! + spreads[j]! * gaussian(rng))),
    gamma: Array.from({ length: n }, () => 0.5 + rng()),
    beta: Array.from({ length: n }, () => gaussian(rng)),
    dout: randomMatrix(m, n, () => gaussian(rng)),
  };
}

function randomState(n: number, seed: number): State {
  const rng = seededRng(seed);
  return { runningMean: Array.from({ length: n }, () => gaussian(rng)), runningVar: Array.from({ length: n }, () => 0.5 + 2 * rng()) };
}

const callOf = (X: Matrix, options: Options, seed?: number) =>
  `batchNormForward(X ${shapeOf(X)}${seed === undefined ? '' : ` (seed ${seed})`}, gamma, beta, state, ${JSON.stringify(options)})`;

function runForward(impl: UnitModule, X: Matrix, gamma: Vector, beta: Vector, state: State, options: Options, call: string) {
  const forward = exported<Forward>(impl, 'batchNormForward', slug);
  return attempt(() => forward(X, gamma, beta, state, options), { call, lesson: lessons.forward });
}

function forwardMisconceptions(X: Matrix, gamma: Vector, beta: Vector, eps: number): Misconception[] {
  const mu = columnMeans(X);
  const biased = columnVariances(X, 'uncorrected');
  return bind(catalogue.trainingOut, {
    known: {
      'unbiased-in-normalization': normalized(X, gamma, beta, mu, columnVariances(X, 'unbiased'), eps),
      'eps-outside': normalized(X, gamma, beta, mu, biased, eps, true),
    },
  });
}

function runningMisconceptions(X: Matrix, state: State, momentum: number, which: keyof State, known: Record<string, Vector> = {}): Misconception[] {
  return bind(catalogue.runningUpdate, { which, old: state[which], right: nextState(X, state, momentum)[which], momentum, m: X.length, known });
}

/** Expected state after one training step, from mathjs. */
function nextState(X: Matrix, state: State, momentum: number): State {
  const mu = columnMeans(X);
  const v = columnVariances(X, 'unbiased');
  return {
    runningMean: state.runningMean.map((r, j) => (1 - momentum) * r + momentum * mu[j]!),
    runningVar: state.runningVar.map((r, j) => (1 - momentum) * r + momentum * v[j]!),
  };
}

function backwardMisconceptions(X: Matrix, gamma: Vector, dout: Matrix, eps: number, part: 'dX' | 'dGamma' | 'dBeta'): Misconception[] {
  const biased = columnVariances(X, 'uncorrected');
  const exact = batchNormGradients(X, gamma, gamma.map(() => 0), dout, eps);
  const known = { 'no-mean-terms': dout.map((row) => row.map((g, j) => (gamma[j]! * g) / Math.sqrt(biased[j]! + eps))) };
  return bind(catalogue.backward, { part, m: X.length, right: exact[part], known: part === 'dX' ? known : {} });
}

const zip = (A: Matrix, B: Matrix, f: (a: number, b: number, j: number, i: number) => number): Matrix => A.map((row, i) => row.map((a, j) => f(a, B[i]![j]!, j, i)));
const columnSums = (A: Matrix): Vector => A[0]!.map((_, j) => A.reduce((s, row) => s + row[j]!, 0));

/**
 * What each slip of the staged backward pass would return, per stage, derived from the engine's right
 * stages: a slip changes one stage, and every later stage follows from it by the right rules.
 */
function stagedSlips(X: Matrix, gamma: Vector, dout: Matrix, eps = 1e-5): Record<string, Partial<Record<catalogue.StagedPart, Numeric>>> {
  const r = batchNormStages(X, gamma, gamma.map(() => 0), dout, eps);
  const m = X.length;
  const direct = zip(r.dXHat, r.dXHat, (d, _, j) => d * r.invStd[j]!);
  const withVarianceTerm = (dVar: Vector, k: number) => zip(direct, r.centred, (d, c, j) => d + k * 2 * c * dVar[j]!);
  /**
   * The rest of the graph from a (wrong) ∂L/∂c: the centring and mean stages. ∂L/∂μ comes out right
   * for every slip here (the terms they change are proportional to c, and Σc = 0), so it is left out.
   */
  const fromCentred = (dCentred: Matrix) => {
    const dMean = columnSums(dCentred).map((s) => -s);
    return { dCentred, dX: dCentred.map((row) => row.map((d, j) => d + dMean[j]! / m)) };
  };
  const flippedVar = r.dVar.map((v) => -v);
  return {
    'centred-one-path': fromCentred(direct),
    'mean-stage-skipped': { dX: r.dCentred },
    'inverse-sign': { dStd: r.dStd.map((v) => -v), dVar: flippedVar, ...fromCentred(withVarianceTerm(flippedVar, 1 / m)) },
    'variance-without-1-over-m': fromCentred(withVarianceTerm(r.dVar, 1)),
  };
}

function stagedMisconceptions(slips: ReturnType<typeof stagedSlips>, part: catalogue.StagedPart): Misconception[] {
  const known: Record<string, Numeric> = {};
  for (const [id, byPart] of Object.entries(slips)) if (byPart[part] !== undefined) known[id] = byPart[part]!;
  return bind(catalogue.staged, { part, known });
}

/** The catalogue's wrong values on the course's fixture, from this oracle (see catalogue.onTheFixture). */
export function slipValuesOnFixture() {
  const X = [[1, 2], [3, 5], [0, -1], [4, 1]];
  const gamma = [1.5, 0.5];
  const beta = [0.1, -0.2];
  const dout = [[0.1, -0.3], [0.2, 0.4], [-0.5, 0.1], [0.3, 0.2]];
  const mu = columnMeans(X);
  const biased = columnVariances(X, 'uncorrected');
  const evalState = { runningMean: [2, 1], runningVar: [4, 0.25] };
  const stepped = nextState(X, evalState, 0.1);
  return {
    trainingOut: {
      'unbiased-in-normalization': normalized(X, gamma, beta, mu, columnVariances(X, 'unbiased'), 1e-5),
      'eps-outside': normalized(X, gamma, beta, mu, biased, 1e-5, true),
    },
    evalOut: { 'batch-statistics': engine(X, [1, 1], [0, 0], 0).out },
    evalState: { runningMean: { 'updated-in-eval': stepped.runningMean }, runningVar: { 'updated-in-eval': stepped.runningVar } },
    dX: { 'no-mean-terms': dout.map((row) => row.map((g, j) => (gamma[j]! * g) / Math.sqrt(biased[j]! + 1e-5))) },
    staged: stagedSlips(X, gamma, dout),
  };
}

const flatten = (grads: Grads) => ({ dX: grads.dX.flat(), dGamma: grads.dGamma, dBeta: grads.dBeta });

/**
 * The errors a correct checkBatchNormGradients reports for a backward pass that returns `grads` at
 * (X, γ, β): relative error against centred differences of the engine's Σ out ⊙ dout.
 */
function expectedCheck(X: Matrix, gamma: Vector, beta: Vector, dout: Matrix, grads: Grads): Record<'dX' | 'dGamma' | 'dBeta', number> {
  const n = gamma.length;
  const rows = (flat: Float64Array): Matrix => Array.from({ length: flat.length / n }, (_, i) => Array.from(flat.subarray(i * n, (i + 1) * n)));
  const loss = (x: Matrix, g: Vector, b: Vector) => {
    const out = batchNorm(Tensor.from(x), Tensor.from(g), Tensor.from(b)).data;
    return dout.flat().reduce((s, d, k) => s + d * out[k]!, 0);
  };
  const numeric = {
    dX: numericalGradient((x) => loss(rows(x), gamma, beta), Float64Array.from(X.flat())),
    dGamma: numericalGradient((g) => loss(X, Array.from(g), beta), Float64Array.from(gamma)),
    dBeta: numericalGradient((b) => loss(X, gamma, Array.from(b)), Float64Array.from(beta)),
  };
  const analytic = flatten(grads);
  return { dX: relativeError(analytic.dX, numeric.dX), dGamma: relativeError(analytic.dGamma, numeric.dGamma), dBeta: relativeError(analytic.dBeta, numeric.dBeta) };
}

/**
 * Run the learner's checkBatchNormGradients with a backward pass of the grader's (so the checker is
 * judged on its own) and compare each { error, ok } with what a correct check reports. When it is
 * wrong, the learner's unit 03 (re-exported by the stub as gradientCheck) is probed first, so a broken
 * unit 03 is named as such.
 */
function judgeChecker(impl: UnitModule, X: Matrix, gamma: Vector, beta: Vector, dout: Matrix, grads: Grads, about: string, seed: number) {
  const checker = exported<Checker>(impl, 'checkBatchNormGradients', slug);
  const call = `checkBatchNormGradients(X ${shapeOf(X)} (seed ${seed}), gamma, beta, dout, ${about})`;
  const result = attempt(() => checker(X, gamma, beta, dout, () => structuredClone(grads)), { call, lesson: lessons.checking });
  const errors = expectedCheck(X, gamma, beta, dout, grads);
  for (const part of ['dX', 'dGamma', 'dBeta'] as const) {
    const got = result?.[part];
    const shouldPass = errors[part] < 1e-7;
    const right =
      typeof got?.error === 'number' && got.ok === shouldPass &&
      (shouldPass ? got.error < 1e-7 : Math.abs(got.error - errors[part]) <= 1e-6 * errors[part]);
    if (right) continue;
    const fault = catalogue.unit03Fault(impl.gradientCheck, call);
    if (fault) throw new Feedback(fault, '03-gradient-check#the-gradient-check');
    const want = shouldPass
      ? `ok: true with an error below 1e-7 (this backward pass is right for ${part})`
      : `ok: false with error ${errors[part].toPrecision(6)} (the relative error between this ${part} and centred differences of Σ out ⊙ dout)`;
    throw new Feedback(`${call}.${part} returned ${JSON.stringify(got)}; it should be ${want}. Your unit 03's gradientCheck answers a simple probe correctly, so look at how checkBatchNormGradients builds the loss and the gradient it hands to gradientCheck.`, lessons.checking);
  }
  return result;
}

export const checks: HiddenCheck[] = [
  {
    name: 'training-mode out matches the reference engine on random batches (16x5, 7x3, 2x4)',
    run(impl) {
      for (const [m, n, seed] of [[16, 5, 81], [7, 3, 82], [2, 4, 83]] as const) {
        const { X, gamma, beta } = randomBatch(m, n, seed);
        const options = { training: true };
        const call = callOf(X, options, seed);
        const { out } = runForward(impl, X, gamma, beta, randomState(n, seed), options, call);
        expectAnswer(() => out, {
          call: `${call}.out`,
          expected: engine(X, gamma, beta).out,
          lesson: lessons.forward,
          misconceptions: forwardMisconceptions(X, gamma, beta, 1e-5),
        });
      }
    },
  },
  {
    name: 'ε goes inside the square root: nearly constant and constant features stay finite (eps = 1e-5 and 0.01)',
    run(impl) {
      const rng = seededRng(84);
      // column 0: spread 1e-4 (σ² ≈ 1e-8 ≪ ε); column 1: exactly constant; column 2: ordinary.
      const X = Array.from({ length: 8 }, () => [3 + 1e-4 * gaussian(rng), -2, gaussian(rng)]);
      const gamma = [1.2, 0.7, 0.9];
      const beta = [0.1, -0.3, 0.2];
      for (const eps of [1e-5, 0.01]) {
        const options = { training: true, eps };
        const call = callOf(X, options);
        const { out } = runForward(impl, X, gamma, beta, randomState(3, 85), options, call);
        expectAnswer(() => out, {
          call: `${call}.out`,
          expected: engine(X, gamma, beta, eps).out,
          lesson: lessons.eps,
          misconceptions: forwardMisconceptions(X, gamma, beta, eps),
        });
      }
    },
  },
  {
    name: 'one training step moves the running mean and the UNBIASED running variance by momentum (0.1 and 0.3)',
    run(impl) {
      for (const [momentum, seed] of [[0.1, 86], [0.3, 87]] as const) {
        const { X, gamma, beta } = randomBatch(6, 4, seed);
        const state = randomState(4, seed + 100);
        const options = momentum === 0.1 ? { training: true } : { training: true, momentum };
        const call = callOf(X, options, seed);
        const result = runForward(impl, X, gamma, beta, state, options, call);
        const expected = nextState(X, state, momentum);
        for (const which of ['runningMean', 'runningVar'] as const) {
          expectAnswer(() => result.state?.[which], {
            call: `${call}.state.${which}`,
            expected: expected[which],
            lesson: which === 'runningVar' ? lessons.variance : lessons.running,
            misconceptions: runningMisconceptions(X, state, momentum, which),
          });
        }
      }
    },
  },
  {
    name: 'the running statistics follow the moving-average recurrence over 5 batches (state threaded through)',
    run(impl) {
      const n = 3;
      let expected: State = { runningMean: [0, 0, 0], runningVar: [1, 1, 1] };
      let state: State = { runningMean: [0, 0, 0], runningVar: [1, 1, 1] };
      for (let step = 1; step <= 5; step++) {
        const { X, gamma, beta } = randomBatch(10, n, 88 + step);
        const call = `step ${step}: ${callOf(X, { training: true })} with ${step === 1 ? 'the state { runningMean: [0, 0, 0], runningVar: [1, 1, 1] }' : `the state returned by step ${step - 1}`}`;
        const previous = state;
        state = runForward(impl, X, gamma, beta, state, { training: true }, call).state;
        expected = nextState(X, expected, 0.1);
        for (const which of ['runningMean', 'runningVar'] as const) {
          expectAnswer(() => state?.[which], {
            call: `${call}.state.${which}`,
            expected: expected[which],
            lesson: lessons.running,
            misconceptions: runningMisconceptions(X, previous, 0.1, which, { 'state-ignored': nextState(X, { runningMean: [0, 0, 0], runningVar: [1, 1, 1] }, 0.1)[which] }),
          });
        }
      }
    },
  },
  {
    name: 'eval mode normalizes with the running statistics, not the batch statistics',
    run(impl) {
      for (const seed of [90, 91]) {
        const { X, gamma, beta } = randomBatch(8, 3, seed);
        const state = randomState(3, seed + 100);
        const options = { training: false };
        const call = callOf(X, options, seed);
        const { out } = runForward(impl, X, gamma, beta, state, options, call);
        expectAnswer(() => out, {
          call: `${call}.out`,
          expected: normalized(X, gamma, beta, state.runningMean, state.runningVar, 1e-5),
          lesson: lessons.running,
          misconceptions: bind(catalogue.evalOut, { known: { 'batch-statistics': engine(X, gamma, beta).out } }),
        });
      }
    },
  },
  {
    name: 'eval mode leaves the running statistics unchanged',
    run(impl) {
      const { X, gamma, beta } = randomBatch(8, 3, 92);
      const state = randomState(3, 93);
      const call = callOf(X, { training: false }, 92);
      const result = runForward(impl, X, gamma, beta, state, { training: false }, call);
      for (const which of ['runningMean', 'runningVar'] as const) {
        expectAnswer(() => result.state?.[which], {
          call: `${call}.state.${which}`,
          expected: randomState(3, 93)[which],
          lesson: lessons.running,
          misconceptions: bind(catalogue.evalState, { known: { 'updated-in-eval': nextState(X, state, 0.1)[which] } }),
        });
      }
    },
  },
  {
    name: "backward matches the engine's batchNormGradients on random batches (dX, dγ, dβ)",
    run(impl) {
      const backward = exported<Backward>(impl, 'batchNormBackward', slug);
      for (const [m, n, seed] of [[12, 4, 94], [3, 2, 95], [32, 6, 96]] as const) {
        const { X, gamma, beta, dout } = randomBatch(m, n, seed);
        const options = { training: true };
        const { cache } = runForward(impl, X, gamma, beta, randomState(n, seed), options, callOf(X, options, seed));
        const call = `batchNormBackward(dout ${m}x${n} (seed ${seed}), cache)`;
        const grads = attempt(() => backward(dout, cache), { call, lesson: lessons.backward });
        const expected = engine(X, gamma, beta, 1e-5, dout) as ReturnType<typeof batchNormGradients>;
        for (const part of ['dX', 'dGamma', 'dBeta'] as const) {
          expectAnswer(() => grads?.[part], {
            call: `${call}.${part}`,
            expected: expected[part],
            lesson: lessons.backward,
            rtol: 1e-6,
            atol: 1e-10,
            misconceptions: backwardMisconceptions(X, gamma, dout, 1e-5, part),
          });
        }
      }
    },
  },
  {
    name: 'backward is the gradient of your own forward pass (finite differences of Σ out ⊙ dout)',
    run(impl) {
      const forward = exported<Forward>(impl, 'batchNormForward', slug);
      const backward = exported<Backward>(impl, 'batchNormBackward', slug);
      const { X, gamma, beta, dout } = randomBatch(6, 3, 97);
      const state = randomState(3, 98);
      const [m, n] = [6, 3];
      const lesson = lessons.backward;
      const loss = (x: Matrix, g: Vector, b: Vector) =>
        forward(x, g, b, state, { training: true }).out.reduce((s, row, i) => s + row.reduce((t, o, j) => t + o * dout[i]![j]!, 0), 0);
      const { cache } = runForward(impl, X, gamma, beta, state, { training: true }, callOf(X, { training: true }, 97));
      const call = 'batchNormBackward(dout, cache)';
      const grads = attempt(() => backward(dout, cache), { call, lesson });
      const reshape = (flat: Float64Array): Matrix => Array.from({ length: m }, (_, i) => Array.from(flat.subarray(i * n, (i + 1) * n)));
      const numeric = attempt(() => ({
        dX: reshape(numericalGradient((x) => loss(reshape(x), gamma, beta), Float64Array.from(X.flat()))),
        dGamma: Array.from(numericalGradient((g) => loss(X, Array.from(g), beta), Float64Array.from(gamma))),
        dBeta: Array.from(numericalGradient((b) => loss(X, gamma, Array.from(b)), Float64Array.from(beta))),
      }), { call: 'batchNormForward (perturbed one input at a time for finite differences)', lesson: lessons.forward });
      for (const part of ['dX', 'dGamma', 'dBeta'] as const) {
        // Centred differences with h = 1e-5 are accurate to ~1e-9 here; 1e-5 relative leaves room.
        expectAnswer(() => grads?.[part], {
          call: `${call}.${part} (compared with finite differences of your forward pass)`,
          expected: numeric[part],
          lesson,
          rtol: 1e-5,
          atol: 1e-7,
          misconceptions: backwardMisconceptions(X, gamma, dout, 1e-5, part),
        });
      }
    },
  },
  {
    name: "the course's fixture: out, dX, dγ and dβ",
    run(impl) {
      const backward = exported<Backward>(impl, 'batchNormBackward', slug);
      const X = [[1, 2], [3, 5], [0, -1], [4, 1]];
      const gamma = [1.5, 0.5];
      const beta = [0.1, -0.2];
      const dout = [[0.1, -0.3], [0.2, 0.4], [-0.5, 0.1], [0.3, 0.2]];
      const call = 'batchNormForward(X, [1.5, 0.5], [0.1, -0.2], { runningMean: [0, 0], runningVar: [1, 1] }, { training: true })';
      const result = runForward(impl, X, gamma, beta, { runningMean: [0, 0], runningVar: [1, 1] }, { training: true }, call);
      const expected = batchNormGradients(X, gamma, beta, dout);
      expectAnswer(() => result.out, { call: `${call}.out`, expected: expected.out, lesson: lessons.example, misconceptions: forwardMisconceptions(X, gamma, beta, 1e-5) });
      const grads = attempt(() => backward(dout, result.cache), { call: 'batchNormBackward(dout, cache)', lesson: lessons.backward });
      for (const part of ['dX', 'dGamma', 'dBeta'] as const) {
        expectAnswer(() => grads?.[part], {
          call: `batchNormBackward(dout, cache).${part}`,
          expected: expected[part],
          lesson: lessons.example,
          misconceptions: backwardMisconceptions(X, gamma, dout, 1e-5, part),
        });
      }
    },
  },
  {
    name: 'inputs are never mutated, and a new state object is returned',
    run(impl) {
      const backward = exported<Backward>(impl, 'batchNormBackward', slug);
      const { X, gamma, beta, dout } = randomBatch(5, 3, 99);
      const args = { X, gamma, beta, state: randomState(3, 100), dout };
      const before = structuredClone(args);
      for (const training of [true, false]) {
        const call = callOf(X, { training });
        const result = runForward(impl, args.X, args.gamma, args.beta, args.state, { training }, call);
        if (result.state === args.state || result.state?.runningMean === args.state.runningMean || result.state?.runningVar === args.state.runningVar) {
          throw new Feedback(`${call} returned the state object (or its arrays) it was given; return a new state with new arrays, so the caller's copy stays as it was.`, lessons.running);
        }
        if (training) attempt(() => backward(args.dout, result.cache), { call: 'batchNormBackward(dout, cache)', lesson: lessons.backward });
        for (const name of ['X', 'gamma', 'beta', 'state', 'dout'] as const) {
          if (JSON.stringify(before[name]) !== JSON.stringify(args[name])) {
            throw new Feedback(`${call}${training ? ' (then batchNormBackward)' : ''} changed its input ${name}: functions must return new arrays and leave inputs alone.`, lessons.forward);
          }
        }
      }
    },
  },
  {
    name: 'shape mismatches throw errors naming both shapes',
    run(impl) {
      const forward = exported<Forward>(impl, 'batchNormForward', slug);
      const backward = exported<Backward>(impl, 'batchNormBackward', slug);
      const X = [[1, 2, 3], [4, 5, 6], [0, 1, 0], [2, 2, 2]];
      const ok = { gamma: [1, 1, 1], beta: [0, 0, 0], state: { runningMean: [0, 0, 0], runningVar: [1, 1, 1] } };
      const cases: [string, () => unknown, string[]][] = [
        ['gamma of length 2', () => forward(X, [1, 1], ok.beta, ok.state, { training: true }), ['4x3', '2']],
        ['beta of length 5', () => forward(X, ok.gamma, [0, 0, 0, 0, 0], ok.state, { training: true }), ['4x3', '5']],
        ['runningMean of length 2 (eval mode)', () => forward(X, ok.gamma, ok.beta, { runningMean: [0, 0], runningVar: [1, 1, 1] }, { training: false }), ['4x3', '2']],
      ];
      for (const [what, compute, shapes] of cases) expectShapeError(compute, shapes, { call: `batchNormForward(4x3 X, ${what}, …)`, lesson: lessons.forward });
      const { cache } = runForward(impl, X, ok.gamma, ok.beta, ok.state, { training: true }, callOf(X, { training: true }));
      expectShapeError(() => backward([[1, 1, 1], [1, 1, 1]], cache), ['2x3', '4x3'], { call: 'batchNormBackward(2x3 dout, cache of a 4x3 X)', lesson: lessons.backward });
      expectShapeError(() => backward([[1, 1], [1, 1], [1, 1], [1, 1]], cache), ['4x2', '4x3'], { call: 'batchNormBackward(4x2 dout, cache of a 4x3 X)', lesson: lessons.backward });
    },
  },
  {
    name: 'the staged backward pass: every stage matches the engine\'s staged graph on random batches (12x4, 3x2)',
    run(impl) {
      const stagedBackward = exported<Staged>(impl, 'batchNormBackwardStaged', slug);
      for (const [m, n, seed] of [[12, 4, 181], [3, 2, 182]] as const) {
        const { X, gamma, beta, dout } = randomBatch(m, n, seed);
        const options = { training: true };
        const { cache } = runForward(impl, X, gamma, beta, randomState(n, seed), options, callOf(X, options, seed));
        const call = `batchNormBackwardStaged(dout ${m}x${n} (seed ${seed}), cache)`;
        const result = attempt(() => stagedBackward(dout, cache), { call, lesson: lessons.staged });
        if (typeof result !== 'object' || result === null || typeof result.stages !== 'object' || result.stages === null) {
          throw new Feedback(`${call} returned ${JSON.stringify(result)?.slice(0, 200)}; it should return { dX, dGamma, dBeta, stages }, with stages holding ${catalogue.STAGES.join(', ')}.`, lessons.staged);
        }
        const expected = batchNormStages(X, gamma, beta, dout);
        const slips = stagedSlips(X, gamma, dout);
        // In the order the backward pass reaches them: the first wrong stage is the one to fix.
        for (const part of [...catalogue.STAGES, 'dX'] as const) {
          const actual = part === 'dX' ? result.dX : result.stages[part];
          expectAnswer(() => actual, {
            call: part === 'dX' ? `${call}.dX` : `${call}.stages.${part}`,
            expected: expected[part],
            lesson: lessons.staged,
            rtol: 1e-6,
            atol: 1e-10,
            misconceptions: stagedMisconceptions(slips, part),
          });
        }
        for (const part of ['dGamma', 'dBeta'] as const) {
          expectAnswer(() => result[part], { call: `${call}.${part}`, expected: expected[part], lesson: lessons.staged, rtol: 1e-6, atol: 1e-10, misconceptions: backwardMisconceptions(X, gamma, dout, 1e-5, part) });
        }
      }
    },
  },
  {
    name: 'checkBatchNormGradients passes a right backward pass and catches wrong ones (dX without its mean terms, dγ averaged)',
    run(impl) {
      const { X, gamma, beta, dout } = randomBatch(5, 3, 183);
      const right = batchNormGradients(X, gamma, beta, dout);
      const m = X.length;
      const biased = columnVariances(X, 'uncorrected');
      judgeChecker(impl, X, gamma, beta, dout, right, "the engine's (right) backward pass", 183);
      const noMeanTerms = { ...right, dX: dout.map((row) => row.map((g, j) => (gamma[j]! * g) / Math.sqrt(biased[j]! + 1e-5))) };
      judgeChecker(impl, X, gamma, beta, dout, noMeanTerms, 'a backward pass whose dX drops the mean terms', 183);
      judgeChecker(impl, X, gamma, beta, dout, { ...right, dGamma: right.dGamma.map((g) => g / m) }, 'a backward pass whose dγ is averaged', 183);
    },
  },
  {
    name: 'checkBatchNormGradients checks your batchNormBackward when no backward is given, and leaves its inputs unchanged',
    run(impl) {
      const checker = exported<Checker>(impl, 'checkBatchNormGradients', slug);
      const backward = exported<Backward>(impl, 'batchNormBackward', slug);
      const { X, gamma, beta, dout } = randomBatch(4, 3, 184);
      const args = { X, gamma, beta, dout };
      const before = structuredClone(args);
      const call = 'checkBatchNormGradients(X 4x3 (seed 184), gamma, beta, dout)';
      const byDefault = attempt(() => checker(args.X, args.gamma, args.beta, args.dout), { call, lesson: lessons.checking });
      for (const name of ['X', 'gamma', 'beta', 'dout'] as const) {
        if (JSON.stringify(before[name]) !== JSON.stringify(args[name])) throw new Feedback(`${call} changed its input ${name}: functions must leave their inputs alone.`, lessons.checking);
      }
      const explicit = attempt(() => checker(X, gamma, beta, dout, backward), { call: `${call.slice(0, -1)}, batchNormBackward)`, lesson: lessons.checking });
      for (const part of ['dX', 'dGamma', 'dBeta'] as const) {
        if (byDefault?.[part]?.ok !== explicit?.[part]?.ok || byDefault?.[part]?.error !== explicit?.[part]?.error) {
          throw new Feedback(`${call}.${part} returned ${JSON.stringify(byDefault?.[part])} but with batchNormBackward passed explicitly it returned ${JSON.stringify(explicit?.[part])}; with no backward given it should check your batchNormBackward.`, lessons.checking);
        }
      }
    },
  },
  {
    name: 'batchNormBackwardStaged and checkBatchNormGradients throw on a dout of the wrong shape, naming both shapes',
    run(impl) {
      const stagedBackward = exported<Staged>(impl, 'batchNormBackwardStaged', slug);
      const checker = exported<Checker>(impl, 'checkBatchNormGradients', slug);
      const X = [[1, 2, 3], [4, 5, 6], [0, 1, 0], [2, 2, 2]];
      const ok = { gamma: [1, 1, 1], beta: [0, 0, 0], state: { runningMean: [0, 0, 0], runningVar: [1, 1, 1] } };
      const { cache } = runForward(impl, X, ok.gamma, ok.beta, ok.state, { training: true }, callOf(X, { training: true }));
      expectShapeError(() => stagedBackward([[1, 1, 1], [1, 1, 1]], cache), ['2x3', '4x3'], { call: 'batchNormBackwardStaged(2x3 dout, cache of a 4x3 X)', lesson: lessons.staged });
      expectShapeError(() => checker(X, ok.gamma, ok.beta, [[1, 1], [1, 1], [1, 1], [1, 1]]), ['4x2', '4x3'], { call: 'checkBatchNormGradients(4x3 X, gamma, beta, 4x2 dout)', lesson: lessons.checking });
    },
  },
];
