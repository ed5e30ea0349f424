/**
 * Hidden checks for unit 03. The oracles are functions whose gradients are written out by hand
 * below (Σx², log Σ eˣ, the logistic loss, Rosenbrock), mathjs's symbolic `derivative`, and the
 * reference engine's `relativeError` / `numericalGradient`; never solutions/.
 */
import { compile, derivative, parse } from 'mathjs';
import { numericalGradient as engineNumericalGradient, relativeError as engineRelativeError } from '../engine/index';
import { stableSigmoid } from '../engine/scalar';
import { describe as show } from '../../lib/compare';
import { seededRng } from '../../lib/random';
import { attempt, expectShapeError, expectUnchanged, Feedback, snapshot } from '../../lib/testing';
import { bind } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/03-gradient-check';
import { expectAnswer, exported, judge, type HiddenCheck, type UnitModule } from './helpers';

const slug = '03-gradient-check';
type Vec = number[];
type Scalar = (x: Vec) => number;
type NumericalGradient = (f: Scalar, x: Vec, h?: number) => Vec;
type RelativeError = (a: number | Vec, b: number | Vec) => number;
type GradientCheck = (f: Scalar, analyticGrad: (x: Vec) => Vec, x: Vec) => { error: number; ok: boolean };

/** A test function with its gradient written out by hand, and how closely h = 1e-5 centred differences match it. */
interface Known {
  name: string;
  f: Scalar;
  grad: (x: Vec) => Vec;
  /** dimension of the random test points */
  dims: number[];
  /**
   * Centred differences at h = 1e-5 are off by ≈ h²/6·|f'''| + ε|f|/h. These tolerances sit ≥ 100×
   * above that for the points drawn (|x| ≤ 2) and well below a one-sided difference's h/2·|f''|.
   */
  tol: { atol: number; rtol: number };
}

const dot = (a: Vec, b: Vec) => a.reduce((s, v, i) => s + v * b[i]!, 0);

const sumOfSquares: Known = {
  name: 'Σx²',
  f: (x) => x.reduce((s, v) => s + v * v, 0),
  grad: (x) => x.map((v) => 2 * v),
  dims: [1, 2, 3, 5],
  tol: { atol: 1e-8, rtol: 1e-8 },
};

const logSumExp: Known = {
  name: 'log Σ eˣ',
  f: (x) => {
    const m = Math.max(...x);
    return m + Math.log(x.reduce((s, v) => s + Math.exp(v - m), 0));
  },
  grad: (x) => {
    const m = Math.max(...x);
    const e = x.map((v) => Math.exp(v - m));
    const total = e.reduce((s, v) => s + v, 0);
    return e.map((v) => v / total); // softmax
  },
  dims: [2, 4, 6],
  tol: { atol: 1e-8, rtol: 1e-7 },
};

/** log(1 + e^(−y·w·u)) for a fixed example u with label y = ±1: the loss of logistic regression. */
function logisticLoss(u: Vec, y: 1 | -1): Known {
  return {
    name: `log(1 + e^(−y·w·u)) with u = ${show(u)}, y = ${y}`,
    f: (w) => {
      const t = -y * dot(w, u);
      return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
    },
    grad: (w) => {
      const s = stableSigmoid(-y * dot(w, u));
      return u.map((ui) => -y * ui * s);
    },
    dims: [u.length],
    tol: { atol: 1e-8, rtol: 1e-7 },
  };
}

const rosenbrock: Known = {
  name: 'Rosenbrock Σ 100(x_{i+1} − x_i²)² + (1 − x_i)²',
  f: (x) => {
    let s = 0;
    for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
    return s;
  },
  grad: (x) =>
    x.map((xi, i) => {
      let g = 0;
      if (i + 1 < x.length) g += -400 * xi * (x[i + 1]! - xi * xi) - 2 * (1 - xi);
      if (i > 0) g += 200 * (xi - x[i - 1]! ** 2);
      return g;
    }),
  dims: [2, 3, 5],
  // f reaches ~1e4 here, so round-off alone is ~3e-7 in absolute terms; gradients are ~1e2–1e4.
  tol: { atol: 1e-5, rtol: 1e-7 },
};

