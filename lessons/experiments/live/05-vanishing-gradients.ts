import { mulberry32, randn } from '../../../grader/engine/index';
import { lineChart } from '../../../src/figures/chart';
import { asYours, show, type LiveFigure, type UnitApi } from '../../../src/figures/live/types';
import * as E from '../../../grader/engine/index';
import { frobenius, type Matrix, type Act } from '../../../src/figures/live/engine';

type Layer = { W: number[][]; b: number[] };
type Api = {
  deepForwardBackward(layers: Layer[], X: number[][], Y: number[], activation: string): { grads: { dW: number[][] }[] };
  layerGradientNorms(grads: { dW: number[][] }[]): number[];
};
const WIDTH = 32;
const BATCH = 16;

/** The lesson's experiment, smaller: `depth` layers of width 32 (the last one a single sigmoid unit), Gaussian weights. */
function net(depth: number, init: string) {
  const rng = mulberry32(5);
  const std = (n: number) => Math.sqrt((init === 'he' ? 2 : 1) / n);
  const widths = [WIDTH, ...Array<number>(depth - 1).fill(WIDTH), 1];
  const layers = widths.slice(1).map((nOut, l) => ({
    W: Array.from({ length: widths[l]! }, () => Array.from({ length: nOut }, () => std(widths[l]!) * randn(rng))),
    b: Array<number>(nOut).fill(0),
  }));
  const X = Array.from({ length: BATCH }, () => Array.from({ length: WIDTH }, () => randn(rng)));
  const Y = Array.from({ length: BATCH }, () => (rng() < 0.5 ? 0 : 1));
  return { layers, X, Y };
}

/** The unit's contract functions written with the reference engine (grader/engine): what the page draws, and what the learner's series is drawn beside. */
export const reference: UnitApi = {
  deepForwardBackward: (layers: { W: Matrix; b: number[] }[], X: Matrix, Y: number[], act: Act) => {
    const { loss, grads } = E.mlpGradients(layers, X, Y, act);
    return { loss, grads };
  },
  layerGradientNorms: (grads: { dW: Matrix }[]) => grads.map((g) => frobenius(g.dW)),
};

export const live: LiveFigure[] = [
  {
    id: '05-gradient-norms',
    unit: '05-vanishing-gradients',
    uses: ['deepForwardBackward', 'layerGradientNorms'],
    alt: "‖dW_l‖ for every layer of a deep net of width 32, for the chosen depth, activation and initialization, on a log scale",
    controls: [
      { kind: 'range', name: 'depth', label: 'depth', min: 3, max: 40, step: 1, value: 30, format: 'int' },
      { kind: 'select', name: 'activation', label: 'activation', value: 'sigmoid', options: ['sigmoid', 'tanh', 'relu', 'leakyRelu'].map((v) => ({ value: v, label: v })) },
      { kind: 'select', name: 'init', label: 'weights', value: 'lecun', options: [{ value: 'lecun', label: 'std 1/√n' }, { value: 'he', label: 'He, std √(2/n)' }] },
    ],
    compute: (p, api) => {
      const { deepForwardBackward, layerGradientNorms } = api as unknown as Api;
      const { layers, X, Y } = net(p.depth as number, p.init as string);
      const norms = layerGradientNorms(deepForwardBackward(layers, X, Y, p.activation as string).grads);
      return [{ name: `‖dW_l‖, ${p.activation}`, points: norms.map((n, l) => [l + 1, n] as [number, number]) }];
    },
    chart: (p, reference, yours) =>
      lineChart({ title: `Gradient norm per layer: ${p.depth} layers of width ${WIDTH}, ${p.activation}, ${p.init === 'he' ? 'He init' : 'std 1/√n'}`, xLabel: 'layer l (1 = next to the input)', yLabel: '‖dW_l‖ (log scale)', logY: true, markers: true, series: [...reference, ...asYours(yours)] }),
    readout: (_p, [ref]) => {
      const pts = ref!.points;
      return `First layer ${show(pts[0]![1])}, last ${show(pts[pts.length - 1]![1])}: a ratio of ${show(pts[0]![1] / pts[pts.length - 1]![1])}.`;
    },
  },
];
