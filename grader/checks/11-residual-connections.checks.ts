/**
 * Hidden checks for unit 11. Expected values come from the reference engine (the chain built from
 * `mul`, `sigmoid` and `add` tensors; `residualGradients` for the MLP), centred finite differences
 * of the engine's loss, and `mlpGradients` for the plain net the lesson compares with — never from
 * solutions/. The misconceptions' values are built here from the engine's Z and A.
 */
import { Tensor, add, frobeniusNorm, mlpGradients, mul, numericalGradient, residualGradients, sigmoid as engineSigmoid, type Activation, type DenseLayer } from '../engine/index';
import { describe as show, shapeOf } from '../../lib/compare';
import { gaussian, randomMatrix, seededRng } from '../../lib/random';
import { attempt, expectShapeError, expectUnchanged, Feedback, nameSlip, snapshot } from '../../lib/testing';
import { expectAnswer, exported, judge, type HiddenCheck, type UnitModule } from './helpers';
import { oracleFunction } from './support/oracle';
import { activationAt } from '../engine/scalar';
import { colMeans, gPrime, scaleM, sigma, transpose as T } from './support/oracle-math';
import { bind } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/11-residual-connections';

const slug = '11-residual-connections';
const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu'];

type Matrix = number[][];
type Vector = number[];
interface LayerGradient { dW: Matrix; db: Vector }
type Forward = (x: number, weights: number[]) => { z: number[]; a: number[] };
type Local = (x: number, weights: number[]) => number[];
type NetFB = (blocks: DenseLayer[], head: DenseLayer, X: Matrix, Y: Vector, activation: Activation) => { loss: number; grads: LayerGradient[] };

export const lesson = {
  chain: `${slug}#the-residual-chain`,
  local: `${slug}#the-local-factor`,
  net: `${slug}#the-residual-mlp`,
  experiment: `${slug}#the-experiment-30-sigmoid-blocks`,
};

const tol = { rtol: 1e-8, atol: 1e-14 };
const mm = (A: Matrix, B: Matrix): Matrix => A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, k) => s + a * B[k]![j]!, 0)));
const fro = (M: Matrix): number => frobeniusNorm(Tensor.from(M)).item();
const list = (xs: number[]) => `[${xs.map((x) => show(x)).join(', ')}]`;

// Oracles (grader/checks/support/oracle.ts): the grader computes each value once per class.

// ---- the scalar chain, in the engine ----
const engineChain = oracleFunction('engineChain', (x: number, weights: number[]): { z: number[]; a: number[]; local: number[] } => {
  const z: number[] = [];
  const a: number[] = [];
  const local: number[] = [];
  let previous = x;
  for (const w of weights) {
    // One block as a function of its input, so its derivative da_k/da_{k−1} comes from autodiff.
    const input = Tensor.param(previous);
    const zk = mul(Tensor.from(w), input);
    const out = add(input, engineSigmoid(zk));
    out.backward();
    z.push(zk.item());
    a.push(out.item());
    local.push(input.grad![0]!);
    previous = out.item();
  }
  return { z, a, local };
});

function randomChain(rng: () => number): { x: number; weights: number[] } {
  const L = 1 + Math.floor(rng() * 8);
  return { x: gaussian(rng), weights: Array.from({ length: L }, () => gaussian(rng, 0, 1.5)) };
}

// ---- the residual MLP ----
interface Net { blocks: DenseLayer[]; head: DenseLayer; X: Matrix; Y: Vector; label: string }

const randomNet = oracleFunction('randomNet', (seed: number, depth?: number): Net => {
  const rng = seededRng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  for (let tries = 0; ; tries++) {
    const L = depth ?? int(1, 4);
    const n = int(1, 5);
    const m = int(2, 6);
    const blocks = Array.from({ length: L }, () => ({ W: randomMatrix(n, n, () => gaussian(rng, 0, 0.8 / Math.sqrt(n))), b: Array.from({ length: n }, () => gaussian(rng, 0, 0.1)) }));
    const head = { W: randomMatrix(n, 1, () => gaussian(rng, 0, 1 / Math.sqrt(n))), b: [gaussian(rng, 0, 0.1)] };
    const X = randomMatrix(m, n, () => gaussian(rng));
    const Y = Array.from({ length: m }, () => (rng() < 0.5 ? 0 : 1));
    const net = { blocks, head, X, Y, label: `a random residual net (seed ${seed}): ${L} block${L > 1 ? 's' : ''} of width ${n}, batch of ${m}` };
    // Keep pre-activations away from ReLU's kink, where finite differences and g'(0) disagree.
    if (residualGradients(blocks, head, X, Y, 'relu').Z.every((Z) => Z.flat().every((z) => Math.abs(z) > 1e-3)) || tries > 20) return net;
  }
});

