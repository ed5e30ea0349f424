import type { LessonClaim, LessonStatement } from '../../../src/lessons/claims';
import { backward, bceLoss, checkBackward, forward, type Activation, type Gradients } from '@impl/04-backprop-mlp';
import { correctGradients, gradientCheckCurve, gradientsWithPrimeOfA, params, trainingCurve, X, Y } from '../../../lessons/experiments/04-backprop-mlp';

const sigma = (z: number) => 1 / (1 + Math.exp(-z));
const sigmaPrime = (z: number) => sigma(z) * (1 - sigma(z));

function run(hidden: Activation) {
  const { yHat, cache } = forward(params, X, hidden);
  return { yHat, cache, loss: bceLoss(yHat, Y), grads: backward(params, cache, Y, hidden) };
}
const sig = run('sigmoid');

/** One claim per quoted entry of a matrix (rows of quotes, as the lesson prints them). */
const matrix = (quotes: string[][], value: () => number[][]): LessonClaim[] =>
  quotes.flatMap((row, i) => row.map((quote, j) => ({ quote, value: () => value()[i]![j]! })));
const vector = (quotes: string[], value: () => number[]): LessonClaim[] => quotes.map((quote, i) => ({ quote, value: () => value()[i]! }));

const delta2 = () => sig.yHat.map((p, i) => p - Y[i]!);
const delta1 = () => sig.cache.Z1.map((row, i) => row.map((z, j) => delta2()[i]! * params.W2[j]![0]! * sigmaPrime(z)));
const firstRow = (g: Gradients) => g.dW1[0]!;

export const claims: LessonClaim[] = [
  { quote: '0.6931', value: () => bceLoss([0.5], [1]) },
  // the worked example, sigmoid
  ...matrix([['0.4403', '0.6525', '0.5200'], ['0.4626', '0.3917', '0.6615'], ['0.5449', '0.4725', '0.4354']], () => sig.cache.A1),
  ...matrix([['-0.1054'], ['0.0860'], ['0.0170']], () => sig.cache.Z2),
  ...vector(['0.4737', '0.5215', '0.5043'], () => sig.yHat),
  { quote: '0.7230', value: () => sig.loss },
  ...vector(['-0.5263', '0.5215', '-0.4957'], delta2),
  ...matrix([['-0.0869'], ['-0.1245'], ['-0.0482']], () => sig.grads.dW2),
  { quote: '-0.1669', value: () => sig.grads.db2[0]! },
  ...matrix([['-0.0389', '0.0716', '-0.0263'], ['0.0389', '-0.0746', '0.0234'], ['-0.0369', '0.0741', '-0.0244']], delta1),
  ...matrix([['-0.0257', '0.0492', '-0.0162'], ['-0.0083', '0.0135', '-0.0059']], () => sig.grads.dW1),
  ...vector(['-0.0123', '0.0237', '-0.0091'], () => sig.grads.db1),
  // the other activations
  ...(['tanh', 'relu', 'leakyRelu'] as const).flatMap((hidden, k) => {
    const quotes = [
      ['0.8028', '-0.1543', '-0.1107', '0.1858', '-0.0593'],
      ['0.7644', '-0.1685', '-0.0142', '0.0577', '-0.0629'],
      ['0.7649', '-0.1684', '-0.0152', '0.0594', '-0.0631'],
    ][k]!;
    const r = run(hidden);
    return vector(quotes, () => [r.loss, r.grads.db2[0]!, ...firstRow(r.grads)]);
  }),
  // finite differences and training (the figures' data)
  { quote: '4.1 \\times 10^{-11}', value: () => gradientCheckCurve(correctGradients())[4]![1] },
  { quote: '5.2 \\times 10^{-3}', value: () => gradientCheckCurve(gradientsWithPrimeOfA())[4]![1] },
  { quote: '0.0399', value: () => trainingCurve('sigmoid')[100]![1] },
  { quote: '0.0044', value: () => trainingCurve('tanh')[100]![1] },
  // common mistakes
  ...vector(['-0.2606', '-0.3734', '-0.1445'], () => sig.grads.dW2.map((r) => 3 * r[0]!)),
  { quote: '-0.5006', value: () => 3 * sig.grads.db2[0]! },
  ...vector(['-0.0497', '-0.1224', '-0.0854'], () => sig.cache.A1.map((row) => row.reduce((s, a, k) => s + a * delta2()[k]!, 0) / 3)),
  { quote: '0.1966', value: () => sigmaPrime(1) },
  { quote: '0.2464', value: () => sigmaPrime(-0.24) },
  { quote: '0.2383', value: () => sigmaPrime(sig.cache.A1[0]![0]!) },
  { quote: '-0.0246', value: () => gradientsWithPrimeOfA()[0]! },
];

