import { lineChart, sampleCurve } from '../../../src/figures/chart';
import { asYours, show, type LiveFigure, type UnitApi } from '../../../src/figures/live/types';
import * as E from '../../../grader/engine/index';
import { T, scalar, derivative } from '../../../src/figures/live/engine';

type Api = { sigmoid(z: number): number; sigmoidPrime(z: number): number };

/** The unit's contract functions written with the reference engine (grader/engine): what the page draws, and what the learner's series is drawn beside. */
export const reference: UnitApi = {
  sigmoid: (z: number) => scalar(E.sigmoid(T(z))),
  sigmoidPrime: (z: number) => derivative(E.sigmoid, z),
  tanhPrime: (z: number) => derivative(E.tanh, z),
};

export const live: LiveFigure[] = [
  {
    id: '01-sigmoid-z',
    unit: '01-sigmoid',
    uses: ['sigmoid', 'sigmoidPrime'],
    alt: "σ(z) and σ'(z) on [−10, 10] with a marker at the chosen z",
    controls: [{ kind: 'range', name: 'z', label: 'z', min: -10, max: 10, step: 0.1, value: 2, format: 'fixed1' }],
    compute: (_p, api) => {
      const { sigmoid, sigmoidPrime } = api as unknown as Api;
      return [
        { name: 'σ(z)', points: sampleCurve(sigmoid, -10, 10, 161) },
        { name: "σ'(z)", points: sampleCurve(sigmoidPrime, -10, 10, 161) },
      ];
    },
    chart: (p, reference, yours) =>
      lineChart({ title: `σ and σ' — at z = ${show(p.z as number)}`, xLabel: 'z', yLabel: 'value', yRange: [0, 1], rules: [{ x: p.z as number }], series: [...reference, ...asYours(yours)] }),
    readout: (p) => {
      const z = p.z as number;
      const s = 1 / (1 + Math.exp(-z));
      const d = s * (1 - s);
      return `σ(${show(z)}) = ${show(s)}, σ'(${show(z)}) = ${show(d)}: ${show((100 * d) / 0.25)}% of its peak 0.25. A gradient through this unit is multiplied by ${show(d)}.`;
    },
  },
];
