/**
 * Hidden checks for unit 05. Expected values come from the reference engine (`mlpGradients`,
 * `frobeniusNorm`) and centred finite differences of the engine's loss, never from solutions/.
 * The misconceptions' values are built here from the engine's Z and A.
 */
import { Tensor, frobeniusNorm, mlpGradients, mlpLoss, numericalGradient, type Activation, type DenseLayer } from '../engine/index';
import { describe as show, isClose, shapeOf } from '../../lib/compare';
import { gaussian, randomMatrix, seededRng } from '../../lib/random';
import { attempt, expectShapeError, expectUnchanged, Feedback, snapshot } from '../../lib/testing';
import { bind } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/05-vanishing-gradients';
import { nameSlip } from '../../lib/testing';
import { expectAnswer, exported, judge, type HiddenCheck, type UnitModule } from './helpers';
import { colMeans, gPrime, scaleM, transpose as T } from './support/oracle-math';
import { judgeParameterCheck, oracleChecks } from './support/gradient-check-oracle';
import { oracleFunction } from './support/oracle';

const slug = '05-vanishing-gradients';
const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu'];

type Matrix = number[][];
type Vector = number[];
interface LayerGradient { dW: Matrix; db: Vector }
type DeepForwardBackward = (layers: DenseLayer[], X: Matrix, Y: Vector, activation: Activation) => { loss: number; grads: LayerGradient[] };
type LayerGradientNorms = (grads: LayerGradient[]) => number[];
type CheckDeepBackward = (layers: DenseLayer[], X: Matrix, Y: Vector, activation: Activation, forwardBackwardFn?: DeepForwardBackward) => unknown;

interface Net { layers: DenseLayer[]; X: Matrix; Y: Vector; label: string }

const lesson = {
  loop: `${slug}#backprop-through-l-layers`,
  norm: `${slug}#measuring-a-layers-gradient`,
  experiment: `${slug}#the-experiment-30-layers-of-width-64`,
  order: `${slug}#reading-the-list-from-the-wrong-end`,
  size: `${slug}#squared-norms-and-other-sizes`,
  unit04: `${slug}#mistakes-carried-over-from-unit-04`,
};

// ---- plain helpers (oracle side) ----
const mm = (A: Matrix, B: Matrix): Matrix => A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, k) => s + a * B[k]![j]!, 0)));
const fro = (M: Matrix): number => frobeniusNorm(Tensor.from(M)).item();

/** A random net of 1–5 layers, widths 1–6, seeded. Pre-activations stay ≥ 1e-3 from ReLU's kink. */
function makeRandomNet(seed: number, depth?: number): Net {
  const rng = seededRng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  for (let tries = 0; ; tries++) {
    const L = depth ?? int(1, 5);
    const m = int(2, 6);
    const widths = [int(1, 5), ...Array.from({ length: L - 1 }, () => int(1, 6)), 1];
    const layers = widths.slice(1).map((nOut, l) => ({
      W: randomMatrix(widths[l]!, nOut, () => gaussian(rng, 0, 1.2 / Math.sqrt(widths[l]!))),
      b: Array.from({ length: nOut }, () => gaussian(rng, 0, 0.1)),
    }));
    const X = randomMatrix(m, widths[0]!, () => gaussian(rng));
    const Y = Array.from({ length: m }, () => (rng() < 0.5 ? 0 : 1));
    const net = { layers, X, Y, label: `a random net (seed ${seed}): ${L} layer${L > 1 ? 's' : ''}, widths ${widths.join('→')}, batch of ${m}` };
    const Zs = mlpGradients(layers, X, Y, 'relu').Z;
    if (Zs.every((Z) => Z.flat().every((z) => Math.abs(z) > 1e-3)) || tries > 20) return net;
  }
}

// Oracle helpers (grader/checks/support/oracle.ts): functions of plain data only, computed once per class by the grader.
const randomNet = oracleFunction('randomNet', makeRandomNet);

