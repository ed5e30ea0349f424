import { mlpGradients, sigmoid, Tensor } from '../../../grader/engine/index';
import { gaussian, randomMatrix, seededRng } from '@course/random';
import { lineChart, type Series } from '../../../src/figures/chart';
import { asYours, show, type LiveFigure, type Params, type UnitApi } from '../../../src/figures/live/types';
import * as E from '../../../grader/engine/index';
import { T, scalar, derivative, type Matrix, type Act } from '../../../src/figures/live/engine';

type Block = { W: number[][]; b: number[] };
type Api = {
  residualChainLocalGradients(x: number, weights: number[]): number[];
  residualNetForwardBackward(blocks: Block[], head: Block, X: number[][], Y: number[], activation: string): { grads: { dW: number[][] }[] };
};
const WIDTH = 16;
const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leakyRelu'].map((v) => ({ value: v, label: v }));

const running = (factors: number[]): [number, number][] => {
  let product = 1;
  return factors.map((f, k) => [k + 1, (product *= f)]);
};

/** Unit 02's chain without the skip, a_k = σ(w·a_{k−1}): its σ'(z_k) (the lesson's table), or w·σ'(z_k) with the weight. */
function plainChainFactors(x: number, w: number, L: number, withWeight = false): number[] {
  let a = x;
  return Array.from({ length: L }, () => {
    const s = sigmoid(Tensor.from(w * a)).data[0]!;
    a = s;
    return (withWeight ? w : 1) * s * (1 - s);
  });
}

/** Lesson 11's experiment with `depth` blocks: width 16, N(0, 1/n) weights, zero biases, a head, a batch of 16 (seed 1). */
function blocksNet(depth: number) {
  const rng = seededRng(1);
  const n = WIDTH;
  const blocks = Array.from({ length: depth }, () => ({ W: randomMatrix(n, n, () => gaussian(rng, 0, Math.sqrt(1 / n))), b: Array<number>(n).fill(0) }));
  const head = { W: randomMatrix(n, 1, () => gaussian(rng, 0, Math.sqrt(1 / n))), b: [0] };
  const X = randomMatrix(16, n, () => gaussian(rng));
  const Y = Array.from({ length: 16 }, () => (rng() < 0.5 ? 0 : 1));
  return { blocks, head, X, Y };
}

const frobenius = (M: number[][]) => Math.sqrt(M.flat().reduce((s, x) => s + x * x, 0));
const perBlock = (grads: { dW: number[][] }[], depth: number): [number, number][] => grads.slice(0, depth).map((g, l) => [l + 1, frobenius(g.dW)]);

/** The same weights as a plain net (unit 05's), computed with the engine: the dashed line. */
function plainNorms(p: Params): [number, number][] {
  const depth = p.depth as number;
  const { blocks, head, X, Y } = blocksNet(depth);
  return perBlock(mlpGradients([...blocks, head], X, Y, p.activation as 'sigmoid').grads, depth);
}

const ratio = (points: [number, number][]) => points[0]![1] / points.at(-1)![1];

/** The unit's contract functions written with the reference engine (grader/engine): what the page draws, and what the learner's series is drawn beside. */
export const reference: UnitApi = {
  residualChainForward: (x: number, weights: number[]) => {
    const z: number[] = [];
    const a: number[] = [];
    let prev = T(x);
    for (const w of weights) {
      const zk = E.mul(T(w), prev);
      prev = E.add(prev, E.sigmoid(zk));
      z.push(scalar(zk));
      a.push(scalar(prev));
    }
    return { z, a };
  },
  // da_k/da_{k−1} by the engine's autodiff of one block, a ↦ a + σ(w·a), at each a_{k−1}.
  residualChainLocalGradients: (x: number, weights: number[]) => {
    let prev = x;
    return weights.map((w) => {
      const factor = derivative((a) => E.add(a, E.sigmoid(E.mul(T(w), a))), prev);
      prev = prev + scalar(E.sigmoid(T(w * prev)));
      return factor;
    });
  },
  residualNetForwardBackward: (blocks: { W: Matrix; b: number[] }[], head: { W: Matrix; b: number[] }, X: Matrix, Y: number[], act: Act) => {
    const { loss, grads } = E.residualGradients(blocks, head, X, Y, act);
    return { loss, grads };
  },
};

