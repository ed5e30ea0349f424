// Public tests for unit 11. Run: npm test -- 11
// `@impl/11-residual-connections` is your exercises/11-residual-connections/index.ts.
// The numbers are the lesson's (lessons/11-residual-connections.md), computed with the course's engine.
import { describe, test } from 'vitest';
import { residualChainForward, residualChainLocalGradients, residualNetForwardBackward, type Block } from '@impl/11-residual-connections';
import { gaussian, randomMatrix, seededRng } from '@course/random';
import { attempt, expectClose, expectShape, expectShapeError, expectUnchanged, Feedback, nameSlip, snapshot } from '@course/testing';
import { bind } from '@course/misconceptions';
import * as catalogue from '@course/misconceptions/11-residual-connections';

const tol = { atol: 1e-7, rtol: 1e-6 };

// A wrong answer that matches a known slip is named from the grader's own catalogue
// (lib/misconceptions/11-residual-connections.ts), with the lesson section about that slip.
const chainA = [1.62245933, 2.31483081, 3.07569357];
/** σ'(a_k) at the chain's right activations, the slope one slip evaluates */
const slopeAtA = [0.137685187, 0.0818197168, 0.0421744107];

describe('11 · the residual chain', () => {
  const lesson = '11-residual-connections#the-residual-chain';
  test("x = 1, w = [0.5, 0.5, 0.5]: z = [0.5, 0.8112, 1.1574], a = [1.6225, 2.3148, 3.0757]", () => {
    const r = attempt(() => residualChainForward(1, [0.5, 0.5, 0.5]), { call: 'residualChainForward(1, [0.5, 0.5, 0.5])', lesson });
    expectClose(() => r.a, chainA, { call: 'residualChainForward(1, [0.5, 0.5, 0.5]).a', lesson, ...tol, misconceptions: bind(catalogue.residualChainForward, { x: 1, weights: [0.5, 0.5, 0.5], right: chainA }) });
    expectClose(() => r.z, [0.5, 0.811229666, 1.15741540], { call: 'residualChainForward(1, [0.5, 0.5, 0.5]).z', lesson, ...tol });
  });
  test('an empty chain has no layers', () => {
    expectClose(() => residualChainForward(2, []).a, [], { call: 'residualChainForward(2, []).a', lesson });
  });
});

describe('11 · the local factor 1 + w·σ\'(z)', () => {
  const lesson = '11-residual-connections#the-local-factor';
  test("x = 1, w = [0.5, 0.5, 0.5]: factors [1.1175, 1.1065, 1.0910], product 1.349004 (unit 02's chain: 0.014043)", () => {
    const call = 'residualChainLocalGradients(1, [0.5, 0.5, 0.5])';
    const factors = attempt(() => residualChainLocalGradients(1, [0.5, 0.5, 0.5]), { call, lesson });
    const right = [1.11750186, 1.10649661, 1.09097531];
    expectClose(() => factors, right, { call, lesson, ...tol, misconceptions: bind(catalogue.residualChainLocalGradients, { weights: [0.5, 0.5, 0.5], right, slopeAtA }) });
    expectClose(() => factors.reduce((p, f) => p * f, 1), 1.349004, { call: `the product of ${call}`, lesson, atol: 5e-7, rtol: 0 });
  });
  test('a zero weight leaves the factor exactly 1 (the skip alone)', () => {
    // a = [3.5, 4], where σ' is 0.0284530 and 0.0176627
    expectClose(() => residualChainLocalGradients(3, [0, 0]), [1, 1], { call: 'residualChainLocalGradients(3, [0, 0])', lesson, misconceptions: bind(catalogue.residualChainLocalGradients, { weights: [0, 0], right: [1, 1], slopeAtA: [0.028453, 0.0176627] }) });
  });
});