/** The lesson's experiment: 29 hidden layers of width 64, one output unit, a batch of 16, zero biases, weights of std √(gain/fanIn). */
const deepNet = oracleFunction('deepNet', (seed: number, gain: number, label: string): Net => {
  const stdOf = (fanIn: number) => Math.sqrt(gain / fanIn);
  const rng = seededRng(seed);
  const widths = [64, ...Array<number>(29).fill(64), 1];
  const layers = widths.slice(1).map((nOut, l) => ({ W: randomMatrix(widths[l]!, nOut, () => gaussian(rng, 0, stdOf(widths[l]!))), b: Array<number>(nOut).fill(0) }));
  const X = randomMatrix(16, 64, () => gaussian(rng));
  const Y = Array.from({ length: 16 }, () => (rng() < 0.5 ? 0 : 1));
  return { layers, X, Y, label: `${label} (seed ${seed})` };
});

/** ‖dW_l‖ of the engine's gradients on the experiment's net. */
const engineDeepNorms = oracleFunction('engineDeepNorms', (seed: number, gain: number, label: string, activation: Activation): number[] => {
  const net = deepNet(seed, gain, label);
  return mlpGradients(net.layers, net.X, net.Y, activation).grads.map(({ dW }) => fro(dW));
});

/** Backprop written out from the engine's Z and A, with g' taken at Z (right) or at A (the misconception). */
function makePlainGrads(net: Net, activation: Activation, primeAt: 'Z' | 'A'): LayerGradient[] {
  const { Z, A, yHat } = mlpGradients(net.layers, net.X, net.Y, activation);
  const m = net.Y.length;
  const inputs = [net.X, ...A];
  const grads: LayerGradient[] = [];
  let delta = yHat.map((p, i) => [p - net.Y[i]!]);
  for (let l = net.layers.length - 1; l >= 0; l--) {
    grads[l] = { dW: scaleM(mm(T(inputs[l]!), delta), 1 / m), db: colMeans(delta) };
    if (l > 0) {
      const at = primeAt === 'Z' ? Z[l - 1]! : A[l - 1]!;
      delta = mm(delta, T(net.layers[l]!.W)).map((row, i) => row.map((d, j) => d * gPrime[activation](at[i]![j]!)));
    }
  }
  return grads;
}
const plainGrads = oracleFunction('plainGrads', makePlainGrads);

/** Centred finite differences of the engine's loss in every W and b, layer by layer. */
const finiteDifferenceGrads = oracleFunction('finiteDifferenceGrads', (net: Net, activation: Activation): { W: Matrix; b: Vector }[] => {
  const flat = Float64Array.from(net.layers.flatMap(({ W, b }) => [...W.flat(), ...b]));
  const rebuild = (v: Float64Array) => {
    let k = 0;
    return net.layers.map(({ W, b }) => ({ W: W.map((row) => row.map(() => v[k++]!)), b: b.map(() => v[k++]!) }));
  };
  return rebuild(numericalGradient((v) => mlpGradients(rebuild(v), net.X, net.Y, activation).loss, flat));
});

function learnerResult(impl: UnitModule, net: Net, activation: Activation) {
  const deepForwardBackward = exported<DeepForwardBackward>(impl, 'deepForwardBackward', slug);
  const call = `deepForwardBackward(layers, X, Y, '${activation}') on ${net.label}`;
  const result = attempt(() => deepForwardBackward(net.layers, net.X, net.Y, activation), { call, lesson: lesson.loop });
  if (typeof result !== 'object' || result === null || !Array.isArray(result.grads)) {
    throw new Feedback(`${call} returned ${show(result)}; it should return { loss, grads } with one { dW, db } per layer.`, lesson.loop);
  }
  if (result.grads.length !== net.layers.length) {
    throw new Feedback(`${call} returned ${result.grads.length} gradients for ${net.layers.length} layers: one { dW, db } per layer, first to last.`, lesson.loop);
  }
  return { call, result };
}