export const live: LiveFigure[] = [
  {
    id: '11-residual-chain',
    unit: '11-residual-connections',
    uses: ['residualChainLocalGradients'],
    alt: "The running product of the local factors along the scalar chain from x = 1: with the skip, 1 + w·σ'(z_k); without it, unit 02's σ'(z_k); for the chosen weight and depth, on a log scale",
    controls: [
      { kind: 'range', name: 'w', label: 'every weight w_k', min: 0.1, max: 3, step: 0.05, value: 0.5, format: 'fixed2' },
      { kind: 'range', name: 'L', label: 'layers L', min: 1, max: 30, step: 1, value: 3, format: 'int' },
    ],
    compute: (p, api) => {
      const factors = (api as unknown as Api).residualChainLocalGradients(1, Array<number>(p.L as number).fill(p.w as number));
      return [{ name: "with the skip: ∏ (1 + w·σ'(z_k))", points: running(factors) }];
    },
    chart: (p, reference, yours) =>
      lineChart({
        title: `Product of the local factors along the chain from x = 1, w = ${show(p.w as number)}`,
        xLabel: 'layer k',
        yLabel: 'product of the local factors up to k (log scale)',
        logY: true,
        markers: true,
        legend: 'left',
        series: [...reference, { name: "unit 02, no skip: ∏ σ'(z_k)", points: running(plainChainFactors(1, p.w as number, p.L as number)), dashed: true }, ...asYours(yours)],
      }),
    readout: (p, [ref]) => {
      const [w, L] = [p.w as number, p.L as number];
      const product = (f: number[]) => show(f.reduce((s, x) => s * x, 1));
      return `Over ${L} layers: ${show(ref!.points.at(-1)![1])} with the skip; unit 02's ∏ σ'(z_k) is ${product(plainChainFactors(1, w, L))}, and with its weights, da_${L}/da_0 = ∏ w·σ'(z_k) = ${product(plainChainFactors(1, w, L, true))}.`;
    },
  },
  {
    id: '11-block-gradients',
    unit: '11-residual-connections',
    uses: ['residualNetForwardBackward'],
    alt: "‖dW_l‖ of every block of a net of width 16 for the chosen depth and activation, with the skips and as the same plain net, on a log scale",
    controls: [
      { kind: 'range', name: 'depth', label: 'blocks', min: 2, max: 40, step: 1, value: 30, format: 'int' },
      { kind: 'select', name: 'activation', label: 'activation g', value: 'sigmoid', options: ACTIVATIONS },
      { kind: 'toggle', name: 'skip', label: 'skip connections: A + g(A·W + b)', value: true },
    ],
    compute: (p, api): Series[] => {
      if (p.skip !== true) return [];
      const { blocks, head, X, Y } = blocksNet(p.depth as number);
      const { grads } = (api as unknown as Api).residualNetForwardBackward(blocks, head, X, Y, p.activation as string);
      return [{ name: 'residual: A + g(A·W + b)', points: perBlock(grads, p.depth as number) }];
    },
    chart: (p, reference, yours) =>
      lineChart({
        title: `‖dW_l‖ per block, ${p.depth} ${p.activation} blocks of width ${WIDTH} (seed 1)`,
        xLabel: 'block l (1 = next to the input)',
        yLabel: '‖dW_l‖ (log scale)',
        logY: true,
        markers: true,
        legend: 'left',
        series: [...reference, { name: 'plain: g(A·W + b)', points: plainNorms(p), dashed: true }, ...asYours(yours)],
      }),
    readout: (p, [ref]) => {
      const plain = `without them ${show(ratio(plainNorms(p)))}`;
      return `‖dW_1‖ / ‖dW_${p.depth}‖: ${ref ? `${show(ratio(ref.points))} with the skips, ${plain}` : `${plain} (turn the skips on to compare)`}.`;
    },
  },
];