/**
 * Gradients written out by hand from the engine's forward pass, with one slip planted:
 * `noSkip` backpropagates as if the blocks were plain layers (G_{l−1} = δ_l·W_lᵀ, the skip's G_l dropped).
 */
function slippedGrads(net: Net, activation: Activation, slip: 'noSkip'): LayerGradient[] {
  const e = residualGradients(net.blocks, net.head, net.X, net.Y, activation);
  const m = net.Y.length;
  const streams = [net.X, ...e.A];
  const dHead = e.logits.map((z, i) => [sigma(z) - net.Y[i]!]);
  const grads: LayerGradient[] = [];
  let G = mm(dHead, T(net.head.W));
  for (let l = net.blocks.length - 1; l >= 0; l--) {
    const delta = G.map((row, i) => row.map((d, j) => d * gPrime[activation](e.Z[l]![i]![j]!)));
    grads[l] = { dW: scaleM(mm(T(streams[l]!), delta), 1 / m), db: colMeans(delta) };
    const branch = mm(delta, T(net.blocks[l]!.W));
    G = slip === 'noSkip' ? branch : G.map((row, i) => row.map((d, j) => d + branch[i]![j]!));
  }
  return [...grads, e.grads[e.grads.length - 1]!];
}

/** The stream when the skip is added before the activation: A_l = g(A_{l−1}·W_l + b_l + A_{l−1}). */
function skipInsideLoss(net: Net, activation: Activation): number {
  const g = activationAt;
  let A = net.X;
  for (const { W, b } of net.blocks) A = mm(A, W).map((row, i) => row.map((z, j) => g[activation](z + b[j]! + A[i]![j]!)));
  const logits = mm(A, net.head.W).map((row) => row[0]! + net.head.b[0]!);
  return logits.reduce((s, z, i) => s + Math.max(z, 0) - z * net.Y[i]! + Math.log1p(Math.exp(-Math.abs(z))), 0) / logits.length;
}

function learnerNet(impl: UnitModule, net: Net, activation: Activation) {
  const fb = exported<NetFB>(impl, 'residualNetForwardBackward', slug);
  const call = `residualNetForwardBackward(blocks, head, X, Y, '${activation}') on ${net.label}`;
  const result = attempt(() => fb(net.blocks, net.head, net.X, net.Y, activation), { call, lesson: lesson.net });
  if (typeof result !== 'object' || result === null || !Array.isArray(result.grads)) {
    throw new Feedback(`${call} returned ${show(result)}; it should return { loss, grads } with one { dW, db } per block and the head's last.`, lesson.net);
  }
  if (result.grads.length !== net.blocks.length + 1) {
    throw new Feedback(`${call} returned ${result.grads.length} gradients for ${net.blocks.length} blocks and a head: there should be ${net.blocks.length + 1}, the blocks first to last, then the head.`, lesson.net);
  }
  return { call, result };
}

/** Name a wrong order of the gradients (the head first, the blocks last first) before judging entry by entry. */
function checkOrder(call: string, grads: LayerGradient[], expected: LayerGradient[]): void {
  nameSlip(grads, bind(catalogue.netGradOrder, { right: expected.map((g) => g.dW) }), `${call}: grads[0].dW is ${shapeOf(grads[0]?.dW)}, blocks[0].W is ${shapeOf(expected[0]!.dW)}.`);
}