/** The fixture with hidden unit 2's incoming weights and bias set to 0, so that Z1[:, 1] = 0 on every example. */
function silentUnitGradients(hidden: Activation): Gradients {
  const silent = { ...params, W1: params.W1.map((row) => row.map((w, j) => (j === 1 ? 0 : w))), b1: params.b1.map((b, j) => (j === 1 ? 0 : b)) };
  return backward(silent, forward(silent, X, hidden).cache, Y, hidden);
}

export const statements: LessonStatement[] = [
  {
    says: '$z = 0$ on every example, and the rule decides whether it passes back any gradient',
    holds: () => {
      const relu = silentUnitGradients('relu');
      const leaky = silentUnitGradients('leakyRelu');
      const reluSilent = relu.db1[1] === 0 && relu.dW1.every((row) => row[1] === 0);
      return reluSilent && Math.abs(leaky.db1[1]!) > 1e-6;
    },
  },
];

// ---- checking your backward pass: checkBackward on the fixture (sigmoid) ----
const checkWith = (change?: (g: Gradients) => Gradients) =>
  checkBackward(params, X, Y, 'sigmoid', change ? (p, c, y, h) => change(backward(p, c, y, h)) : backward);
const ownCheck = checkWith();
const atACheck = checkWith((g) => ({ ...g, ...gradientsWithPrimeOfAParts() }));
const noTransposeCheck = checkWith((g) => ({ ...g, dW2: sig.cache.A1.map((row) => [row.reduce((s, a, k) => s + a * delta2()[k]!, 0) / 3]) }));
const noDivideCheck = checkWith((g) => ({ dW1: g.dW1.map((r) => r.map((x) => 3 * x)), db1: g.db1.map((x) => 3 * x), dW2: g.dW2.map((r) => r.map((x) => 3 * x)), db2: g.db2.map((x) => 3 * x) }));

/** dW1 and db1 with σ'(A1) in place of σ'(Z1), written out here from the forward pass. */
function gradientsWithPrimeOfAParts(): Pick<Gradients, 'dW1' | 'db1'> {
  const d1 = sig.cache.A1.map((row, i) => row.map((a, j) => delta2()[i]! * params.W2[j]![0]! * sigmaPrime(a)));
  return {
    dW1: X[0]!.map((_, k) => d1[0]!.map((__, j) => d1.reduce((s, row, i) => s + X[i]![k]! * row[j]!, 0) / 3)),
    db1: d1[0]!.map((_, j) => d1.reduce((s, row) => s + row[j]!, 0) / 3),
  };
}

claims.push(
  { quote: '7.9 \\times 10^{-11}', value: () => ownCheck.W1.error },
  { quote: '1.6 \\times 10^{-10}', value: () => ownCheck.b1.error },
  { quote: '4.6 \\times 10^{-11}', value: () => ownCheck.W2.error },
  { quote: '2.7 \\times 10^{-12}', value: () => ownCheck.b2.error },
  { quote: '0.5', value: () => noDivideCheck.W1.error, note: 'a backward without /m: (m−1)/(m+1) for every parameter' },
  { quote: '0.0126', value: () => atACheck.W1.error },
  { quote: '0.0359', value: () => atACheck.b1.error },
  { quote: '0.166', value: () => noTransposeCheck.W2.error },
);

statements.push({
  says: '| right | ok | ok | ok | ok |',
  holds: () =>
    Object.values(ownCheck).every((c) => c.ok) &&
    Object.values(noDivideCheck).every((c) => !c.ok && Math.abs(c.error - 0.5) < 1e-8) &&
    !atACheck.W1.ok && !atACheck.b1.ok && atACheck.W2.ok && atACheck.b2.ok &&
    noTransposeCheck.W1.ok && noTransposeCheck.b1.ok && !noTransposeCheck.W2.ok && noTransposeCheck.b2.ok,
});