describe('11 · the residual MLP', () => {
  const lesson = '11-residual-connections#the-residual-mlp';
  const X = [[0.5, -1], [1, 2], [-0.3, 0.4]];
  const blocks: Block[] = [{ W: [[0.2, -0.1], [0.4, 0.3]], b: [0.1, -0.1] }, { W: [[-0.3, 0.5], [0.1, 0.2]], b: [0, 0.05] }];
  const head = { W: [[0.6], [-0.4]], b: [0.1] };
  const call = "residualNetForwardBackward(the lesson's 2-block net, X, [1, 0, 1], 'tanh')";

  test('two tanh blocks of width 2: the loss and every gradient, blocks first, the head last', () => {
    const r = attempt(() => residualNetForwardBackward(blocks, head, X, [1, 0, 1], 'tanh'), { call, lesson });
    const { loss: lossKnown, grads: known } = catalogue.onTheFixture;
    expectClose(() => r.loss, 0.567279257, { call: `${call}.loss`, lesson, ...tol, misconceptions: bind(catalogue.netLoss, { m: 3, right: 0.567279257, known: lossKnown }) });
    if (r.grads?.length !== 3) throw new Feedback(`${call} returned ${r.grads?.length} gradients; there should be 3: block 0, block 1, then the head.`, '11-residual-connections#the-heads-gradient-in-the-wrong-place');
    const dW: number[][][] = [[[0.0195483909, -0.0474820697], [0.0486653327, -0.0950920044]], [[0.132164994, -0.0153728083], [0.223716345, -0.0566412627]], [[0.210193548], [0.528620871]]];
    const db: number[][] = [[-0.0417369646, 0.0678102494], [-0.0893088243, 0.101403284], [-0.143306186]];
    nameSlip(r.grads, bind(catalogue.netGradOrder, { right: dW }), `${call}: grads[0].dW is ${r.grads[0]?.dW?.length}x${r.grads[0]?.dW?.[0]?.length}, but blocks[0].W is 2x2.`);
    ['block 0', 'block 1', 'the head'].forEach((what, l) => {
      expectClose(() => r.grads[l]!.dW, dW[l]!, { call: `${call}.grads[${l}].dW (${what})`, lesson, ...tol, misconceptions: bind(catalogue.netGradients, { m: 3, right: dW[l]!, known: known[l]!.dW }) });
      expectClose(() => r.grads[l]!.db, db[l]!, { call: `${call}.grads[${l}].db (${what})`, lesson, ...tol, misconceptions: bind(catalogue.netGradients, { m: 3, right: db[l]!, known: known[l]!.db }) });
    });
  });

  test('every gradient has its parameter\'s shape', () => {
    const r = attempt(() => residualNetForwardBackward(blocks, head, X, [1, 0, 1], 'relu'), { call, lesson });
    [...blocks, head].forEach(({ W, b }, l) => {
      expectShape(() => r.grads[l]!.dW, `${W.length}x${W[0]!.length}`, { call: `grads[${l}].dW`, lesson });
      expectShape(() => r.grads[l]!.db, `${b.length}`, { call: `grads[${l}].db`, lesson });
    });
  });

  test('a block that is not n × n throws, naming both shapes', () => {
    expectShapeError(() => residualNetForwardBackward([{ W: [[1, 1, 1], [1, 1, 1]], b: [0, 0, 0] }], head, X, [1, 0, 1], 'relu'), ['2x3', '3x2'], { call: 'residualNetForwardBackward(block W 2x3, X 3x2, …)', lesson });
  });

  test('inputs are left unchanged', () => {
    const before = snapshot({ blocks, head, X });
    attempt(() => residualNetForwardBackward(blocks, head, X, [1, 0, 1], 'leakyRelu'), { call, lesson });
    expectUnchanged(before, { blocks, head, X }, { call, lesson, argument: 'blocks, head or X' });
  });
});

describe('11 · the experiment: 30 sigmoid blocks', () => {
  const lesson = '11-residual-connections#the-experiment-30-sigmoid-blocks';
  test("‖dW₁‖/‖dW₃₀‖ stays between 1e-2 and 1e2 (the lesson measures 0.128; without skips 1.99e-20)", () => {
    const rng = seededRng(1);
    const n = 16;
    const deep = Array.from({ length: 30 }, () => ({ W: randomMatrix(n, n, () => gaussian(rng, 0, Math.sqrt(1 / n))), b: Array<number>(n).fill(0) }));
    const top = { W: randomMatrix(n, 1, () => gaussian(rng, 0, Math.sqrt(1 / n))), b: [0] };
    const Xs = randomMatrix(16, n, () => gaussian(rng));
    const Ys = Array.from({ length: 16 }, () => (rng() < 0.5 ? 0 : 1));
    const r = attempt(() => residualNetForwardBackward(deep, top, Xs, Ys, 'sigmoid'), { call: "residualNetForwardBackward(30 sigmoid blocks, seed 1, …, 'sigmoid')", lesson });
    const norm = (M: number[][]) => Math.sqrt(M.flat().reduce((s, x) => s + x * x, 0));
    const ratio = norm(r.grads[0]!.dW) / norm(r.grads[29]!.dW);
    if (!(ratio > 1e-2 && ratio < 1e2)) throw new Feedback(`‖dW₁‖/‖dW₃₀‖ = ${ratio.toExponential(3)}, but with the skips it should stay within a factor of 100 of 1 (the lesson measures 0.128).`, lesson);
    expectClose(() => ratio, 0.12823721, { call: '‖dW₁‖/‖dW₃₀‖ (seed 1)', lesson, rtol: 1e-5 });
  });
});
