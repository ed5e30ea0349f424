/**
 * Hidden checks for unit 10. Norms come from the reference engine (frobeniusNorm of each matrix);
 * the clipping rule applied to them is PyTorch's clip_grad_norm_ (scale = maxNorm/(total + 1e-6),
 * used only when < 1). The training loop is compared step by step with the engine's own
 * (grader/engine/clipping.ts: trainClipped, gradients by autodiff). Nothing is imported from solutions/.
 */
import { Tensor, chainClipProblem, chainWeights, clipGlobalNormReference, frobeniusNorm, linearNetClipProblem, trainClipped, type ClipProblem, type ClipRun, type ClipRunOptions } from '../engine/index';
import { gaussian, randomMatrix, seededRng } from '../../lib/random';
import { attempt, Feedback, nameSlip } from '../../lib/testing';
import { bind } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/10-gradient-clipping';
import { expectAnswer, exported, type HiddenCheck, type Misconception, type UnitModule } from './helpers';

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
  loop: `${slug}#clipping-inside-the-training-loop`,
  after: `${slug}#clipping-after-the-update`,
  valueInLoop: `${slug}#value-or-norm-in-the-loop`,
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

type TrainWithClipping = (problem: ClipProblem, options: ClipRunOptions) => ClipRun;
const describeOptions = (o: ClipRunOptions) => `{ ${Object.entries(o).map(([k, v]) => `${k}: ${v}`).join(', ')} }`;

/** The lesson's exploding chain (10 weights near 1.2, seed 1010), gradients from the engine's autodiff. */
const lessonChain = () => chainClipProblem(chainWeights(10, 1010));

/** The learner's run, with its shape checked: arrays of numbers, a boolean, a list of matrices. */
function runLoop(impl: UnitModule, problem: ClipProblem, options: ClipRunOptions, call: string): ClipRun {
  const train = exported<TrainWithClipping>(impl, 'trainWithClipping', slug);
  const result = attempt(() => train(problem, options), { call, lesson: lessons.loop });
  const ok =
    result &&
    Array.isArray(result.lossHistory) &&
    Array.isArray(result.gradNormHistory) &&
    typeof result.diverged === 'boolean' &&
    Array.isArray(result.params) &&
    [...result.lossHistory, ...result.gradNormHistory].every((x) => typeof x === 'number');
  if (!ok) throw new Feedback(`${call} should return { params, lossHistory, gradNormHistory, diverged } (matrices, two arrays of numbers and a boolean), but returned ${JSON.stringify(result)?.slice(0, 120)}.`, lessons.loop);
  return result;
}

/** The finite part of a history (a diverged run ends with one entry that is not finite). */
const finitePart = (h: number[]) => (h.length > 0 && !Number.isFinite(h.at(-1)) ? h.slice(0, -1) : h);

/**
 * The learner's run against the engine's, step by step: the first losses (where the loop's slips
 * are named), the pre-clip norms, whether and where it diverged, every loss, and the parameters.
 */
