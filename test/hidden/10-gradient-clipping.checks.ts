/**
 * Hidden checks for unit 10. Norms come from the reference engine (frobeniusNorm of each matrix);
 * the clipping rule applied to them is PyTorch's clip_grad_norm_ (scale = maxNorm/(total + 1e-6),
 * used only when < 1). Nothing is imported from solutions/.
 */
import { Tensor, frobeniusNorm } from '../../grader/engine/index';
import { gaussian, randomMatrix, seededRng } from '../../lib/random';
import { attempt, Feedback, nameSlip } from '../../lib/testing';
import { bind } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/10-gradient-clipping';
import { expectAnswer, exported, type HiddenCheck, type Misconception, type UnitModule } from '../support/hidden';

const slug = '10-gradient-clipping';
type Matrix = number[][];
type ClipByValue = (g: Matrix, limit: number) => Matrix;
type ClipByGlobalNorm = (grads: Matrix[], maxNorm: number) => { clipped: Matrix[]; totalNorm: number };

const lessons = {
  value: `${slug}#clipping-by-value`,
  global: `${slug}#clipping-by-global-norm`,
  eps: `${slug}#why-the-1e-6`,
  down: `${slug}#only-ever-scale-down`,
  example: `${slug}#the-worked-example`,
  mistakes: `${slug}#common-mistakes`,
};

const matrixNorm = (g: Matrix): number => frobeniusNorm(Tensor.from(g)).item();
const globalNorm = (grads: Matrix[]): number => Math.sqrt(grads.reduce((s, g) => s + matrixNorm(g) ** 2, 0));
const scaled = (g: Matrix, k: number): Matrix => g.map((row) => row.map((x) => x * k));
/** PyTorch's rule on a given norm: the factor every matrix is multiplied by. */
const factor = (total: number, maxNorm: number, eps = 1e-6): number => Math.min(1, maxNorm / (total + eps));
const expectedClip = (grads: Matrix[], maxNorm: number): Matrix[] => grads.map((g) => scaled(g, factor(globalNorm(grads), maxNorm)));
const shapeOf = (g: Matrix) => `${g.length}x${g[0]?.length ?? 0}`;
const describeList = (grads: Matrix[]) => `[${grads.map(shapeOf).join(', ')}]`;

/** A list of gradient matrices of mixed shapes and very different sizes, as a network's layers have. */
function randomGrads(seed: number, spread: number): Matrix[] {
  const rng = seededRng(seed);
  return [[3, 4], [1, 5], [6, 1], [2, 2]].map(([r, c], i) => randomMatrix(r!, c!, () => spread * 3 ** i * gaussian(rng)));
}

function clippedMisconceptions(grads: Matrix[], maxNorm: number, index: number): Misconception[] {
  const g = grads[index]!;
  return bind(catalogue.clipped, { g, maxNorm, totalNorm: globalNorm(grads), known: { 'per-matrix': scaled(g, factor(matrixNorm(g), maxNorm)) } });
}

function totalNormMisconceptions(grads: Matrix[], maxNorm: number): Misconception[] {
  return bind(catalogue.totalNorm, { maxNorm, right: globalNorm(grads), known: { 'sum-of-norms': grads.reduce((s, g) => s + matrixNorm(g), 0) } });
}

function runClip(impl: UnitModule, grads: Matrix[], maxNorm: number, call: string) {
  const clip = exported<ClipByGlobalNorm>(impl, 'clipByGlobalNorm', slug);
  return attempt(() => clip(grads, maxNorm), { call, lesson: lessons.global });
}

function expectClipped(result: { clipped: Matrix[] } | undefined, grads: Matrix[], maxNorm: number, call: string, lesson: string, tolerance = { rtol: 1e-9, atol: 1e-300 }) {
  const expected = expectedClip(grads, maxNorm);
  if (!Array.isArray(result?.clipped) || result.clipped.length !== grads.length) {
    throw new Feedback(`${call}.clipped should be a list of ${grads.length} matrices (one per gradient), but it is ${JSON.stringify(result?.clipped)?.slice(0, 80)}.`, lesson);
  }
  expected.forEach((e, i) => {
    expectAnswer(() => result.clipped[i], { call: `${call}.clipped[${i}]`, expected: e, lesson, ...tolerance, misconceptions: clippedMisconceptions(grads, maxNorm, i) });
  });
}