/** A function of three variables whose gradient mathjs derives symbolically. */
const expression = 'sin(x0) * exp(x1) + x2^3 / (1 + x0^2) + log(1 + x1^2 * x2^2)';
const compiledExpression = compile(expression);
const symbolicPartials = ['x0', 'x1', 'x2'].map((v) => derivative(parse(expression), v).compile());
const scope = (x: Vec) => ({ x0: x[0]!, x1: x[1]!, x2: x[2]! });
const mathjsFunction: Known = {
  name: expression,
  f: (x) => compiledExpression.evaluate(scope(x)) as number,
  grad: (x) => symbolicPartials.map((p) => p.evaluate(scope(x)) as number),
  dims: [3],
  tol: { atol: 1e-7, rtol: 1e-6 },
};

// ---- What the misconceptions would compute ---------------------------------------------------

function oneSided(f: Scalar, x: Vec, h: number, direction: 1 | -1): Vec {
  const fx = f([...x]);
  return x.map((xi, i) => {
    const probe = [...x];
    probe[i] = xi + direction * h;
    return direction * (f(probe) - fx) / h;
  });
}

function centred(f: Scalar, x: Vec, h: number): Vec {
  return Array.from(engineNumericalGradient((v) => f(Array.from(v)), Float64Array.from(x), h));
}

/** Centred differences that never put probe[i] back: later coordinates see x_j − h for every j < i. */
function unrestored(f: Scalar, x: Vec, h: number): Vec {
  const probe = [...x];
  return x.map((xi, i) => {
    probe[i] = xi + h;
    const plus = f(probe);
    probe[i] = xi - h;
    const minus = f(probe);
    return (plus - minus) / (2 * h);
  });
}

const lessonOf = (anchor: string) => `${slug}#${anchor}`;

/** The catalogue's slips for numericalGradient(f, x, h), with the values only an oracle can give. */
function numericalMisconceptions(f: Scalar, x: Vec, h: number) {
  return bind(catalogue.numericalGradient, { f, x, h, right: centred(f, x, h), unrestored: unrestored(f, x, h), atDefaultH: centred(f, x, 1e-5) });
}

function randomPoints(count: number, dims: number[], seed: number): Vec[] {
  const rng = seededRng(seed);
  return Array.from({ length: count }, (_, k) => Array.from({ length: dims[k % dims.length]! }, () => 4 * rng() - 2));
}

const vec = (x: Vec) => show(x, 8);

function checkAgainstKnown(impl: UnitModule, known: Known, count: number, seed: number): void {
  const numericalGradient = exported<NumericalGradient>(impl, 'numericalGradient', slug);
  for (const x of randomPoints(count, known.dims, seed)) {
    expectAnswer(() => numericalGradient(known.f, [...x]), {
      call: `numericalGradient(${known.name}, ${vec(x)})`,
      expected: known.grad(x),
      lesson: lessonOf('centred-differences'),
      ...known.tol,
      misconceptions: numericalMisconceptions(known.f, x, 1e-5),
    });
  }
}

// ---- relativeError ---------------------------------------------------------------------------

const norm = (v: Vec) => Math.sqrt(v.reduce((s, t) => s + t * t, 0));
const asVec = (v: number | Vec) => (typeof v === 'number' ? [v] : v);

const relativeErrorMisconceptions = (a: number | Vec, b: number | Vec, right: number) => bind(catalogue.relativeError, { a, b, right });

// ---- gradientCheck ---------------------------------------------------------------------------

/** The error a correct gradientCheck reports: the analytic gradient against h = 1e-5 centred differences. */
const expectedCheckError = (known: Known, analytic: (x: Vec) => Vec, x: Vec) =>
  engineRelativeError(analytic(x), centred(known.f, x, 1e-5));

function checkResult(gradientCheck: GradientCheck, known: Known, analytic: (x: Vec) => Vec, x: Vec, label: string, lesson: string) {
  const call = `gradientCheck(${known.name}, ${label}, ${vec(x)})`;
  const result = attempt(() => gradientCheck(known.f, analytic, [...x]), { call, lesson });
  if (result === null || typeof result !== 'object' || typeof result.ok !== 'boolean') {
    throw new Feedback(`${call} should return { error: number, ok: boolean } but returned ${show(result)}.`, lesson);
  }
  return { call, result };
}

const checkMisconceptions = (known: Known, analytic: (x: Vec) => Vec, x: Vec) =>
  bind(catalogue.gradientCheckError, {
    right: expectedCheckError(known, analytic, x),
    oneSidedError: engineRelativeError(analytic(x), oneSided(known.f, x, 1e-5, 1)),
    absoluteError: norm(analytic(x).map((g, i) => g - centred(known.f, x, 1e-5)[i]!)),
  });

