import { lineChart } from '../../../src/figures/chart';
import { asYours, show, type LiveFigure, type UnitApi } from '../../../src/figures/live/types';
import * as E from '../../../grader/engine/index';
import { T, scalar, activation, type Matrix, type Act } from '../../../src/figures/live/engine';

type Params = { W1: number[][]; b1: number[]; W2: number[][]; b2: number[] };
type Api = {
  forward(params: Params, X: number[][], hidden: string): { yHat: number[]; cache: unknown };
  bceLoss(yHat: number[], Y: number[]): number;
  backward(params: Params, cache: unknown, Y: number[], hidden: string): { dW1: number[][]; db1: number[]; dW2: number[][]; db2: number[] };
};

// The lesson's fixture (COURSE.md, unit 04).
const X = [[0.5, 1.5], [-1.2, 0.2], [0.3, -0.7]];
const Y = [1, 0, 1];
const start: Params = { W1: [[0.1, 0.4, -0.5], [-0.2, 0.3, 0.2]], b1: [0.01, -0.02, 0.03], W2: [[0.3], [-0.6], [0.2]], b2: [0.05] };
const STEPS = 100;

const minus = (W: number[][], dW: number[][], lr: number) => W.map((row, i) => row.map((w, j) => w - lr * dW[i]![j]!));
const minusV = (b: number[], db: number[], lr: number) => b.map((x, i) => x - lr * db[i]!);

/** The unit's contract functions written with the reference engine (grader/engine): what the page draws, and what the learner's series is drawn beside. */
export const reference: UnitApi = {
  // forward keeps only what backward needs to rerun the engine: the batch.
  forward: (p: { W1: Matrix; b1: number[]; W2: Matrix; b2: number[] }, X: Matrix, hidden: Act) => {
    const A1 = activation[hidden](E.add(E.matmul(T(X), T(p.W1)), T([p.b1])));
    const yHat = E.sigmoid(E.add(E.matmul(A1, T(p.W2)), T([p.b2])));
    return { yHat: Array.from(yHat.data), cache: { X } };
  },
  bceLoss: (yHat: number[], Y: number[]) => scalar(E.bce(T(yHat), T(Y))),
  backward: (p: { W1: Matrix; b1: number[]; W2: Matrix; b2: number[] }, cache: { X: Matrix }, Y: number[], hidden: Act) => {
    const { grads } = E.mlpGradients([{ W: p.W1, b: p.b1 }, { W: p.W2, b: p.b2 }], cache.X, Y, hidden);
    return { dW1: grads[0]!.dW, db1: grads[0]!.db, dW2: grads[1]!.dW, db2: grads[1]!.db };
  },
};

export const live: LiveFigure[] = [
  {
    id: '04-training',
    unit: '04-backprop-mlp',
    uses: ['forward', 'bceLoss', 'backward'],
    alt: "The fixture's loss under 100 steps of gradient descent with backward's gradients, for the chosen learning rate and hidden activation",
    controls: [
      { kind: 'range', name: 'lr', label: 'learning rate', min: 0.1, max: 5, step: 0.1, value: 1, format: 'fixed1' },
      { kind: 'select', name: 'hidden', label: 'hidden activation', value: 'sigmoid', options: ['sigmoid', 'tanh', 'relu', 'leakyRelu'].map((v) => ({ value: v, label: v })) },
    ],
    compute: (p, api) => {
      const { forward, bceLoss, backward } = api as unknown as Api;
      const hidden = p.hidden as string;
      const lr = p.lr as number;
      let params = start;
      const points: [number, number][] = [];
      for (let t = 0; t <= STEPS; t++) {
        const { yHat, cache } = forward(params, X, hidden);
        points.push([t, bceLoss(yHat, Y)]);
        const g = backward(params, cache, Y, hidden);
        params = { W1: minus(params.W1, g.dW1, lr), b1: minusV(params.b1, g.db1, lr), W2: minus(params.W2, g.dW2, lr), b2: minusV(params.b2, g.db2, lr) };
      }
      return [{ name: `loss, ${hidden}`, points }];
    },
    chart: (p, reference, yours) =>
      lineChart({ title: `Gradient descent on the fixture, ${p.hidden} hidden layer, lr ${show(p.lr as number)}`, xLabel: 'step', yLabel: 'mean BCE loss (log scale)', logY: true, series: [...reference, ...asYours(yours)] }),
    readout: (_p, [ref]) => `Loss ${show(ref!.points[0]![1])} at the start, ${show(ref!.points.at(-1)![1])} after ${STEPS} steps.`,
  },
];