/** The wrong values of the catalogue's whole-pass slips on one net, for `ctx.known`. */
export const slipValues = oracleFunction('slipValues', (net: Net, activation: Activation) => {
  const noSkip = slippedGrads(net, activation, 'noSkip');
  return {
    loss: { 'skip-inside': skipInsideLoss(net, activation) },
    grads: noSkip.map((g) => ({ dW: { 'no-skip-backward': g.dW }, db: { 'no-skip-backward': g.db } })),
  };
});

/** The public test's net: two tanh blocks of width 2 (exercises/11-residual-connections/residual.test.ts). */
export const fixture: Net = {
  X: [[0.5, -1], [1, 2], [-0.3, 0.4]],
  Y: [1, 0, 1],
  blocks: [{ W: [[0.2, -0.1], [0.4, 0.3]], b: [0.1, -0.1] }, { W: [[-0.3, 0.5], [0.1, 0.2]], b: [0, 0.05] }],
  head: { W: [[0.6], [-0.4]], b: [0.1] },
  label: "the lesson's 2-block net",
};

function judgeNet(impl: UnitModule, net: Net, activation: Activation): void {
  const { call, result } = learnerNet(impl, net, activation);
  const engine = residualGradients(net.blocks, net.head, net.X, net.Y, activation);
  const m = net.Y.length;
  const known = slipValues(net, activation);
  judge(result.loss, {
    call: `${call}.loss`,
    expected: engine.loss,
    lesson: lesson.net,
    rtol: 1e-9,
    atol: 1e-12,
    misconceptions: bind(catalogue.netLoss, { m, right: engine.loss, known: known.loss }),
  });
  checkOrder(call, result.grads, engine.grads);
  engine.grads.forEach((want, l) => {
    const what = l === net.blocks.length ? 'the head' : `block ${l}`;
    judge(result.grads[l]?.dW, { call: `${call}.grads[${l}].dW (${what})`, expected: want.dW, lesson: lesson.net, ...tol, misconceptions: bind(catalogue.netGradients, { m, right: want.dW, known: known.grads[l]?.dW ?? {} }) });
    judge(result.grads[l]?.db, { call: `${call}.grads[${l}].db (${what})`, expected: want.db, lesson: lesson.net, ...tol, misconceptions: bind(catalogue.netGradients, { m, right: want.db, known: known.grads[l]?.db ?? {} }) });
  });
}

/** The lesson's experiment: 30 blocks of width 16, N(0, 1/n) weights, zero biases, a batch of 16. */
const thirtyBlocks = oracleFunction('thirtyBlocks', (seed: number): Net => {
  const rng = seededRng(seed);
  const n = 16;
  const blocks = Array.from({ length: 30 }, () => ({ W: randomMatrix(n, n, () => gaussian(rng, 0, Math.sqrt(1 / n))), b: Array<number>(n).fill(0) }));
  const head = { W: randomMatrix(n, 1, () => gaussian(rng, 0, Math.sqrt(1 / n))), b: [0] };
  const X = randomMatrix(16, n, () => gaussian(rng));
  const Y = Array.from({ length: 16 }, () => (rng() < 0.5 ? 0 : 1));
  return { blocks, head, X, Y, label: `30 sigmoid blocks of width 16, N(0, 1/16) weights, zero biases (seed ${seed})` };
});

const fmt = (x: number) => x.toExponential(2);