export const checks: HiddenCheck[] = [
  {
    name: 'numericalGradient matches hand-written gradients of Σx², log Σ eˣ and the logistic loss',
    run(impl: UnitModule) {
      checkAgainstKnown(impl, sumOfSquares, 12, 301);
      checkAgainstKnown(impl, logSumExp, 12, 302);
      const rng = seededRng(303);
      for (let k = 0; k < 6; k++) {
        const u = Array.from({ length: 2 + (k % 3) }, () => 4 * rng() - 2);
        checkAgainstKnown(impl, logisticLoss(u, k % 2 === 0 ? 1 : -1), 3, 310 + k);
      }
    },
  },
  {
    name: 'numericalGradient matches the hand-written gradient of Rosenbrock (coordinates interact)',
    run(impl) {
      checkAgainstKnown(impl, rosenbrock, 20, 304);
    },
  },
  {
    name: "numericalGradient matches mathjs's symbolic derivatives of a 3-variable expression",
    run(impl) {
      checkAgainstKnown(impl, mathjsFunction, 30, 305);
    },
  },
  {
    name: 'numericalGradient uses its h and is centred: Σx³ with h = 0.1 and 0.01 gives exactly 3x² + h²',
    run(impl) {
      const numericalGradient = exported<NumericalGradient>(impl, 'numericalGradient', slug);
      const cubes: Scalar = (x) => x.reduce((s, v) => s + v * v * v, 0);
      for (const h of [0.1, 0.01]) {
        for (const x of randomPoints(10, [1, 3, 4], h === 0.1 ? 306 : 307)) {
          // ((x+h)³ − (x−h)³) / 2h = 3x² + h² exactly; one-sided adds ±3xh. Round-off ~1e-14 at these h.
          expectAnswer(() => numericalGradient(cubes, [...x], h), {
            call: `numericalGradient(Σx³, ${vec(x)}, ${h})`,
            expected: x.map((v) => 3 * v * v + h * h),
            lesson: lessonOf('centred-differences'),
            atol: 1e-10,
            rtol: 1e-10,
            misconceptions: numericalMisconceptions(cubes, x, h),
          });
        }
      }
    },
  },
  {
    name: 'numericalGradient gives exactly 0 where f does not depend on x_i, and at the minimum of Σx²',
    run(impl) {
      const numericalGradient = exported<NumericalGradient>(impl, 'numericalGradient', slug);
      const lesson = lessonOf('centred-differences');
      // f ignores x1 and x3: both probes give the same f, so the centred difference is exactly 0.
      const partial: Scalar = (x) => Math.sin(x[0]!) + x[2]! ** 2;
      for (const x of randomPoints(10, [4], 308)) {
        const gradient = attempt(() => numericalGradient(partial, [...x]), { call: `numericalGradient(sin(x0) + x2², ${vec(x)})`, lesson });
        expectAnswer(() => [gradient[1], gradient[3]], {
          call: `numericalGradient(sin(x0) + x2², ${vec(x)}) at x1 and x3`,
          expected: [0, 0],
          lesson,
          atol: 0,
          rtol: 0,
        });
      }
      const squares = sumOfSquares.f;
      for (const x of [[0], [0, 0, 0]]) {
        expectAnswer(() => numericalGradient(squares, [...x]), {
          call: `numericalGradient(Σx², ${vec(x)})`,
          expected: x.map(() => 0),
          lesson,
          atol: 0,
          rtol: 0,
          misconceptions: numericalMisconceptions(squares, x, 1e-5),
        });
      }
    },
  },
  {
    name: 'numericalGradient leaves x unchanged and returns a new array of its length',
    run(impl) {
      const numericalGradient = exported<NumericalGradient>(impl, 'numericalGradient', slug);
      const lesson = lessonOf('centred-differences');
      for (const x of randomPoints(10, [1, 3, 6], 309)) {
        const before = snapshot(x);
        const call = `numericalGradient(Rosenbrock, ${vec(x)})`;
        const lengths: number[] = [];
        const gradient = attempt(() => numericalGradient((v) => {
          lengths.push(v.length);
          return rosenbrock.f(v);
        }, x), { call, lesson });
        expectUnchanged(before, x, { call, lesson: lessonOf('forgetting-to-put-x-back'), argument: 'x' });
        if (gradient === x) throw new Feedback(`${call} returned x itself; return a new array.`, lesson);
        if (!Array.isArray(gradient) || gradient.length !== x.length) {
          throw new Feedback(`${call} should return ${x.length} numbers, one per coordinate, but returned ${show(gradient)}.`, lesson);
        }
        if (lengths.some((n) => n !== x.length)) {
          throw new Feedback(`${call} called f with vectors of length ${show([...new Set(lengths)])}; every probe must have x's length ${x.length}.`, lesson);
        }
      }
    },
  },
  {
    name: 'relativeError of two numbers is |a − b| / (|a| + |b|) on 100 random pairs',
    run(impl) {
      const relativeError = exported<RelativeError>(impl, 'relativeError', slug);
      const rng = seededRng(320);
      for (let k = 0; k < 100; k++) {
        const a = (2 * rng() - 1) * 10 ** (4 * rng() - 2);
        const b = k % 4 === 0 ? -a * rng() : a * (1 + (2 * rng() - 1) * 10 ** (-6 * rng()));
        expectAnswer(() => relativeError(a, b), {
          call: `relativeError(${a}, ${b})`,
          expected: Math.abs(a - b) / (Math.abs(a) + Math.abs(b)),
          lesson: lessonOf('relative-error'),
          rtol: 1e-9,
          atol: 1e-300,
          misconceptions: relativeErrorMisconceptions(a, b, Math.abs(a - b) / (Math.abs(a) + Math.abs(b))),
        });
      }
    },
  },
  {
    name: "relativeError of two Vectors matches the reference engine's on 100 random pairs",
    run(impl) {
      const relativeError = exported<RelativeError>(impl, 'relativeError', slug);
      const rng = seededRng(321);
      for (let k = 0; k < 100; k++) {
        const n = 1 + Math.floor(rng() * 8);
        const scale = 10 ** (6 * rng() - 3);
        const a = Array.from({ length: n }, () => (2 * rng() - 1) * scale);
        const b = a.map((v) => (k % 3 === 0 ? (2 * rng() - 1) * scale : v + (2 * rng() - 1) * scale * 1e-4));
        const [before, beforeB] = [snapshot(a), snapshot(b)];
        const call = `relativeError(${vec(a)}, ${vec(b)})`;
        expectAnswer(() => relativeError(a, b), {
          call,
          expected: engineRelativeError(a, b),
          lesson: lessonOf('relative-error'),
          rtol: 1e-9,
          atol: 1e-300,
          misconceptions: relativeErrorMisconceptions(a, b, engineRelativeError(a, b)),
        });
        expectUnchanged(before, a, { call, lesson: lessonOf('relative-error'), argument: 'a' });
        expectUnchanged(beforeB, b, { call, lesson: lessonOf('relative-error'), argument: 'b' });
      }
    },
  },
  {
    name: 'relativeError edge cases: zeros give 0 (not NaN), a against 0 gives 1, and different lengths throw naming both',
    run(impl) {
      const relativeError = exported<RelativeError>(impl, 'relativeError', slug);
      const lesson = lessonOf('relative-error');
      const cases: [number | Vec, number | Vec, number][] = [
        [0, 0, 0],
        [[0, 0, 0], [0, 0, 0], 0],
        [3, 3, 0],
        [[1, -2, 3], [1, -2, 3], 0],
        [[1, -2, 3], [0, 0, 0], 1],
        [0, -7, 1],
        [[1e-12, 2e-12], [-1e-12, -2e-12], 1],
      ];
      for (const [a, b, expected] of cases) {
        expectAnswer(() => relativeError(a, b), {
          call: `relativeError(${show(a)}, ${show(b)})`,
          expected,
          lesson,
          atol: 1e-15,
          rtol: 0,
          misconceptions: relativeErrorMisconceptions(a, b, expected),
        });
      }
      expectShapeError(() => relativeError([1, 2, 3, 4, 5], [1, 2, 3]), ['5', '3'], { call: 'relativeError([1, 2, 3, 4, 5], [1, 2, 3])', lesson });
    },
  },
  {
    name: 'gradientCheck passes correct gradients of Σx², Rosenbrock, log Σ eˣ and the mathjs expression',
    run(impl) {
      const gradientCheck = exported<GradientCheck>(impl, 'gradientCheck', slug);
      const lesson = lessonOf('the-gradient-check');
      const cases: [Known, number][] = [[sumOfSquares, 330], [rosenbrock, 331], [logSumExp, 332], [mathjsFunction, 333]];
      for (const [known, seed] of cases) {
        for (const x of randomPoints(4, known.dims, seed)) {
          const { call, result } = checkResult(gradientCheck, known, known.grad, x, 'its correct gradient', lesson);
          // A correct check reports ~1e-11 here; 1e-9 absorbs any sensible order of operations.
          judge(result.error, {
            call: `${call}.error`,
            expected: expectedCheckError(known, known.grad, x),
            lesson,
            atol: 1e-9,
            rtol: 0,
            misconceptions: checkMisconceptions(known, known.grad, x),
          });
          if (result.ok !== true) throw new Feedback(`${call}.ok is ${result.ok}, but error ${show(result.error)} is below 1e-7: the gradient is correct.`, lesson);
        }
      }
    },
  },
  {
    name: 'gradientCheck catches deliberately wrong gradients (a lost factor 2, a flipped sign, a dropped term, a 1e-4 slip)',
    run(impl) {
      const gradientCheck = exported<GradientCheck>(impl, 'gradientCheck', slug);
      const lesson = lessonOf('the-gradient-check');
      const wrong: [Known, (x: Vec) => Vec, string][] = [
        [sumOfSquares, (x) => [...x], 'x ↦ x (the factor 2 lost)'],
        [sumOfSquares, (x) => x.map((v) => -2 * v), 'x ↦ −2x (sign flipped)'],
        [rosenbrock, (x) => x.map((xi, i) => (i + 1 < x.length ? -400 * xi * (x[i + 1]! - xi * xi) - 2 * (1 - xi) : 0)), 'its gradient without the 200(x_i − x_{i−1}²) term'],
        [logSumExp, (x) => x.map(Math.exp), 'eˣ instead of softmax(x)'],
        [mathjsFunction, (x) => mathjsFunction.grad(x).map((g, i) => (i === 1 ? g + 1e-4 : g)), 'its gradient with 1e-4 added to ∂f/∂x1'],
      ];
      wrong.forEach(([known, analytic, label], k) => {
        for (const x of randomPoints(3, known.dims, 340 + k)) {
          const { call, result } = checkResult(gradientCheck, known, analytic, x, label, lesson);
          judge(result.error, {
            call: `${call}.error`,
            expected: expectedCheckError(known, analytic, x),
            lesson,
            atol: 1e-9,
            rtol: 1e-6,
            misconceptions: checkMisconceptions(known, analytic, x),
          });
          if (result.ok !== false) throw new Feedback(`${call}.ok is ${result.ok}, but the gradient is wrong: error ${show(result.error)} is not below 1e-7.`, lesson);
        }
      });
    },
  },
  {
    name: 'gradientCheck: ok is exactly error < 1e-7 (gradients 1e-7 and 4e-7 off in relative terms)',
    run(impl) {
      const gradientCheck = exported<GradientCheck>(impl, 'gradientCheck', slug);
      const lesson = lessonOf('relative-error');
      // Scaling a gradient by (1 + δ) gives a relative error of δ/(2 + δ) ≈ δ/2: 5e-8 (passes) and 2e-7 (fails).
      // Σx²'s centred difference is exact up to ~1e-11, far below the gap between the two.
      for (const [delta, ok] of [[1e-7, true], [4e-7, false]] as const) {
        for (const x of randomPoints(5, [2, 4], delta === 1e-7 ? 350 : 351)) {
          const analytic = (v: Vec) => v.map((t) => 2 * t * (1 + delta));
          const { call, result } = checkResult(gradientCheck, sumOfSquares, analytic, x, `x ↦ 2x·(1 + ${delta})`, lesson);
          judge(result.error, { call: `${call}.error`, expected: delta / (2 + delta), lesson, rtol: 1e-2, atol: 0 });
          if (result.ok !== ok) throw new Feedback(`${call}.ok is ${result.ok} for error ${show(result.error)}; ok means error < 1e-7.`, lesson);
        }
      }
    },
  },
  {
    name: 'gradientCheck leaves x unchanged, and an analytic gradient of the wrong length throws naming both lengths',
    run(impl) {
      const gradientCheck = exported<GradientCheck>(impl, 'gradientCheck', slug);
      const lesson = lessonOf('the-gradient-check');
      const x = [0.3, -1.2, 2.5, 0.7];
      const before = snapshot(x);
      const call = `gradientCheck(Rosenbrock, its correct gradient, ${vec(x)})`;
      attempt(() => gradientCheck(rosenbrock.f, rosenbrock.grad, x), { call, lesson });
      expectUnchanged(before, x, { call, lesson, argument: 'x' });
      expectShapeError(
        () => gradientCheck(sumOfSquares.f, (v) => v.slice(0, 3).map((t) => 2 * t), [1, 2, 3, 4, 5]),
        ['3', '5'],
        { call: 'gradientCheck(Σx², a gradient with 3 entries, [1, 2, 3, 4, 5])', lesson: lessonOf('relative-error') },
      );
    },
  },
];
