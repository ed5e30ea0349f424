import { numericalGradient, relativeError } from '@impl/03-gradient-check';
import type { Figure } from '../../src/figures/registry';
import { lineChart } from '../../src/figures/chart';

// f(x) = e^x at x = 1, where f' = f'' = f''' = e: the truncation errors are exactly h/4 and h²/12
// in the course's relative error (the plain relative error halved).
const f = (x: number[]) => Math.exp(x[0]!);
const x0 = 1;
const exact = Math.E;
// log10 h from −13 to −1 in quarter steps; the floor keeps a (never seen) exact hit plottable on a log axis.
const exponents = Array.from({ length: 49 }, (_, i) => -13 + i / 4);
const floor = 1e-17;
const ONE_SIDED = '#1f77b4';
const CENTRED = '#d62728';

const oneSided = (h: number) => (f([x0 + h]) - f([x0])) / h;
const centred = (h: number) => numericalGradient(f, [x0], h)[0]!;
const measured = (estimate: (h: number) => number): [number, number][] =>
  exponents.map((e) => [e, Math.max(relativeError(estimate(10 ** e), exact), floor)]);
const theory = (error: (h: number) => number): [number, number][] =>
  exponents.map((e) => [e, error(10 ** e)] as [number, number]).filter(([, y]) => y >= 1e-16);

export const figures: Figure[] = [
  {
    file: '03-gradient-check-step-size.svg',
    alt: 'Relative error of one-sided and centred differences of e^x at x = 1 against the step h (log-log): each falls with h (slope 1 and 2) until round-off takes over below h ≈ 1e-8 and 1e-5',
    chart: () =>
      lineChart({
        title: "Finite-difference error for (e^x)' at x = 1",
        xLabel: 'log10 h (step size)',
        yLabel: 'relative error (log scale)',
        logY: true,
        // Headroom above the data keeps the legend clear of the curves.
        yRange: [1e-16, 1e4],
        height: 420,
        series: [
          { name: 'one-sided', points: measured(oneSided), color: ONE_SIDED },
          { name: 'centred', points: measured(centred), color: CENTRED },
          { name: 'h/4 (truncation)', points: theory((h) => h / 4), color: ONE_SIDED, dashed: true },
          { name: 'h²/12 (truncation)', points: theory((h) => (h * h) / 12), color: CENTRED, dashed: true },
        ],
      }),
  },
];
