import { gaussian, randomMatrix, seededRng } from '../../lib/random';
import { deadFraction, elu, eluPrime, leakyRelu, leakyReluPrime, prelu, relu, reluPrime } from '../../solutions/09-relu-family/index';
import type { Figure } from './registry';
import { lineChart, sampleCurve } from './chart';

// Leaky ReLU's default slope 0.01 is invisible at this scale, so the figures draw it with 0.1.
const LEAKY = 0.1;
const PRELU = 0.25; // PyTorch's initial value for a learned PReLU slope

/** Fraction of 64 He-initialized units that are dead on a batch of `m` examples, as every bias is pushed down from 0 to −10. */
function deadCurve(m: number, seed: number): [number, number][] {
  const rng = seededRng(seed);
  const [nIn, width] = [16, 64];
  const X = randomMatrix(m, nIn, () => gaussian(rng));
  const W = randomMatrix(nIn, width, () => gaussian(rng, 0, Math.sqrt(2 / nIn)));
  const XW = X.map((x) => W[0]!.map((_, j) => x.reduce((s, xi, k) => s + xi * W[k]![j]!, 0)));
  return Array.from({ length: 41 }, (_, i) => {
    const push = 0.25 * i; // every bias set to −push
    return [push, deadFraction(XW.map((row) => row.map((v) => v - push)))] as [number, number];
  });
}

export const figures: Figure[] = [
  {
    file: '09-relu-family-activations.svg',
    alt: 'ReLU, leaky ReLU (slope 0.1), PReLU (slope 0.25) and ELU on [-3, 3]: all equal z for z > 0; below 0 ReLU is flat, leaky and PReLU are straight lines, ELU curves down to −1',
    chart: () =>
      lineChart({
        title: 'The ReLU family',
        xLabel: 'z',
        yLabel: 'activation',
        legend: 'left',
        series: [
          { name: 'ReLU', points: sampleCurve(relu, -3, 3) },
          { name: `leaky ReLU (α = ${LEAKY})`, points: sampleCurve((z) => leakyRelu(z, LEAKY), -3, 3) },
          { name: `PReLU (α = ${PRELU})`, points: sampleCurve((z) => prelu(z, PRELU), -3, 3), dashed: true },
          { name: 'ELU (α = 1)', points: sampleCurve(elu, -3, 3) },
        ],
      }),
  },
  {
    file: '09-relu-family-derivatives.svg',
    alt: 'The derivatives: ReLU jumps from 0 to 1 at z = 0, leaky ReLU and PReLU from their slope to 1, ELU rises smoothly as e^z to 1',
    chart: () =>
      lineChart({
        title: 'Their derivatives (left-hand value at z = 0)',
        xLabel: 'z',
        yLabel: 'derivative',
        legend: 'left',
        yRange: [0, 1.6],
        series: [
          { name: 'ReLU′', points: sampleCurve(reluPrime, -3, 3) },
          { name: `leaky ReLU′ (α = ${LEAKY})`, points: sampleCurve((z) => leakyReluPrime(z, LEAKY), -3, 3) },
          { name: `PReLU′ (α = ${PRELU})`, points: sampleCurve((z) => (z > 0 ? 1 : PRELU), -3, 3), dashed: true },
          { name: 'ELU′ (α = 1)', points: sampleCurve(eluPrime, -3, 3) },
        ],
      }),
  },
  {
    file: '09-relu-family-dead-units.svg',
    alt: 'Fraction of dead units in a 64-unit He-initialized layer as every bias is shifted from 0 to −10: it stays near 0 until about −3, then climbs to 1; measured on fewer examples it climbs sooner',
    chart: () =>
      lineChart({
        title: 'Dead units as the biases are pushed down',
        xLabel: 'every bias set to −b',
        yLabel: 'deadFraction(X·W − b)',
        legend: 'left',
        markers: true,
        yRange: [0, 1],
        series: [
          { name: 'batch of 1024 examples', points: deadCurve(1024, 901) },
          { name: 'batch of 32 examples', points: deadCurve(32, 901) },
        ],
      }),
  },
];
