import { lineChart, sampleCurve } from '../chart';
import { asYours, show, type LiveFigure } from './types';

type Api = { leakyRelu(z: number, alpha?: number): number; elu(z: number, alpha?: number): number };

export const live: LiveFigure[] = [
  {
    id: '09-alpha',
    unit: '09-relu-family',
    uses: ['leakyRelu', 'elu'],
    alt: 'Leaky ReLU and ELU on [−3, 3] for the chosen α',
    controls: [{ kind: 'range', name: 'alpha', label: 'α', min: 0, max: 1.5, step: 0.01, value: 0.1, format: 'fixed2' }],
    compute: (p, api) => {
      const { leakyRelu, elu } = api as unknown as Api;
      const alpha = p.alpha as number;
      return [
        { name: `leaky ReLU (α = ${show(alpha)})`, points: sampleCurve((z) => leakyRelu(z, alpha), -3, 3, 121) },
        { name: `ELU (α = ${show(alpha)})`, points: sampleCurve((z) => elu(z, alpha), -3, 3, 121) },
      ];
    },
    chart: (_p, reference, yours) => lineChart({ title: 'Leaky ReLU and ELU: what α does below 0', xLabel: 'z', yLabel: 'activation', yRange: [-1.6, 3], series: [...reference, ...asYours(yours)] }),
    readout: (p) => `Below 0 a leaky ReLU passes a gradient of α = ${show(p.alpha as number)}; ELU's gradient is α·e^z there, and its output levels off at −α.`,
  },
];