/** Name the "last layer first" order before judging layer by layer. */
function checkOrder(call: string, grads: LayerGradient[], expected: LayerGradient[]): void {
  nameSlip(grads, bind(catalogue.gradsOrder, { right: expected.map((g) => g.dW) }), `${call}: grads[0].dW is ${shapeOf(grads[0]?.dW)}, layers[0].W is ${shapeOf(expected[0]!.dW)}.`);
}

/** Judge loss and every layer's dW and db against the engine, naming the misconceptions. */
function judgeAgainstEngine(impl: UnitModule, net: Net, activation: Activation, tolerance = { rtol: 1e-7, atol: 1e-12 }): void {
  const { call, result } = learnerResult(impl, net, activation);
  const engine = mlpGradients(net.layers, net.X, net.Y, activation);
  const m = net.Y.length;
  judge(result.loss, {
    call: `${call}.loss`,
    expected: engine.loss,
    lesson: lesson.loop,
    rtol: 1e-9,
    atol: 1e-12,
    misconceptions: bind(catalogue.loss, { m, right: engine.loss }),
  });
  const expected = engine.grads;
  checkOrder(call, result.grads, expected);
  const atA = plainGrads(net, activation, 'A');
  expected.forEach((want, l) => {
    judge(result.grads[l]?.dW, {
      call: `${call}.grads[${l}].dW`,
      expected: want.dW,
      lesson: lesson.loop,
      ...tolerance,
      misconceptions: bind(catalogue.layerGradient, { field: 'dW', m, right: want.dW, known: { 'at-a': atA[l]!.dW } }),
    });
    judge(result.grads[l]?.db, {
      call: `${call}.grads[${l}].db`,
      expected: want.db,
      lesson: lesson.loop,
      ...tolerance,
      misconceptions: bind(catalogue.layerGradient, { field: 'db', m, right: want.db, known: { 'at-a': atA[l]!.db } }),
    });
  });
}

/** ‖dW‖ of the learner's own gradients, the oracle's way, so the deep-net checks do not depend on layerGradientNorms. */
function normsOf(call: string, grads: LayerGradient[]): number[] {
  return grads.map((g, l) => {
    if (shapeOf(g?.dW) === null) throw new Feedback(`${call}.grads[${l}].dW is ${show(g?.dW)}, not a matrix.`, lesson.loop);
    return fro(g.dW);
  });
}

const fmt = (x: number) => x.toExponential(2);

// ---- checkDeepBackward: the learner's unit 03 gradient check on every layer ----
const checkLesson = `${slug}#checking-the-deep-backward-pass`;

/** The engine's loss, with these gradients whatever the layers (the grader's own forward-backward, right or wrong). */
const handing = (grads: LayerGradient[]): DeepForwardBackward => (layers, X, Y, activation) => ({ loss: mlpLoss(layers, X, Y, activation), grads: structuredClone(grads) });

/** Run the learner's checkDeepBackward with `grads` handed in and judge every layer's W and b against the engine. */
function judgeDeepCheck(impl: UnitModule, net: Net, activation: Activation, grads: LayerGradient[], about: string, handedIn: 'right' | 'wrong'): void {
  const checkDeepBackward = exported<CheckDeepBackward>(impl, 'checkDeepBackward', slug);
  const call = `checkDeepBackward(layers, X, Y, '${activation}', ${about}) on ${net.label}`;
  const result = attempt(() => checkDeepBackward(net.layers, net.X, net.Y, activation, handing(grads)), { call, lesson: checkLesson });
  if (!Array.isArray(result) || result.length !== net.layers.length) {
    throw new Feedback(`${call} returned ${show(result)}; it should return one { W, b } per layer (${net.layers.length} here), first to last.`, checkLesson);
  }
  oracleChecks(net.layers, net.X, net.Y, activation, grads).forEach((oracle, l) => {
    const layer = result[l] as { W?: unknown; b?: unknown } | null;
    judgeParameterCheck(layer?.W, oracle.W, `${call}[${l}].W`, checkLesson, handedIn);
    judgeParameterCheck(layer?.b, oracle.b, `${call}[${l}].b`, checkLesson, handedIn);
  });
}

