// Prints the ranges, over seeds, of unit 09's dying-ReLU runs by the reference engine: the hidden
// suite's and the public tests' thresholds are these with a margin. Run: npx tsx scripts/dying-relu-thresholds.ts
import { dyingToyProblem, trainDyingReference, type DyingConfig } from '../grader/engine/index';
import { seededRng } from '../lib/random';

const base = { width: 16, lr: 4, steps: 300 };
const tooLarge = { width: 16, lr: 14, steps: 100 };
const runs: Record<string, DyingConfig> = {
  healthyRelu: { ...base, activation: 'relu', biasShift: 0 },
  deadRelu: { ...base, activation: 'relu', biasShift: -10 },
  deadLeaky: { ...base, activation: 'leakyRelu', biasShift: -10 },
  tooLargeRelu: { ...tooLarge, activation: 'relu', biasShift: 0 },
  tooLargeLeaky: { ...tooLarge, activation: 'leakyRelu', biasShift: 0 },
};
const SEEDS = 60;
for (const [name, config] of Object.entries(runs)) {
  const rows = Array.from({ length: SEEDS }, (_, k) => trainDyingReference(config, dyingToyProblem(32, seededRng(900 + k)), seededRng(1 + k)));
  const stat = (f: (h: (typeof rows)[number]) => number) => {
    const v = rows.map(f);
    return `${Math.min(...v).toPrecision(4)} … ${Math.max(...v).toPrecision(4)}`;
  };
  console.log(name.padEnd(12),
    'dead[0]', stat((h) => h.deadFraction[0]!), '| dead[last]', stat((h) => h.deadFraction.at(-1)!),
    '| loss[0]', stat((h) => h.loss[0]!), '| loss[last]', stat((h) => h.loss.at(-1)!),
    '| min grad', stat((h) => Math.min(...h.hiddenGradNorm)), '| max grad', stat((h) => Math.max(...h.hiddenGradNorm)),
    '| dead falls', rows.filter((h) => h.deadFraction.some((d, t) => t > 0 && d < h.deadFraction[t - 1]!)).length,
    '| max |loss−ln2|', stat((h) => Math.max(...h.loss.map((l) => Math.abs(l - Math.LN2)))));
}
