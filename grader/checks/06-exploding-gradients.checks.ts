/**
 * Hidden checks for unit 06. Expected values come from the reference engine (autodiff through a
 * chain of scalar tensors, repeated matmul) or from the closed form (1 − lr·c)^t, never from solutions/.
 */
import { Tensor, matmul, mul, relu } from '../engine/index';
import { seededRng } from '../../lib/random';
import { attempt, Feedback, expectShapeError, expectUnchanged, nameSlip, snapshot } from '../../lib/testing';
import { bind } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/06-exploding-gradients';
import { describe as show } from '../../lib/compare';
import { expectAnswer, exported, type HiddenCheck, type UnitModule } from './helpers';
import { oracleFunction } from './support/oracle';

const slug = '06-exploding-gradients';
type Matrix = number[][];
type ChainForward = (x: number, weights: number[]) => number[];
type ChainBackward = (x: number, weights: number[], dLdzLast?: number) => number[];
type MatrixPower = (W: Matrix, k: number) => Matrix;
type DeepLinear = (W: Matrix, L: number, x: number[]) => number[];
type GdDiverges = (curvature: number, lr: number, steps: number) => boolean;

const list = (xs: number[]): string => `[${xs.map((x) => show(x)).join(', ')}]`;
const mat = (W: Matrix): string => `[${W.map(list).join(', ')}]`;

// Oracles (grader/checks/support/oracle.ts): the grader computes each value once per class.

/** The chain through the engine: activations, and dL/dz_k from autodiff seeded with dLdzLast. */
const engineChain = oracleFunction('engineChain', (x: number, weights: number[], dLdzLast = 1): { a: number[]; dz: number[] } => {
  let a = Tensor.param(x);
  const zs: Tensor[] = [];
  const as: number[] = [];
  for (const w of weights) {
    const z = mul(Tensor.from(w), a);
    zs.push(z);
    a = relu(z);
    as.push(a.item());
  }
  zs[zs.length - 1]!.backward(dLdzLast);
  return { a: as, dz: zs.map((z) => z.grad![0]!) };
});

const enginePower = oracleFunction('enginePower', (W: Matrix, k: number): Matrix => {
  let P = Tensor.from(W.map((row, i) => row.map((_, j) => (i === j ? 1 : 0))));
  const M = Tensor.from(W);
  for (let i = 0; i < k; i++) P = matmul(P, M);
  return P.toArray() as Matrix;
});

const engineLinear = oracleFunction('engineLinear', (W: Matrix, power: number, x: number[]): number[] => matmul(Tensor.from(enginePower(W, power)), Tensor.from(x)).toArray() as number[]);
/** x·W^power, x as a row: what the row-vector convention computes. */
const rowVector = oracleFunction('rowVector', (W: Matrix, power: number, x: number[]): number[] => (matmul(Tensor.from([x]), Tensor.from(enginePower(W, power))).toArray() as Matrix)[0]!);

function randomChain(rng: () => number): { x: number, weights: number[] } {
  const L = 1 + Math.floor(rng() * 8);
  // Mostly positive weights so that long stretches of the chain stay active; some negative ones switch units off.
  const weights = Array.from({ length: L }, () => Number(((rng() < 0.8 ? 1 : -1) * (0.2 + 2.8 * rng())).toFixed(3)));
  return { x: Number((0.1 + 2 * rng()).toFixed(3)), weights };
}

function randomSquare(rng: () => number, n: number): Matrix {
  // Entries of size about 1/√n keep powers of moderate size.
  return Array.from({ length: n }, () => Array.from({ length: n }, () => Number(((2 * rng() - 1) * 1.6 / Math.sqrt(n)).toFixed(4))));
}

const backwardSlips = (weights: number[], dLdzLast: number, right: number[]) => bind(catalogue.reluChainBackward, { weights, dLdzLast, right });

/** Check a boolean answer; a wrong one that a catalogued slip explains is named. */
function expectVerdict(compute: () => unknown, call: string, expected: boolean, lesson: string, input: catalogue.DivergesCall): void {
  const actual = attempt(compute, { call, lesson });
  if (typeof actual !== 'boolean') throw new Feedback(`${call} should return true or false but returned ${show(actual)}.`, lesson);
  if (actual === expected) return;
  const numbers = `${call} returned ${actual}; the right value is ${expected}.`;
  nameSlip(actual, bind(catalogue.gdDiverges, input), numbers);
  throw new Feedback(numbers, lesson);
}

