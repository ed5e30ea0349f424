import { backward, bceLoss, forward, type Activation, type Gradients, type Params } from '@impl/04-backprop-mlp';
import type { Figure } from '../../src/figures/registry';
import { lineChart } from '../../src/figures/chart';

// The lesson's fixture (COURSE.md, unit 04).
export const X = [[0.5, 1.5], [-1.2, 0.2], [0.3, -0.7]];
export const Y = [1, 0, 1];
export const params: Params = { W1: [[0.1, 0.4, -0.5], [-0.2, 0.3, 0.2]], b1: [0.01, -0.02, 0.03], W2: [[0.3], [-0.6], [0.2]], b2: [0.05] };

const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu'];

const lossAt = (p: Params, hidden: Activation) => bceLoss(forward(p, X, hidden).yHat, Y);

function step(p: Params, g: Gradients, lr: number): Params {
  const m = (W: number[][], dW: number[][]) => W.map((row, i) => row.map((w, j) => w - lr * dW[i]![j]!));
  const v = (b: number[], db: number[]) => b.map((x, i) => x - lr * db[i]!);
  return { W1: m(p.W1, g.dW1), b1: v(p.b1, g.db1), W2: m(p.W2, g.dW2), b2: v(p.b2, g.db2) };
}

/** The fixture's loss after each of `steps` steps of plain gradient descent. */
export function trainingCurve(hidden: Activation, steps = 100, lr = 1): [number, number][] {
  let p = params;
  const points: [number, number][] = [];
  for (let t = 0; t <= steps; t++) {
    const { yHat, cache } = forward(p, X, hidden);
    points.push([t, bceLoss(yHat, Y)]);
    p = step(p, backward(p, cache, Y, hidden), lr);
  }
  return points;
}

const flat = (g: Gradients) => [...g.dW1.flat(), ...g.db1, ...g.dW2.flat(), ...g.db2];
const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const relErr = (a: number[], b: number[]) => norm(a.map((x, i) => x - b[i]!)) / (norm(a) + norm(b));

/** Centred differences of the fixture's loss, every parameter, with step h. */
export function numericalGradients(hidden: Activation, h: number): number[] {
  const names = ['W1', 'b1', 'W2', 'b2'] as const;
  const out: number[] = [];
  for (const name of names) {
    const value = params[name];
    const entries = name.startsWith('W') ? (value as number[][]).flatMap((row, i) => row.map((_, j) => [i, j])) : (value as number[]).map((_, i) => [i]);
    for (const [i, j] of entries) {
      const at = (delta: number): number => {
        const p = structuredClone(params);
        if (j === undefined) (p[name] as number[])[i!]! += delta;
        else (p[name] as number[][])[i!]![j]! += delta;
        return lossAt(p, hidden);
      };
      out.push((at(h) - at(-h)) / (2 * h));
    }
  }
  return out;
}

/** backward's gradients with the σ'(A) mistake planted (δ1 uses g'(A1) instead of g'(Z1)), sigmoid only. */
export function gradientsWithPrimeOfA(): number[] {
  const { cache } = forward(params, X, 'sigmoid');
  // σ'(A1) = σ'(σ(Z1)): feeding backward a cache whose Z1 is A1 plants exactly that mistake.
  return flat(backward(params, { ...cache, Z1: cache.A1 }, Y, 'sigmoid'));
}

/** Relative error between an analytic gradient and centred differences, for h = 10^-1 … 10^-12. */
export function gradientCheckCurve(analytic: number[], hidden: Activation = 'sigmoid'): [number, number][] {
  return Array.from({ length: 12 }, (_, k) => {
    const h = 10 ** -(k + 1);
    return [k + 1, Math.max(relErr(analytic, numericalGradients(hidden, h)), 1e-16)] as [number, number];
  });
}

export const correctGradients = (hidden: Activation = 'sigmoid') => flat(backward(params, forward(params, X, hidden).cache, Y, hidden));

export const figures: Figure[] = [
  {
    file: '04-backprop-mlp-training.svg',
    alt: "The fixture's loss under 100 steps of gradient descent (learning rate 1) using backward's gradients, for each hidden activation",
    chart: () =>
      lineChart({
        title: "Gradient descent on the fixture with the reference backward's gradients",
        xLabel: 'step',
        yLabel: 'mean BCE loss',
        series: ACTIVATIONS.map((a) => ({ name: a, points: trainingCurve(a), dashed: a === 'leakyRelu' })),
      }),
  },
  {
    file: '04-backprop-mlp-gradient-check.svg',
    alt: "Relative error between backward's gradients and centred finite differences as the step h shrinks: about 1e-10 at h = 1e-5 for the right gradient, stuck near 5e-3 for the σ'(A) mistake",
    chart: () =>
      lineChart({
        title: 'Gradient check on the fixture (sigmoid)',
        xLabel: 'k, with step h = 10^-k',
        yLabel: 'relative error (log scale)',
        logY: true,
        yRange: [1e-12, 1],
        markers: true,
        series: [
          { name: "backward (g'(Z))", points: gradientCheckCurve(correctGradients()) },
          { name: "with σ'(A) planted", points: gradientCheckCurve(gradientsWithPrimeOfA()) },
        ],
      }),
  },
];