export const checks: HiddenCheck[] = [
  {
    name: 'clipByValue clamps every entry to [−limit, limit] on random matrices',
    run(impl) {
      const clipByValue = exported<ClipByValue>(impl, 'clipByValue', slug);
      const rng = seededRng(1001);
      for (const [rows, cols, limit] of [[4, 6, 1], [1, 9, 0.25], [7, 3, 5], [3, 3, 0]] as const) {
        const g = randomMatrix(rows, cols, () => 3 * gaussian(rng));
        expectAnswer(() => clipByValue(g, limit), {
          call: `clipByValue(g ${rows}x${cols}, ${limit})`,
          expected: g.map((row) => row.map((x) => Math.min(limit, Math.max(-limit, x)))),
          lesson: lessons.value,
          misconceptions: bind(catalogue.clipByValue, { g, limit, known: { 'by-norm': scaled(g, factor(matrixNorm(g), limit)) } }),
        });
      }
    },
  },
  {
    name: 'clipByValue returns a new matrix and does not mutate its input',
    run(impl) {
      const clipByValue = exported<ClipByValue>(impl, 'clipByValue', slug);
      const g = [[3, -0.5, -7], [0.25, 12, -1]];
      const before = JSON.stringify(g);
      const call = 'clipByValue([[3, -0.5, -7], [0.25, 12, -1]], 1)';
      const result = attempt(() => clipByValue(g, 1), { call, lesson: lessons.value });
      nameSlip(result, bind(catalogue.clipByValueInput, { changed: JSON.stringify(g) !== before }), `After ${call}, g became ${JSON.stringify(g)}.`);
      if (result === g || (Array.isArray(result) && result.some((row, i) => row === g[i]))) {
        throw new Feedback(`${call} returned the matrix (or rows) it was given; return a new matrix so that changing one cannot change the other.`, lessons.value);
      }
      expectAnswer(() => result, { call, expected: [[1, -0.5, -1], [0.25, 1, -1]], lesson: lessons.value });
    },
  },
  {
    name: 'totalNorm is the global norm before clipping (engine norms, random lists of 4 matrices)',
    run(impl) {
      for (const [seed, spread, maxNorm] of [[1002, 1, 1], [1003, 10, 5], [1004, 0.01, 100]] as const) {
        const grads = randomGrads(seed, spread);
        const call = `clipByGlobalNorm(${describeList(grads)} (seed ${seed}), ${maxNorm})`;
        const result = runClip(impl, grads, maxNorm, call);
        expectAnswer(() => result?.totalNorm, {
          call: `${call}.totalNorm`,
          expected: globalNorm(grads),
          lesson: lessons.global,
          rtol: 1e-9,
          misconceptions: totalNormMisconceptions(grads, maxNorm),
        });
      }
    },
  },
  {
    name: "above the limit every matrix is scaled by PyTorch's maxNorm/(totalNorm + 1e-6)",
    run(impl) {
      for (const [seed, spread, maxNorm] of [[1005, 1, 1], [1006, 10, 5], [1007, 1e100, 1]] as const) {
        const grads = randomGrads(seed, spread);
        const call = `clipByGlobalNorm(${describeList(grads)} (seed ${seed}), ${maxNorm})`;
        expectClipped(runClip(impl, grads, maxNorm, call), grads, maxNorm, call, lessons.global);
      }
    },
  },
  {
    name: 'the clipped gradients keep their direction and have norm maxNorm·total/(total + 1e-6)',
    run(impl) {
      const grads = randomGrads(1008, 4);
      const maxNorm = 2;
      const call = `clipByGlobalNorm(${describeList(grads)} (seed 1008), 2)`;
      const result = runClip(impl, grads, maxNorm, call);
      const total = globalNorm(grads);
      // Same direction: every matrix divided by the same factor.
      const ratios = attempt(() => grads.map((g, i) => matrixNorm(result.clipped[i]!) / matrixNorm(g)), { call: `${call}.clipped`, lesson: lessons.global });
      if (Math.max(...ratios) - Math.min(...ratios) > 1e-9 * Math.max(...ratios)) {
        throw new Feedback(
          `It looks like ${catalogue.clipped[0]!.name}: ${call} shrank the matrices by different factors (${ratios.map((r) => r.toPrecision(4)).join(', ')}). One factor for all keeps the update's direction.`,
          catalogue.clipped[0]!.lesson,
        );
      }
      const clippedNorm = attempt(() => globalNorm(result.clipped), { call: `${call}.clipped`, lesson: lessons.global });
      expectAnswer(() => clippedNorm, { call: `the global norm of ${call}.clipped`, expected: (maxNorm * total) / (total + 1e-6), lesson: lessons.global, rtol: 1e-9 });
    },
  },
  {
    name: 'small gradients show the +1e-6: total 2e-5 with maxNorm 1e-5',
    run(impl) {
      const grads = [[[1.2e-5, 0]], [[0], [1.6e-5]]]; // global norm exactly 2e-5
      const call = 'clipByGlobalNorm([[[1.2e-5, 0]], [[0], [1.6e-5]]], 1e-5)';
      const result = runClip(impl, grads, 1e-5, call);
      expectClipped(result, grads, 1e-5, call, lessons.eps, { rtol: 1e-9, atol: 1e-20 });
      expectAnswer(() => result?.totalNorm, { call: `${call}.totalNorm`, expected: 2e-5, lesson: lessons.global, rtol: 1e-9, atol: 1e-20, misconceptions: totalNormMisconceptions(grads, 1e-5) });
    },
  },
  {
    name: 'below the limit nothing changes (no scaling up), and the norm is still reported',
    run(impl) {
      for (const [seed, maxNorm] of [[1009, 1e3], [1010, 50]] as const) {
        const grads = randomGrads(seed, 0.5);
        const call = `clipByGlobalNorm(${describeList(grads)} (seed ${seed}), ${maxNorm})`;
        const result = runClip(impl, grads, maxNorm, call);
        expectClipped(result, grads, maxNorm, call, lessons.down, { rtol: 0, atol: 0 });
        expectAnswer(() => result?.totalNorm, { call: `${call}.totalNorm`, expected: globalNorm(grads), lesson: lessons.global, rtol: 1e-9, misconceptions: totalNormMisconceptions(grads, maxNorm) });
      }
    },
  },
  {
    name: "the notes' example: [[3, 4]] with maxNorm 1 → [[0.59999988, 0.79999984]], totalNorm 5",
    run(impl) {
      const call = 'clipByGlobalNorm([[[3, 4]]], 1)';
      const result = runClip(impl, [[[3, 4]]], 1, call);
      expectClipped(result, [[[3, 4]]], 1, call, lessons.example, { rtol: 1e-12, atol: 0 });
      expectAnswer(() => result?.totalNorm, { call: `${call}.totalNorm`, expected: 5, lesson: lessons.example, rtol: 1e-12, misconceptions: totalNormMisconceptions([[[3, 4]]], 1) });
    },
  },
  {
    name: 'edge cases: all-zero gradients (no NaN), maxNorm 0, and gradients at exactly the limit',
    run(impl) {
      const zeros = [[[0, 0, 0]], [[0], [0]]];
      const zeroCall = 'clipByGlobalNorm([[[0, 0, 0]], [[0], [0]]], 1)';
      const zeroResult = runClip(impl, zeros, 1, zeroCall);
      expectClipped(zeroResult, zeros, 1, zeroCall, lessons.eps, { rtol: 0, atol: 0 });
      expectAnswer(() => zeroResult?.totalNorm, { call: `${zeroCall}.totalNorm`, expected: 0, lesson: lessons.global });
      const grads = [[[3, -4]], [[1, 2], [-2, 1]]];
      const zeroMaxCall = 'clipByGlobalNorm([[[3, -4]], [[1, 2], [-2, 1]]], 0)';
      expectClipped(runClip(impl, grads, 0, zeroMaxCall), grads, 0, zeroMaxCall, lessons.global, { rtol: 0, atol: 0 });
      // ‖g‖ = √35 exactly at maxNorm: the 1e-6 still makes scale a hair below 1, as in PyTorch.
      const atLimitCall = 'clipByGlobalNorm([[[3, -4]], [[1, 2], [-2, 1]]], √35)';
      expectClipped(runClip(impl, grads, Math.sqrt(35), atLimitCall), grads, Math.sqrt(35), atLimitCall, lessons.eps, { rtol: 1e-12, atol: 0 });
    },
  },
  {
    name: 'clipByGlobalNorm returns new matrices and does not mutate its inputs',
    run(impl) {
      for (const maxNorm of [1, 1e6]) {
        const grads = randomGrads(1011, 2);
        const before = JSON.stringify(grads);
        const call = `clipByGlobalNorm(${describeList(grads)}, ${maxNorm})`;
        const result = runClip(impl, grads, maxNorm, call);
        if (JSON.stringify(grads) !== before) {
          throw new Feedback(`${call} changed its input grads: scale copies (g.map(row => row.map(...))) and leave the originals alone. (PyTorch's clip_grad_norm_, with its trailing underscore, works in place; this function does not.)`, lessons.global);
        }
        if (!Array.isArray(result?.clipped) || result.clipped.some((g, i) => g === grads[i] || (Array.isArray(g) && g.some((row, r) => row === grads[i]![r])))) {
          throw new Feedback(`${call} returned (rows of) the matrices it was given${maxNorm > 1 ? ' when nothing needed clipping' : ''}; return new matrices, so that changing the result cannot change the gradients.`, lessons.down);
        }
      }
    },
  },
];