export const checks: HiddenCheck[] = [
  {
    name: 'reluChainForward matches the reference engine on 100 random chains',
    run(impl: UnitModule) {
      const forward = exported<ChainForward>(impl, 'reluChainForward', slug);
      const rng = seededRng(601);
      for (let i = 0; i < 100; i++) {
        const { x, weights } = randomChain(rng);
        expectAnswer(() => forward(x, [...weights]), {
          call: `reluChainForward(${x}, ${list(weights)})`,
          expected: engineChain(x, weights).a,
          lesson: `${slug}#a-relu-chain-with-weight-3`,
          rtol: 1e-9,
          misconceptions: bind(catalogue.reluChainForward, { x, weights, right: engineChain(x, weights).a }),
        });
      }
    },
  },
  {
    name: "reluChainForward reproduces the notes: [3, 9, 27], and 3^20 = 3486784401 after twenty layers",
    run(impl) {
      const forward = exported<ChainForward>(impl, 'reluChainForward', slug);
      const lesson = `${slug}#a-relu-chain-with-weight-3`;
      expectAnswer(() => forward(1, [3, 3, 3]), { call: 'reluChainForward(1, [3, 3, 3])', expected: [3, 9, 27], lesson, misconceptions: bind(catalogue.reluChainForward, { x: 1, weights: [3, 3, 3], right: [3, 9, 27] }) });
      const twenty = Array.from({ length: 20 }, () => 3);
      expectAnswer(() => forward(1, twenty), { call: 'reluChainForward(1, twenty 3s)', expected: engineChain(1, twenty).a, lesson, rtol: 1e-12 });
    },
  },
  {
    name: "reluChainBackward matches the engine's autodiff on 100 random chains and seeds",
    run(impl) {
      const backward = exported<ChainBackward>(impl, 'reluChainBackward', slug);
      const rng = seededRng(602);
      for (let i = 0; i < 100; i++) {
        const { x, weights } = randomChain(rng);
        const seed = Number(((2 * rng() - 1) * 3).toFixed(3));
        const expected = engineChain(x, weights, seed).dz;
        expectAnswer(() => backward(x, [...weights], seed), {
          call: `reluChainBackward(${x}, ${list(weights)}, ${seed})`,
          expected,
          lesson: `${slug}#backward-through-the-chain`,
          rtol: 1e-9,
          misconceptions: backwardSlips(weights, seed, expected),
        });
      }
    },
  },
  {
    name: "reluChainBackward reproduces the notes' example, [9, 3, 1] first layer first, with dLdzLast = 1 by default",
    run(impl) {
      const backward = exported<ChainBackward>(impl, 'reluChainBackward', slug);
      for (const [call, compute, expected, weights, seed] of [
        ['reluChainBackward(1, [3, 3, 3])', () => backward(1, [3, 3, 3]), [9, 3, 1], [3, 3, 3], 1],
        ['reluChainBackward(1, [3, 3, 3, 3], 0.5)', () => backward(1, [3, 3, 3, 3], 0.5), [13.5, 4.5, 1.5, 0.5], [3, 3, 3, 3], 0.5],
      ] as [string, () => number[], number[], number[], number][]) {
        expectAnswer(compute, {
          call,
          expected,
          lesson: `${slug}#which-end-the-list-starts-from`,
          misconceptions: backwardSlips(weights, seed, expected),
        });
      }
    },
  },
  {
    name: 'the ReLU chain at the edges: x = 0, a negative input, a single layer, a switched-off unit',
    run(impl) {
      const forward = exported<ChainForward>(impl, 'reluChainForward', slug);
      const backward = exported<ChainBackward>(impl, 'reluChainBackward', slug);
      const lesson = `${slug}#backward-through-the-chain`;
      const cases: [number, number[], number][] = [
        [0, [3, 3, 3], 1], // every z is 0: relu'(0) = 0, so only the last entry survives
        [-1, [2, 5], 2],
        [1.5, [4], 3],
        [1, [2, -1, 3, 3], 1],
        [1, [-2, -3], 1], // z_1 < 0 switches a_1 off, so z_2 = 0 as well
      ];
      for (const [x, weights, seed] of cases) {
        const want = engineChain(x, weights, seed);
        expectAnswer(() => forward(x, [...weights]), { call: `reluChainForward(${x}, ${list(weights)})`, expected: want.a, lesson: `${slug}#a-relu-chain-with-weight-3`, misconceptions: bind(catalogue.reluChainForward, { x, weights, right: want.a }) });
        expectAnswer(() => backward(x, [...weights], seed), {
          call: `reluChainBackward(${x}, ${list(weights)}, ${seed})`,
          expected: want.dz,
          lesson,
          misconceptions: backwardSlips(weights, seed, want.dz),
        });
      }
    },
  },
  {
    name: 'no function changes its inputs (weights, W, x)',
    run(impl) {
      const forward = exported<ChainForward>(impl, 'reluChainForward', slug);
      const backward = exported<ChainBackward>(impl, 'reluChainBackward', slug);
      const power = exported<MatrixPower>(impl, 'matrixPower', slug);
      const linear = exported<DeepLinear>(impl, 'deepLinearOutput', slug);
      const weights = [3, -1, 2, 0.5];
      const W = [[0.5, 1], [-1, 2]];
      const x = [1, -2];
      const [w0, W0, x0] = [snapshot(weights), snapshot(W), snapshot(x)];
      const steps: [string, () => unknown, unknown, unknown, string, string][] = [
        ['reluChainForward(2, [3, -1, 2, 0.5])', () => forward(2, weights), w0, weights, 'weights', 'a-relu-chain-with-weight-3'],
        ['reluChainBackward(2, [3, -1, 2, 0.5], 1)', () => backward(2, weights, 1), w0, weights, 'weights', 'backward-through-the-chain'],
        ['matrixPower([[0.5, 1], [-1, 2]], 3)', () => power(W, 3), W0, W, 'W', 'matrix-powers'],
        ['matrixPower([[0.5, 1], [-1, 2]], 1)', () => { const P = power(W, 1); if (Array.isArray(P) && Array.isArray(P[0])) P[0][0] = 99; }, W0, W, 'W (W^1 must be a new matrix, not W itself)', 'matrix-powers'],
        ['deepLinearOutput([[0.5, 1], [-1, 2]], 4, [1, -2])', () => linear(W, 4, x), W0, W, 'W', 'a-deep-linear-network'],
        ['deepLinearOutput([[0.5, 1], [-1, 2]], 1, [1, -2])', () => { const y = linear(W, 1, x); if (Array.isArray(y)) y[0] = 99; }, x0, x, 'x (for L = 1 return a new array, not x itself)', 'a-deep-linear-network'],
      ];
      for (const [call, compute, before, after, argument, anchor] of steps) {
        attempt(compute, { call, lesson: `${slug}#${anchor}` });
        expectUnchanged(before, after, { call, lesson: `${slug}#${anchor}`, argument });
      }
    },
  },
  {
    name: 'matrixPower matches repeated engine matmul for random square matrices and k = 0 … 6',
    run(impl) {
      const power = exported<MatrixPower>(impl, 'matrixPower', slug);
      const rng = seededRng(603);
      for (let n = 1; n <= 5; n++) {
        for (let k = 0; k <= 6; k++) {
          const W = randomSquare(rng, n);
          expectAnswer(() => power(W, k), {
            call: `matrixPower(${mat(W)}, ${k})`,
            expected: enginePower(W, k),
            lesson: `${slug}#matrix-powers`,
            rtol: 1e-9,
            atol: 1e-12,
            misconceptions: bind(catalogue.matrixPower, { W, k, right: enginePower(W, k) }),
          });
        }
      }
      expectAnswer(() => power([[3]], 20), { call: 'matrixPower([[3]], 20)', expected: [[3486784401]], lesson: `${slug}#matrix-powers`, rtol: 0, atol: 0 });
    },
  },
  {
    name: 'matrixPower of a non-square matrix throws an error naming its shape',
    run(impl) {
      const power = exported<MatrixPower>(impl, 'matrixPower', slug);
      const lesson = `${slug}#matrix-powers`;
      expectShapeError(() => power([[1, 2, 3], [4, 5, 6]], 2), ['2x3'], { call: 'matrixPower(<2x3 matrix>, 2)', lesson });
      expectShapeError(() => power([[1], [2], [3]], 3), ['3x1'], { call: 'matrixPower(<3x1 matrix>, 3)', lesson });
    },
  },
  {
    name: 'deepLinearOutput equals W^(L−1)·x from the engine for random W, x and L = 1 … 8',
    run(impl) {
      const linear = exported<DeepLinear>(impl, 'deepLinearOutput', slug);
      const rng = seededRng(604);
      for (let trial = 0; trial < 40; trial++) {
        const n = 1 + (trial % 4);
        const L = 1 + Math.floor(rng() * 8);
        const W = randomSquare(rng, n);
        const x = Array.from({ length: n }, () => Number((2 * rng() - 1).toFixed(3)));
        expectAnswer(() => linear(W, L, [...x]), {
          call: `deepLinearOutput(${mat(W)}, ${L}, ${list(x)})`,
          expected: engineLinear(W, L - 1, x),
          lesson: `${slug}#a-deep-linear-network`,
          rtol: 1e-9,
          atol: 1e-12,
          misconceptions: bind(catalogue.deepLinearOutput, { W, right: engineLinear(W, L - 1, x), known: { 'row-vector': rowVector(W, L - 1, x) } }),
        });
      }
    },
  },
  {
    name: "deepLinearOutput reproduces the notes: diag(1.5), L = 30 → 1.5^29 ≈ 127834; diag(0.5) → 0.5^29, and 0.5^30 at L = 31",
    run(impl) {
      const linear = exported<DeepLinear>(impl, 'deepLinearOutput', slug);
      const lesson = `${slug}#a-deep-linear-network`;
      for (const [d, L] of [[1.5, 30], [0.5, 30], [0.5, 31], [3, 21]] as [number, number][]) {
        const W = [[d, 0], [0, d]];
        expectAnswer(() => linear(W, L, [1, 1]), {
          call: `deepLinearOutput(diag(${d}, ${d}), ${L}, [1, 1])`,
          expected: engineLinear(W, L - 1, [1, 1]),
          lesson,
          rtol: 1e-12,
          atol: 0,
          misconceptions: bind(catalogue.deepLinearOutput, { W, right: engineLinear(W, L - 1, [1, 1]) }),
        });
      }
    },
  },
  {
    name: 'deepLinearOutput with mismatched shapes throws an error naming both',
    run(impl) {
      const linear = exported<DeepLinear>(impl, 'deepLinearOutput', slug);
      const lesson = `${slug}#a-deep-linear-network`;
      expectShapeError(() => linear([[2, 0], [0, 2]], 3, [1, 2, 3]), ['2x2', '3'], { call: 'deepLinearOutput(<2x2 matrix>, 3, [1, 2, 3])', lesson });
      expectShapeError(() => linear([[1, 0, 0], [0, 1, 0], [0, 0, 1]], 2, [1, 2]), ['3x3', '2'], { call: 'deepLinearOutput(<3x3 matrix>, 2, [1, 2])', lesson });
      expectShapeError(() => linear([[1, 2, 3], [4, 5, 6]], 2, [1, 2]), ['2x3'], { call: 'deepLinearOutput(<2x3 matrix>, 2, [1, 2])', lesson });
    },
  },
  {
    name: 'gdDiverges is true exactly when |1 − lr·c|^steps > 1, for 200 random curvatures and learning rates',
    run(impl) {
      const diverges = exported<GdDiverges>(impl, 'gdDiverges', slug);
      const rng = seededRng(605);
      const ratios = [0.1, 0.5, 0.9, 0.99, 1.01, 1.1, 1.5, 3];
      for (let i = 0; i < 200; i++) {
        const c = Number((0.1 + 20 * rng()).toFixed(3));
        const ratio = ratios[i % ratios.length]!;
        const lr = Number(((ratio * 2) / c).toPrecision(6)); // short enough to read in a message; ratio stays far from 1
        const steps = 1 + Math.floor(rng() * 60);
        const expected = Math.abs(1 - lr * c) ** steps > 1;
        expectVerdict(() => diverges(c, lr, steps), `gdDiverges(${c}, ${lr}, ${steps})`, expected, `${slug}#gradient-descent-on-a-parabola`, { curvature: c, lr, steps });
      }
      expectVerdict(() => diverges(4, 0.1, 0), 'gdDiverges(4, 0.1, 0)', false, `${slug}#gradient-descent-on-a-parabola`, { curvature: 4, lr: 0.1, steps: 0 });
      expectVerdict(() => diverges(4, 0.6, 0), 'gdDiverges(4, 0.6, 0)', false, `${slug}#gradient-descent-on-a-parabola`, { curvature: 4, lr: 0.6, steps: 0 });
    },
  },
  {
    name: 'gdDiverges at lr = 2/c exactly is false: w only flips sign',
    run(impl) {
      const diverges = exported<GdDiverges>(impl, 'gdDiverges', slug);
      for (const c of [0.5, 1, 2, 3, 4, 10]) {
        for (const steps of [1, 2, 7, 100]) {
          expectVerdict(() => diverges(c, 2 / c, steps), `gdDiverges(${c}, ${2 / c}, ${steps})`, false, `${slug}#at-the-edge-lr--2c`, { curvature: c, lr: 2 / c, steps });
        }
      }
    },
  },
];
