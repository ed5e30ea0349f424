import type { LessonClaim } from '../../../src/lessons/claims';
import { chainForward, chainLocalGradients } from '@impl/02-chain-rule';
import { residualChainForward, residualChainLocalGradients } from '@impl/11-residual-connections';
import { blockGradientNorms, firstOverThirtieth, reluStreamRms } from '../../../lessons/experiments/11-residual-connections';

const x = 1;
const w = [0.5, 0.5, 0.5];
const product = (fs: number[]) => fs.reduce((p, f) => p * f, 1);
let seedRatios: number[] | undefined;
/** ‖dW₁‖/‖dW₃₀‖ of the residual experiment over seeds 1–50 (computed once). */
const ratios = () => (seedRatios ??= Array.from({ length: 50 }, (_, k) => firstOverThirtieth(blockGradientNorms(true, k + 1))));
const stream = (fix: Parameters<typeof reluStreamRms>[0]) => reluStreamRms(fix);

export const claims: LessonClaim[] = [
  ...[0, 1, 2].flatMap((k) => [
    { quote: ['0.5', '0.8112', '1.1574'][k]!, value: () => residualChainForward(x, w).z[k]! },
    { quote: ['1.6225', '2.3148', '3.0757'][k]!, value: () => residualChainForward(x, w).a[k]! },
    { quote: ['0.6225', '0.5772', '0.5717'][k]!, value: () => chainForward(x, w).a[k]!, note: "unit 02's chain" },
    { quote: ['0.2350', '0.2440', '0.2449'][k]!, value: () => chainLocalGradients(x, w)[k]! },
    { quote: ['1.1175', '1.1065', '1.0910'][k]!, value: () => residualChainLocalGradients(x, w)[k]! },
  ]),
  { quote: '0.014043', value: () => product(chainLocalGradients(x, w)) },
  { quote: '1.349004', value: () => product(residualChainLocalGradients(x, w)) },
  { quote: '0.128', value: () => firstOverThirtieth(blockGradientNorms(true)) },
  { quote: '1.99 \\times 10^{-20}', value: () => firstOverThirtieth(blockGradientNorms(false)) },
  { quote: '0.0544', value: () => Math.min(...ratios()) },
  { quote: '11.31', value: () => Math.max(...ratios()) },
  { quote: '1.518', value: () => (stream('none')[30]! / stream('none')[0]!) ** (1 / 30) },
  { quote: '0.941', value: () => stream('none')[0]! },
  { quote: '2.58 \\times 10^{5}', value: () => stream('none')[30]! },
  { quote: '7.78', value: () => stream('scaled branch')[30]! },
  { quote: '16.98', value: () => stream('normalized branch')[30]! },
];