function expectRun(result: ClipRun, expected: ClipRun, problem: ClipProblem, options: ClipRunOptions, call: string, tolerance = { rtol: 1e-6, atol: 1e-9 }) {
  const head = Math.min(3, finitePart(expected.lossHistory).length);
  const known: Record<string, number[]> = {};
  if (options.clipNorm !== undefined) {
    known['clip-after-update'] = trainClipped(problem, { lr: options.lr, steps: head }).lossHistory.slice(0, head);
    known['per-matrix-in-loop'] = trainClipped(problem, { lr: options.lr, steps: head }, (grads) => grads.map((g) => clipGlobalNormReference([g], options.clipNorm!)[0]!)).lossHistory.slice(0, head);
  }
  const right = expected.lossHistory.slice(0, head);
  expectAnswer(() => result.lossHistory.slice(0, head), { call: `${call}.lossHistory.slice(0, ${head})`, expected: right, lesson: lessons.loop, ...tolerance, misconceptions: bind(catalogue.training, { clipNorm: options.clipNorm ?? Infinity, right, known }) });
  const norms = finitePart(expected.gradNormHistory);
  expectAnswer(() => finitePart(result.gradNormHistory).slice(0, norms.length), {
    call: `${call}.gradNormHistory`,
    expected: norms,
    lesson: lessons.loop,
    ...tolerance,
    misconceptions: options.clipNorm === undefined ? [] : bind(catalogue.gradNormHistory, { clipNorm: options.clipNorm, right: norms }),
  });
  if (result.diverged !== expected.diverged || result.lossHistory.length !== expected.lossHistory.length || result.gradNormHistory.length !== expected.gradNormHistory.length) {
    const should = expected.diverged ? `diverge at step ${expected.lossHistory.length} (a loss or norm that is not finite) and stop there` : `run all ${expected.lossHistory.length} steps without diverging`;
    throw new Feedback(`${call} should ${should}, but it returned diverged ${result.diverged} with ${result.lossHistory.length} losses and ${result.gradNormHistory.length} norms.`, lessons.loop);
  }
  if (expected.diverged && Number.isFinite(result.lossHistory.at(-1)!) && Number.isFinite(result.gradNormHistory.at(-1)!)) {
    throw new Feedback(`${call} says it diverged, but its last loss and norm (${result.lossHistory.at(-1)}, ${result.gradNormHistory.at(-1)}) are both finite.`, lessons.loop);
  }
  expectAnswer(() => finitePart(result.lossHistory), { call: `${call}.lossHistory`, expected: finitePart(expected.lossHistory), lesson: lessons.loop, ...tolerance });
  if (!expected.diverged) {
    if (result.params.length !== expected.params.length) throw new Feedback(`${call}.params should hold ${expected.params.length} matrices, one per parameter, but it holds ${result.params.length}.`, lessons.loop);
    expected.params.forEach((p, i) => expectAnswer(() => result.params[i], { call: `${call}.params[${i}]`, expected: p, lesson: lessons.loop, ...tolerance }));
  }
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
    name: "the course's example: [[3, 4]] with maxNorm 1 → [[0.59999988, 0.79999984]], totalNorm 5",
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
  {
    name: "trainWithClipping without clipping: the lesson's chain at lr 0.15 diverges (Infinity at step 4) and stops there, as the engine's loop does",
    run(impl) {
      const options = { lr: 0.15, steps: 60 };
      const call = `trainWithClipping(lesson's chain, ${describeOptions(options)})`;
      expectRun(runLoop(impl, lessonChain(), options, call), trainClipped(lessonChain(), options), lessonChain(), options, call);
    },
  },
  {
    name: "trainWithClipping with clipNorm 1: the same run no longer diverges and its loss falls below 1e-6, matching the engine step by step",
    run(impl) {
      const options = { lr: 0.15, steps: 30, clipNorm: 1 };
      const call = `trainWithClipping(lesson's chain, ${describeOptions(options)})`;
      const expected = trainClipped(lessonChain(), options);
      // The engine's own run is what the lesson promises; the learner's must match it.
      if (expected.diverged || !(expected.lossHistory.at(-1)! < 1e-6)) throw new Error('the engine no longer tames the lesson chain');
      expectRun(runLoop(impl, lessonChain(), options, call), expected, lessonChain(), options, call);
    },
  },
  {
    name: 'trainWithClipping matches the engine on random chains and deep linear nets of mixed shapes (clipNorm, every step and the final parameters)',
    run(impl) {
      const problems: [string, () => ClipProblem, ClipRunOptions][] = [
        ['chain of 15 (seed 1012)', () => chainClipProblem(chainWeights(15, 1012)), { lr: 0.05, steps: 30, clipNorm: 1 }],
        ['chain of 6 (seed 1013)', () => chainClipProblem(chainWeights(6, 1013)), { lr: 0.1, steps: 30, clipNorm: 0.5 }],
        ['linear net 3→4→2→5→1 (seed 1014)', () => linearNetClipProblem([3, 4, 2, 5, 1], 1014, 2), { lr: 0.05, steps: 25, clipNorm: 1 }],
        ['linear net 2→6→3→2 (seed 1015)', () => linearNetClipProblem([2, 6, 3, 2], 1015, 2.5), { lr: 0.02, steps: 25, clipNorm: 2 }],
      ];
      for (const [what, make, options] of problems) {
        const call = `trainWithClipping(${what}, ${describeOptions(options)})`;
        expectRun(runLoop(impl, make(), options, call), trainClipped(make(), options), make(), options, call);
      }
    },
  },
  {
    name: 'trainWithClipping logs the norm before clipping at every step, also when nothing diverges',
    run(impl) {
      const problem = () => linearNetClipProblem([4, 3, 3, 2], 1016, 2);
      const options = { lr: 0.01, steps: 25, clipNorm: 0.3 };
      const call = `trainWithClipping(linear net 4→3→3→2 (seed 1016), ${describeOptions(options)})`;
      const result = runLoop(impl, problem(), options, call);
      const norms = trainClipped(problem(), options).gradNormHistory;
      expectAnswer(() => result.gradNormHistory, { call: `${call}.gradNormHistory`, expected: norms, lesson: lessons.loop, rtol: 1e-6, misconceptions: bind(catalogue.gradNormHistory, { clipNorm: options.clipNorm, right: norms }) });
    },
  },
  {
    name: 'trainWithClipping with clipValue clamps every entry inside the loop (engine, chain and linear net)',
    run(impl) {
      const problems: [string, () => ClipProblem, ClipRunOptions][] = [
        ["lesson's chain", lessonChain, { lr: 0.15, steps: 30, clipValue: 0.5 }],
        ['linear net 3→4→2→1 (seed 1017)', () => linearNetClipProblem([3, 4, 2, 1], 1017, 2), { lr: 0.05, steps: 30, clipValue: 0.2 }],
      ];
      for (const [what, make, options] of problems) {
        const call = `trainWithClipping(${what}, ${describeOptions(options)})`;
        const result = runLoop(impl, make(), options, call);
        const expected = trainClipped(make(), options);
        const head = Math.min(3, expected.lossHistory.length);
        expectAnswer(() => result.lossHistory.slice(0, head), { call: `${call}.lossHistory.slice(0, ${head})`, expected: expected.lossHistory.slice(0, head), lesson: lessons.valueInLoop, rtol: 1e-6 });
        expectRun(result, expected, make(), options, call);
      }
    },
  },
  {
    name: 'trainWithClipping leaves problem.init alone, returns new matrices, and steps 0 gives empty histories',
    run(impl) {
      const problem = linearNetClipProblem([3, 2, 2], 1018, 1);
      const before = JSON.stringify(problem.init);
      const call = 'trainWithClipping(linear net 3→2→2, { lr: 0.1, steps: 5, clipNorm: 1 })';
      const result = runLoop(impl, problem, { lr: 0.1, steps: 5, clipNorm: 1 }, call);
      if (JSON.stringify(problem.init) !== before) throw new Feedback(`${call} changed problem.init; start from copies of it and build new matrices at every update.`, lessons.loop);
      const idle = runLoop(impl, problem, { lr: 0.1, steps: 0 }, 'trainWithClipping(linear net 3→2→2, { lr: 0.1, steps: 0 })');
      if (idle.lossHistory.length !== 0 || idle.gradNormHistory.length !== 0 || idle.diverged !== false) {
        throw new Feedback(`trainWithClipping(…, { lr: 0.1, steps: 0 }) should take no step: empty histories and diverged false, but it returned ${JSON.stringify({ ...idle, params: undefined })}.`, lessons.loop);
      }
      problem.init.forEach((p, i) => expectAnswer(() => idle.params[i], { call: `trainWithClipping(…, { steps: 0 }).params[${i}]`, expected: p, lesson: lessons.loop, rtol: 0, atol: 0 }));
      if (idle.params.some((p, i) => p === problem.init[i] || (Array.isArray(p) && p.some((row, r) => row === problem.init[i]![r])))) {
        throw new Feedback('trainWithClipping(…, { steps: 0 }).params returned (rows of) problem.init itself; return copies, so that changing the result cannot change the problem.', lessons.loop);
      }
      if (result.params.some((p, i) => p === problem.init[i])) throw new Feedback(`${call}.params returned problem.init's own matrices.`, lessons.loop);
    },
  },
  {
    name: 'trainWithClipping throws a clear error for a bad lr, a bad steps, or both clipNorm and clipValue',
    run(impl) {
      const train = exported<TrainWithClipping>(impl, 'trainWithClipping', slug);
      const problem = lessonChain();
      for (const options of [{ lr: 0, steps: 3 }, { lr: Number.NaN, steps: 3 }, { lr: 0.1, steps: -1 }, { lr: 0.1, steps: 1.5 }, { lr: 0.1, steps: 3, clipNorm: 1, clipValue: 1 }]) {
        const call = `trainWithClipping(lesson's chain, ${describeOptions(options)})`;
        let error: unknown;
        try {
          train(problem, options);
        } catch (e) {
          error = e;
        }
        if (error instanceof Error && error.message.startsWith('TODO')) attempt(() => { throw error; }, { call, lesson: lessons.loop });
        if (!(error instanceof Error) || error.message.length === 0) throw new Feedback(`${call} should throw an Error saying what is wrong with the options, but it ${error === undefined ? 'returned' : `threw ${String(error)}`}.`, lessons.loop);
      }
    },
  },
];