export const checks: HiddenCheck[] = [
  {
    name: 'residualChainForward matches the engine on 60 random chains, and the notes\' chain x = 1, w = [0.5, 0.5, 0.5]',
    run(impl) {
      const forward = exported<Forward>(impl, 'residualChainForward', slug);
      const rng = seededRng(1101);
      const chains = [{ x: 1, weights: [0.5, 0.5, 0.5] }, ...Array.from({ length: 60 }, () => randomChain(rng))];
      for (const { x, weights } of chains) {
        const want = engineChain(x, weights);
        const call = `residualChainForward(${show(x)}, ${list(weights)})`;
        const got = attempt(() => forward(x, weights), { call, lesson: lesson.chain });
        judge(got?.a, {
          call: `${call}.a`,
          expected: want.a,
          lesson: lesson.chain,
          ...tol,
          misconceptions: bind(catalogue.residualChainForward, { x, weights, right: want.a }),
        });
        judge(got?.z, { call: `${call}.z`, expected: want.z, lesson: lesson.chain, ...tol });
      }
    },
  },
  {
    name: 'residualChainLocalGradients is 1 + w_k·σ\'(z_k) (from the engine\'s autodiff of each block) on 60 random chains',
    run(impl) {
      const local = exported<Local>(impl, 'residualChainLocalGradients', slug);
      const rng = seededRng(1102);
      for (let trial = 0; trial < 60; trial++) {
        const { x, weights } = randomChain(rng);
        const want = engineChain(x, weights);
        const call = `residualChainLocalGradients(${show(x)}, ${list(weights)})`;
        expectAnswer(() => local(x, weights), {
          call,
          expected: want.local,
          lesson: lesson.local,
          ...tol,
          misconceptions: bind(catalogue.residualChainLocalGradients, { weights, right: want.local, slopeAtA: want.a.map(gPrime.sigmoid) }),
        });
      }
    },
  },
  {
    name: "the notes' chain: the residual factors multiply to 1.349004 where unit 02's give 0.014043",
    run(impl) {
      const local = exported<Local>(impl, 'residualChainLocalGradients', slug);
      const call = 'residualChainLocalGradients(1, [0.5, 0.5, 0.5])';
      const factors = attempt(() => local(1, [0.5, 0.5, 0.5]), { call, lesson: lesson.local });
      const want = engineChain(1, [0.5, 0.5, 0.5]).local;
      judge(factors, { call, expected: want, lesson: lesson.local, ...tol, misconceptions: bind(catalogue.residualChainLocalGradients, { weights: [0.5, 0.5, 0.5], right: want, slopeAtA: engineChain(1, [0.5, 0.5, 0.5]).a.map(gPrime.sigmoid) }) });
      const product = (factors as number[]).reduce((p, f) => p * f, 1);
      if (!(Math.abs(product - 1.349004) < 5e-7)) throw new Feedback(`The product of ${call} is ${product}, but it should be 1.349004.`, lesson.local);
    },
  },
  {
    name: 'residualNetForwardBackward matches the engine on random small nets, for all four activations',
    run(impl) {
      for (const [i, activation] of ACTIVATIONS.flatMap((a) => [a, a, a]).entries()) judgeNet(impl, randomNet(1110 + i), activation);
    },
  },
  {
    name: 'residualNetForwardBackward agrees with centred finite differences of the loss (3-block nets, all four activations)',
    run(impl) {
      for (const [i, activation] of ACTIVATIONS.entries()) {
        const net = randomNet(1130 + i, 3);
        const { call, result } = learnerNet(impl, net, activation);
        const layers = [...net.blocks, net.head];
        const flat = Float64Array.from(layers.flatMap(({ W, b }) => [...W.flat(), ...b]));
        const rebuild = (v: Float64Array) => {
          let k = 0;
          return layers.map(({ W, b }) => ({ W: W.map((row) => row.map(() => v[k++]!)), b: b.map(() => v[k++]!) }));
        };
        const lossAt = (v: Float64Array) => {
          const ls = rebuild(v);
          return residualGradients(ls.slice(0, -1), ls[ls.length - 1]!, net.X, net.Y, activation).loss;
        };
        // Centred differences with h = 1e-5 are good to ~1e-10 on these kink-free nets.
        rebuild(numericalGradient(lossAt, flat)).forEach(({ W, b }, l) => {
          judge(result.grads[l]?.dW, { call: `${call}.grads[${l}].dW vs finite differences`, expected: W, lesson: lesson.net, rtol: 1e-5, atol: 1e-7 });
          judge(result.grads[l]?.db, { call: `${call}.grads[${l}].db vs finite differences`, expected: b, lesson: lesson.net, rtol: 1e-5, atol: 1e-7 });
        });
      }
    },
  },
  {
    name: "30 sigmoid blocks of width 16: ‖dW₁‖/‖dW₃₀‖ stays between 1e-2 and 1e2, where the same plain net's is below 1e-12",
    run(impl) {
      for (const seed of [1, 2]) {
        const net = thirtyBlocks(seed);
        const { call, result } = learnerNet(impl, net, 'sigmoid');
        const norms = result.grads.map((g, l) => {
          if (shapeOf(g?.dW) === null) throw new Feedback(`${call}.grads[${l}].dW is ${show(g?.dW)}, not a matrix.`, lesson.net);
          return fro(g.dW);
        });
        const ratio = norms[0]! / norms[29]!;
        const plain = mlpGradients([...net.blocks, net.head], net.X, net.Y, 'sigmoid').grads.map(({ dW }) => fro(dW));
        const plainRatio = plain[0]! / plain[29]!;
        // Over seeds 1–200 (the engine) the residual ratio stayed in [0.037, 11.3] and the plain one below 5e-15.
        if (!(ratio > 1e-2 && ratio < 1e2)) {
          throw new Feedback(`${call}: ‖dW₁‖/‖dW₃₀‖ = ${fmt(norms[0]!)} / ${fmt(norms[29]!)} = ${fmt(ratio)}; with the skip it should stay within a factor of 100 of 1 (the same net without skips gives ${fmt(plainRatio)}).`, lesson.experiment);
        }
        const want = residualGradients(net.blocks, net.head, net.X, net.Y, 'sigmoid').grads.map(({ dW }) => fro(dW));
        judge(norms, { call: `‖dW_l‖ of ${call}`, expected: want, lesson: lesson.experiment, rtol: 1e-6, atol: 0 });
      }
    },
  },
  {
    name: 'shape mismatches throw an error naming both shapes',
    run(impl) {
      const fb = exported<NetFB>(impl, 'residualNetForwardBackward', slug);
      const fill = (r: number, c: number) => Array.from({ length: r }, () => Array<number>(c).fill(0.1));
      const X = fill(4, 3);
      const Y = [1, 0, 1, 0];
      const block = (r: number, c: number) => ({ W: fill(r, c), b: Array<number>(c).fill(0) });
      const head = { W: fill(3, 1), b: [0] };
      const info = (call: string) => ({ call, lesson: lesson.net });
      expectShapeError(() => fb([block(3, 3), block(3, 4)], head, X, Y, 'tanh'), ['3x4', '4x3'], info('residualNetForwardBackward(blocks 3x3, 3x4, X 4x3, …)'));
      expectShapeError(() => fb([block(2, 2)], head, X, Y, 'tanh'), ['2x2', '4x3'], info('residualNetForwardBackward(block 2x2, X 4x3, …)'));
      expectShapeError(() => fb([block(3, 3)], { W: fill(2, 1), b: [0] }, X, Y, 'tanh'), ['2x1', '4x3'], info('residualNetForwardBackward(…, head W 2x1, X 4x3, …)'));
      expectShapeError(() => fb([block(3, 3)], head, X, [1, 0], 'tanh'), ['4x3', '2'], info('residualNetForwardBackward(…, X 4x3, Y of 2, …)'));
    },
  },
  {
    name: 'inputs are left unchanged',
    run(impl) {
      const forward = exported<Forward>(impl, 'residualChainForward', slug);
      const local = exported<Local>(impl, 'residualChainLocalGradients', slug);
      const fb = exported<NetFB>(impl, 'residualNetForwardBackward', slug);
      const weights = [0.5, -1, 2];
      const before = snapshot(weights);
      attempt(() => forward(1, weights), { call: 'residualChainForward(1, [0.5, -1, 2])', lesson: lesson.chain });
      attempt(() => local(1, weights), { call: 'residualChainLocalGradients(1, [0.5, -1, 2])', lesson: lesson.local });
      expectUnchanged(before, weights, { call: 'residualChainForward / residualChainLocalGradients', lesson: lesson.chain, argument: 'weights' });
      const net = randomNet(1150, 3);
      const args = snapshot({ blocks: net.blocks, head: net.head, X: net.X, Y: net.Y });
      for (const activation of ACTIVATIONS) {
        const call = `residualNetForwardBackward(blocks, head, X, Y, '${activation}')`;
        attempt(() => fb(net.blocks, net.head, net.X, net.Y, activation), { call, lesson: lesson.net });
        expectUnchanged(args, { blocks: net.blocks, head: net.head, X: net.X, Y: net.Y }, { call, lesson: lesson.net, argument: 'blocks, head, X or Y' });
      }
    },
  },
];
