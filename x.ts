import { spirals, trainReference } from './grader/engine/index';
import { seededRng } from './lib/random';
import { experiments, NPERCLASS, summarize } from './test/support/deep-training';
for (const n of ['stuck', 'residual', 'relu', 'batchNorm'] as const) {
  const s = Array.from({ length: 12 }, (_, k) => summarize(trainReference({ ...experiments[n].config, steps: 1 }, spirals(NPERCLASS, seededRng(k + 1)), seededRng(1001 + k))));
  const r = s.map((x) => x.firstOverLast), l = s.map((x) => x.lastNorm);
  console.log(n, Math.min(...r).toExponential(3), Math.max(...r).toExponential(3), Math.min(...l).toFixed(4), Math.max(...l).toFixed(4));
}