export const checks: HiddenCheck[] = [
  {
    name: 'deepForwardBackward matches the engine on random small nets, for all four activations',
    run(impl) {
      for (const [i, activation] of ACTIVATIONS.flatMap((a) => [a, a, a]).entries()) judgeAgainstEngine(impl, randomNet(500 + i), activation);
    },
  },
  {
    name: 'deepForwardBackward agrees with centred finite differences of the loss (3-layer nets, all four activations)',
    run(impl) {
      for (const [i, activation] of ACTIVATIONS.entries()) {
        const net = randomNet(520 + i, 3);
        const { call, result } = learnerResult(impl, net, activation);
        const numeric = finiteDifferenceGrads(net, activation);
        // h = 1e-5 centred differences are good to ~1e-10 on these smooth, kink-free nets; 1e-7 absolute
        // + 1e-5 relative leaves room for that and no room for a wrong formula.
        numeric.forEach(({ W, b }, l) => {
          judge(result.grads[l]?.dW, { call: `${call}.grads[${l}].dW vs finite differences`, expected: W, lesson: lesson.loop, rtol: 1e-5, atol: 1e-7 });
          judge(result.grads[l]?.db, { call: `${call}.grads[${l}].db vs finite differences`, expected: b, lesson: lesson.loop, rtol: 1e-5, atol: 1e-7 });
        });
      }
    },
  },
  {
    name: 'one layer (logistic regression) and two layers (unit 04) are handled as the general case',
    run(impl) {
      for (const [i, activation] of ACTIVATIONS.entries()) {
        judgeAgainstEngine(impl, randomNet(540 + i, 1), activation);
        judgeAgainstEngine(impl, randomNet(550 + i, 2), activation);
      }
    },
  },
  {
    name: 'gradients come back first layer to last, each shaped like its W and b',
    run(impl) {
      const rng = seededRng(560);
      const widths = [3, 5, 2, 4, 1];
      const net: Net = {
        layers: widths.slice(1).map((nOut, l) => ({ W: randomMatrix(widths[l]!, nOut, () => gaussian(rng, 0, 0.7)), b: Array.from({ length: nOut }, () => gaussian(rng, 0, 0.1)) })),
        X: randomMatrix(6, 3, () => gaussian(rng)),
        Y: [1, 0, 0, 1, 1, 0],
        label: 'a net of widths 3→5→2→4→1, batch of 6',
      };
      for (const activation of ACTIVATIONS) {
        const { call, result } = learnerResult(impl, net, activation);
        checkOrder(call, result.grads, mlpGradients(net.layers, net.X, net.Y, activation).grads);
        net.layers.forEach(({ W, b }, l) => {
          for (const [part, want] of [['dW', shapeOf(W)], ['db', shapeOf(b)]] as const) {
            const got = shapeOf(result.grads[l]?.[part]);
            if (got !== want) {
              throw new Feedback(`${call}.grads[${l}].${part} has shape ${got ?? 'unknown'}, but layers[${l}].${part.slice(1)} is ${want}: each gradient has its parameter's shape, and grads[l] belongs to layers[l].`, lesson.order);
            }
          }
        });
      }
    },
  },
  {
    name: "layerGradientNorms returns each dW's Frobenius norm, first layer to last",
    run(impl) {
      const layerGradientNorms = exported<LayerGradientNorms>(impl, 'layerGradientNorms', slug);
      const rng = seededRng(570);
      for (let trial = 0; trial < 10; trial++) {
        const L = 2 + Math.floor(rng() * 5);
        const grads: LayerGradient[] = Array.from({ length: L }, () => {
          const [r, c] = [1 + Math.floor(rng() * 5), 1 + Math.floor(rng() * 5)];
          return { dW: randomMatrix(r, c, () => gaussian(rng, 0, 10 ** (3 * rng() - 2))), db: Array.from({ length: c }, () => gaussian(rng)) };
        });
        const expected = grads.map(({ dW }) => fro(dW));
        expectAnswer(() => layerGradientNorms(grads), {
          call: `layerGradientNorms(${L} layers with dW of shapes ${grads.map((g) => shapeOf(g.dW)).join(', ')})`,
          expected,
          lesson: lesson.norm,
          rtol: 1e-9,
          atol: 1e-15,
          misconceptions: bind(catalogue.layerGradientNorms, { grads, right: expected }),
        });
      }
    },
  },
  {
    name: "30 sigmoid layers of width 64: the first layer's gradient norm is orders of magnitude below the last's",
    run(impl) {
      for (const seed of [1]) {
        const label = 'a 30-layer, width-64 sigmoid net with std 1/√n weights';
        const net = deepNet(seed, 1, label);
        const { call, result } = learnerResult(impl, net, 'sigmoid');
        const norms = normsOf(call, result.grads);
        const ratio = norms[0]! / norms[29]!;
        // Measured ratios are ~1e-18 (≈ 0.24 per layer over 29 layers); 1e-6 leaves twelve orders of margin.
        if (!(ratio < 1e-6)) {
          throw new Feedback(`${call}: ‖dW‖ of the first layer / last layer = ${fmt(norms[0]!)} / ${fmt(norms[29]!)} = ${fmt(ratio)}, but a 30-layer sigmoid net loses ~0.24 per layer, so this ratio should be far below 1e-6.`, lesson.experiment);
        }
        const want = engineDeepNorms(seed, 1, label, 'sigmoid');
        judge(norms, { call: `‖dW_l‖ of ${call}`, expected: want, lesson: lesson.experiment, rtol: 1e-6, atol: 0 });
      }
    },
  },
  {
    name: "30 ReLU layers of width 64 with He init: the first layer's gradient norm stays within two orders of the last's",
    run(impl) {
      for (const seed of [1]) {
        const label = 'a 30-layer, width-64 ReLU net with He weights (std √(2/n))';
        const net = deepNet(seed, 2, label);
        const { call, result } = learnerResult(impl, net, 'relu');
        const norms = normsOf(call, result.grads);
        const ratio = norms[0]! / norms[29]!;
        // Over 120 seeds and batches of 8–32 this ratio stayed within [0.1, 11]; [1e-2, 1e2] cannot flake.
        if (!(ratio > 1e-2 && ratio < 1e2)) {
          throw new Feedback(`${call}: ‖dW‖ of the first layer / last layer = ${fmt(norms[0]!)} / ${fmt(norms[29]!)} = ${fmt(ratio)}; with ReLU and He init it should stay within a factor of 100 either way.`, lesson.experiment);
        }
        const want = engineDeepNorms(seed, 2, label, 'relu');
        judge(norms, { call: `‖dW_l‖ of ${call}`, expected: want, lesson: lesson.experiment, rtol: 1e-6, atol: 0 });
      }
    },
  },
  {
    name: 'extremes: saturated sigmoid/tanh layers give zero (not NaN) early gradients; an all-zero net matches the engine',
    run(impl) {
      // Weights with std 30/√n drive |Z| into the hundreds: σ' and tanh' underflow to 0 and the early layers get nothing.
      for (const [i, activation] of (['sigmoid', 'tanh'] as const).entries()) {
        const net = randomNet(580 + i, 4);
        net.layers = net.layers.map(({ W, b }, l) => ({ W: l < 3 ? scaleM(W, 30) : W, b }));
        net.label += ', weights ×30 in the hidden layers';
        judgeAgainstEngine(impl, net, activation, { rtol: 1e-6, atol: 1e-14 });
      }
      const zero = randomNet(590, 4);
      zero.layers = zero.layers.map(({ W, b }) => ({ W: scaleM(W, 0), b: b.map(() => 0) }));
      zero.label = 'a 4-layer net with every weight and bias 0';
      for (const activation of ACTIVATIONS) judgeAgainstEngine(impl, zero, activation, { rtol: 1e-7, atol: 1e-15 });
    },
  },
  {
    name: 'shape mismatches throw an error naming both shapes',
    run(impl) {
      const deepForwardBackward = exported<DeepForwardBackward>(impl, 'deepForwardBackward', slug);
      const ones = (r: number, c: number) => Array.from({ length: r }, () => Array<number>(c).fill(0.1));
      const X = ones(6, 3);
      const Y = [1, 0, 1, 0, 1, 0];
      const layer = (r: number, c: number) => ({ W: ones(r, c), b: Array<number>(c).fill(0) });
      const info = (call: string) => ({ call, lesson: lesson.loop });
      expectShapeError(() => deepForwardBackward([layer(4, 5), layer(5, 1)], X, Y, 'tanh'), ['6x3', '4x5'], info('deepForwardBackward(layers 4x5 → 5x1, X 6x3, …)'));
      expectShapeError(() => deepForwardBackward([layer(3, 5), layer(4, 2), layer(2, 1)], X, Y, 'tanh'), ['3x5', '4x2'], info('deepForwardBackward(layers 3x5 → 4x2 → 2x1, X 6x3, …)'));
      expectShapeError(() => deepForwardBackward([layer(3, 5), { W: ones(5, 1), b: [0, 0] }], X, Y, 'tanh'), ['5x1', '2'], info('deepForwardBackward(last layer W 5x1 with b of 2, …)'));
      expectShapeError(() => deepForwardBackward([layer(3, 5), layer(5, 1)], X, [1, 0, 1], 'tanh'), ['6x3', '3'], info('deepForwardBackward(…, X 6x3, Y of 3, …)'));
    },
  },
  {
    name: 'deepForwardBackward and layerGradientNorms leave their inputs unchanged',
    run(impl) {
      const deepForwardBackward = exported<DeepForwardBackward>(impl, 'deepForwardBackward', slug);
      const layerGradientNorms = exported<LayerGradientNorms>(impl, 'layerGradientNorms', slug);
      const net = randomNet(600, 4);
      const before = snapshot({ layers: net.layers, X: net.X, Y: net.Y });
      for (const activation of ACTIVATIONS) {
        const call = `deepForwardBackward(layers, X, Y, '${activation}')`;
        const { grads } = attempt(() => deepForwardBackward(net.layers, net.X, net.Y, activation), { call, lesson: lesson.loop });
        expectUnchanged(before, { layers: net.layers, X: net.X, Y: net.Y }, { call, lesson: lesson.loop, argument: 'layers, X or Y' });
        const gradsBefore = snapshot(grads);
        attempt(() => layerGradientNorms(grads), { call: 'layerGradientNorms(grads)', lesson: lesson.norm });
        expectUnchanged(gradsBefore, grads, { call: 'layerGradientNorms(grads)', lesson: lesson.norm, argument: 'grads' });
      }
    },
  },
  {
    name: "checkDeepBackward passes the engine's right gradients, with the engine's errors (3- and 4-layer nets, all four activations)",
    run(impl) {
      // Each probed entry costs the learner two passes and the oracle two more: small nets keep this check well under a second.
      for (const [i, activation] of ACTIVATIONS.entries()) {
        const net = randomNet(570 + i, i === 0 ? 4 : 3);
        judgeDeepCheck(impl, net, activation, mlpGradients(net.layers, net.X, net.Y, activation).grads, "the grader's right forward-backward", 'right');
      }
    },
  },
  {
    name: "checkDeepBackward catches a forgotten /m in every layer, and g'(A) for g'(Z) in every layer but the last",
    run(impl) {
      // The /m slip does not depend on the activation: two of them are enough.
      for (const [i, activation] of (['sigmoid', 'relu'] as const).entries()) {
        const net = randomNet(580 + i, 3);
        const m = net.Y.length;
        const noDivide = mlpGradients(net.layers, net.X, net.Y, activation).grads.map(({ dW, db }) => ({ dW: scaleM(dW, m), db: db.map((x) => m * x) }));
        judgeDeepCheck(impl, net, activation, noDivide, 'a forward-backward without the /m', 'wrong');
      }
      for (const [i, activation] of (['sigmoid', 'tanh'] as const).entries()) {
        const net = randomNet(590 + i, 3);
        judgeDeepCheck(impl, net, activation, plainGrads(net, activation, 'A'), "a forward-backward with g'(A) for g'(Z)", 'wrong');
      }
    },
  },
  {
    name: 'checkDeepBackward throws, naming both, when a gradient is shaped unlike its parameter or the list has the wrong length',
    run(impl) {
      const checkDeepBackward = exported<CheckDeepBackward>(impl, 'checkDeepBackward', slug);
      const net = randomNet(600, 3);
      const { grads } = mlpGradients(net.layers, net.X, net.Y, 'tanh');
      // The last layer's W is n×1, never square (n = 1 aside), so its transpose is a shape error.
      const last = net.layers.length - 1;
      const W = net.layers[last]!.W;
      const [rows, cols] = [W.length, W[0]!.length];
      if (rows === cols) throw new Error(`seed 600 should give a last layer that is not 1x1`);
      const transposed = grads.map((g, l) => (l === last ? { ...g, dW: T(g.dW) } : g));
      expectShapeError(() => checkDeepBackward(net.layers, net.X, net.Y, 'tanh', handing(transposed)), [`${cols}x${rows}`, `${rows}x${cols}`], { call: `checkDeepBackward(layers, X, Y, 'tanh', a forward-backward whose layer ${last} dW is ${cols}x${rows} for a ${rows}x${cols} W)`, lesson: checkLesson });
      expectShapeError(() => checkDeepBackward(net.layers, net.X, net.Y, 'tanh', handing(grads.slice(1))), [`${grads.length - 1}`, `${net.layers.length}`], { call: `checkDeepBackward(layers of ${net.layers.length}, X, Y, 'tanh', a forward-backward returning ${grads.length - 1} gradients)`, lesson: checkLesson });
    },
  },
  {
    name: 'checkDeepBackward checks your own deepForwardBackward by default, and changes none of its inputs',
    run(impl) {
      const checkDeepBackward = exported<CheckDeepBackward>(impl, 'checkDeepBackward', slug);
      const deepForwardBackward = exported<DeepForwardBackward>(impl, 'deepForwardBackward', slug);
      const net = randomNet(610, 3);
      const { layers, X, Y } = net;
      const before = snapshot({ layers, X, Y });
      const call = "checkDeepBackward(layers, X, Y, 'sigmoid')";
      const byDefault = attempt(() => checkDeepBackward(layers, X, Y, 'sigmoid'), { call, lesson: checkLesson });
      expectUnchanged(before, { layers, X, Y }, { call, lesson: checkLesson, argument: 'layers, X or Y' });
      const explicit = attempt(() => checkDeepBackward(layers, X, Y, 'sigmoid', deepForwardBackward), { call: `${call.slice(0, -1)}, deepForwardBackward)`, lesson: checkLesson });
      if (JSON.stringify(byDefault) !== JSON.stringify(explicit)) {
        throw new Feedback(`${call} returned ${show(byDefault)} but ${call.slice(0, -1)}, deepForwardBackward) returned ${show(explicit)}: forwardBackwardFn defaults to your own deepForwardBackward.`, checkLesson);
      }
    },
  },
];
