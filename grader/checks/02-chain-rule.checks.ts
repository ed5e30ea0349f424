/**
 * Hidden checks for unit 02. Expected values come from the reference engine's autodiff (the
 * chain built from `mul` and `sigmoid` tensors), its centred finite differences, and mathjs's
 * `prod`, never from solutions/.
 */
import { prod } from 'mathjs';
import { Tensor, mul, numericalGradient, sigmoid as engineSigmoid } from '../engine/index';
import { describe as show } from '../../lib/compare';
import { seededRng } from '../../lib/random';
import { attempt, expectUnchanged, Feedback, snapshot } from '../../lib/testing';
import { bind } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/02-chain-rule';
import { expectAnswer, exported, type HiddenCheck, type UnitModule } from './helpers';
import { oracleFunction } from './support/oracle';

const slug = '02-chain-rule';
type Forward = (x: number, weights: number[]) => { z: number[]; a: number[] };
type Local = (x: number, weights: number[]) => number[];
type Product = (factors: number[]) => number;
type Backward = (x: number, weights: number[], dLda: number) => { dz: number[]; dw: number[] };
type Step = (w: number, grad: number, lr: number) => number;

// Values of the learner and of the engine come from the same double-precision formulas, so they
// agree to ~1e-13 relative; 1e-8 leaves room for any sensible order of operations while staying
// far below every misconception's error (a factor w_k, a different σ' point, a reversed list).
// Deep-chain gradients reach 1e-18, so the absolute tolerance must be tinier still.
const tol = { rtol: 1e-8, atol: 1e-20 };

interface EngineChain {
  z: number[];
  a: number[];
  /** σ'(z_k), from the engine's backward pass through one sigmoid */
  local: number[];
  dz: number[];
  dw: number[];
}

// Oracles (grader/checks/support/oracle.ts): the grader computes each value once per class.

/** σ'(t) by the engine: the gradient of sigmoid at a leaf holding t. */
const engineSigmoidSlope = oracleFunction('engineSigmoidSlope', (t: number): number => {
  const leaf = Tensor.param(t);
  engineSigmoid(leaf).backward();
  return leaf.grad![0]!;
});

/** The chain z_k = w_k·a_{k−1}, a_k = σ(z_k) built in the engine, and its backward pass from dL/da_L. */
const engineChain = oracleFunction('engineChain', (x: number, weights: number[], dLda: number): EngineChain => {
  const ws = weights.map((w) => Tensor.param(w));
  const zs: Tensor[] = [];
  const as: Tensor[] = [];
  let previous = Tensor.from(x);
  for (const w of ws) {
    const z = mul(w, previous);
    previous = engineSigmoid(z);
    zs.push(z);
    as.push(previous);
  }
  if (ws.length > 0) previous.backward(dLda);
  const z = zs.map((t) => t.item());
  return {
    z,
    a: as.map((t) => t.item()),
    local: z.map((t) => engineSigmoidSlope(t)),
    dz: zs.map((t) => t.grad![0]!),
    dw: ws.map((t) => t.grad![0]!),
  };
});

/** The backward recursion with a chosen local factor and optionally without the weights. */
function simulatedBackward(x: number, weights: number[], dLda: number, local: number[], a: number[], withWeights: boolean) {
  const L = weights.length;
  const dz = new Array<number>(L);
  const dw = new Array<number>(L);
  let upstream = dLda;
  for (let k = L - 1; k >= 0; k--) {
    dz[k] = upstream * local[k]!;
    dw[k] = dz[k]! * (k === 0 ? x : a[k - 1]!);
    upstream = dz[k]! * (withWeights ? weights[k]! : 1);
  }
  return { dz, dw };
}

interface Chain {
  x: number;
  weights: number[];
  dLda: number;
}

/** Seeded random chains: 1–8 layers, x and dL/da_L in [−2, 2], weights in [−3, 3] (|z| stays moderate). */
function randomChains(count: number, seed: number): Chain[] {
  const rng = seededRng(seed);
  const uniform = (r: number) => (2 * rng() - 1) * r;
  return Array.from({ length: count }, () => {
    const layers = 1 + Math.floor(rng() * 8);
    return { x: uniform(2), weights: Array.from({ length: layers }, () => uniform(3)), dLda: uniform(2) };
  });
}

/** A list as it reads in a message; long ones are shortened (… (30 items)). */
const list = (values: number[]) => (values.length > 8 ? show(values) : `[${values.map((v) => show(v)).join(', ')}]`);
const chainCall = (name: string, c: Chain, withSeed: boolean) => `${name}(${show(c.x)}, ${list(c.weights)}${withSeed ? `, ${show(c.dLda)}` : ''})`;

/** The catalogue's slips for one backward field, with the engine's forward values as their context. */
function backwardMisconceptions(c: Chain, field: 'dz' | 'dw') {
  const ref = engineChain(c.x, c.weights, c.dLda);
  return bind(catalogue.chainBackward, { x: c.x, weights: c.weights, a: ref.a, local: ref.local, slopeAtA: ref.a.map((t) => engineSigmoidSlope(t)), right: ref[field], field });
}

export const checks: HiddenCheck[] = [
  {
    name: 'chainForward matches the reference engine on 60 random chains',
    run(impl: UnitModule) {
      const chainForward = exported<Forward>(impl, 'chainForward', slug);
      for (const c of randomChains(60, 201)) {
        const ref = engineChain(c.x, c.weights, 1);
        const call = chainCall('chainForward', c, false);
        const result = attempt(() => chainForward(c.x, c.weights), { call, lesson: `${slug}#the-chain` });
        expectAnswer(() => result?.z, { call: `${call}.z`, expected: ref.z, lesson: `${slug}#the-chain`, ...tol,
          misconceptions: bind(catalogue.chainForwardZ, { x: c.x, weights: c.weights, right: ref.z }),
        });
        expectAnswer(() => result.a, { call: `${call}.a`, expected: ref.a, lesson: `${slug}#the-chain`, ...tol });
      }
    },
  },
  {
    name: "chainForward reproduces the notes' chain: x = 1, w = [0.5, 0.5, 0.5] gives a ≈ [0.62, 0.58, 0.57]",
    run(impl) {
      const chainForward = exported<Forward>(impl, 'chainForward', slug);
      const ref = engineChain(1, [0.5, 0.5, 0.5], 1);
      const call = 'chainForward(1, [0.5, 0.5, 0.5])';
      const lesson = `${slug}#forward-by-hand`;
      expectAnswer(() => chainForward(1, [0.5, 0.5, 0.5]).a, { call: `${call}.a`, expected: [0.62, 0.58, 0.57], lesson, atol: 0.005, rtol: 0 });
      expectAnswer(() => chainForward(1, [0.5, 0.5, 0.5]).a, { call: `${call}.a`, expected: ref.a, lesson, ...tol });
      expectAnswer(() => chainForward(1, [0.5, 0.5, 0.5]).z, { call: `${call}.z`, expected: ref.z, lesson, ...tol, misconceptions: bind(catalogue.chainForwardZ, { x: 1, weights: [0.5, 0.5, 0.5], right: ref.z }) });
    },
  },
  {
    name: "chainLocalGradients is σ'(z_k) for every layer of 60 random chains",
    run(impl) {
      const chainLocalGradients = exported<Local>(impl, 'chainLocalGradients', slug);
      for (const c of [{ x: 1, weights: [0.5, 0.5, 0.5], dLda: 1 }, ...randomChains(60, 202)]) {
        const ref = engineChain(c.x, c.weights, 1);
        expectAnswer(() => chainLocalGradients(c.x, c.weights), {
          call: chainCall('chainLocalGradients', c, false),
          expected: ref.local,
          lesson: `${slug}#local-gradients`,
          ...tol,
          misconceptions: bind(catalogue.chainLocalGradients, { a: ref.a, right: ref.local, slopeAtA: ref.a.map((t) => engineSigmoidSlope(t)) }),
        });
      }
    },
  },
  {
    name: 'product agrees with mathjs prod on 100 random lists, and product([]) is 1',
    run(impl) {
      const product = exported<Product>(impl, 'product', slug);
      const lesson = `${slug}#rounded-factors-versus-exact-factors`;
      const rng = seededRng(203);
      for (let i = 0; i < 100; i++) {
        const factors = Array.from({ length: 1 + Math.floor(rng() * 12) }, () => (2 * rng() - 1) * 2);
        const before = snapshot(factors);
        expectAnswer(() => product(factors), { call: `product(${list(factors)})`, expected: prod(factors) as number, lesson, rtol: 1e-12, atol: 1e-300, misconceptions: bind(catalogue.product, { factors, right: prod(factors) as number }) });
        expectUnchanged(before, factors, { call: `product(${list(factors)})`, lesson, argument: 'factors' });
      }
      expectAnswer(() => product([]), { call: 'product([])', expected: 1, lesson, rtol: 0, atol: 0, misconceptions: bind(catalogue.product, { factors: [], right: 1 }) });
    },
  },
  {
    name: "product reproduces the notes: 0.0138 from rounded factors, 0.014043 exact, 1.25 and 0.004125",
    run(impl) {
      const product = exported<Product>(impl, 'product', slug);
      const lesson = `${slug}#rounded-factors-versus-exact-factors`;
      const exact = engineChain(1, [0.5, 0.5, 0.5], 1).local;
      const cases: [number[], string][] = [
        [[0.25, 0.24, 0.23], 'product([0.25, 0.24, 0.23])'],
        [exact, `product(${list(exact)}) — the exact σ'(z_k) of the notes' chain`],
        [[25, 0.25, 0.2], 'product([25, 0.25, 0.20])'],
        [[25, 0.25, 0.22, 0.2, 0.15, 0.1], 'product([25, 0.25, 0.22, 0.20, 0.15, 0.10])'],
      ];
      for (const [factors, call] of cases) {
        expectAnswer(() => product(factors), { call, expected: prod(factors) as number, lesson, rtol: 1e-12, misconceptions: bind(catalogue.product, { factors, right: prod(factors) as number }) });
      }
      // And the quoted values themselves, at the notes' precision.
      expectAnswer(() => product(exact), { call: "product of the notes' exact factors", expected: 0.014043, lesson, atol: 5e-7, rtol: 0 });
      expectAnswer(() => product([0.25, 0.24, 0.23]), { call: 'product([0.25, 0.24, 0.23])', expected: 0.0138, lesson, atol: 1e-12, rtol: 0 });
    },
  },
  {
    name: 'chainBackward dz matches the reference engine on 60 random chains',
    run(impl) {
      const chainBackward = exported<Backward>(impl, 'chainBackward', slug);
      for (const c of randomChains(60, 204)) {
        const ref = engineChain(c.x, c.weights, c.dLda);
        expectAnswer(() => chainBackward(c.x, c.weights, c.dLda)?.dz, {
          call: `${chainCall('chainBackward', c, true)}.dz`,
          expected: ref.dz,
          lesson: `${slug}#backward-through-the-chain`,
          ...tol,
          misconceptions: backwardMisconceptions(c, 'dz'),
        });
      }
    },
  },
  {
    name: 'chainBackward dw matches the reference engine on 60 random chains',
    run(impl) {
      const chainBackward = exported<Backward>(impl, 'chainBackward', slug);
      for (const c of randomChains(60, 205)) {
        const ref = engineChain(c.x, c.weights, c.dLda);
        expectAnswer(() => chainBackward(c.x, c.weights, c.dLda)?.dw, {
          call: `${chainCall('chainBackward', c, true)}.dw`,
          expected: ref.dw,
          lesson: `${slug}#backward-through-the-chain`,
          ...tol,
          misconceptions: backwardMisconceptions(c, 'dw'),
        });
      }
    },
  },
  {
    name: "chainBackward on the notes' chain agrees with centred finite differences of the output",
    run(impl) {
      const chainBackward = exported<Backward>(impl, 'chainBackward', slug);
      const c: Chain = { x: 1, weights: [0.5, 0.5, 0.5], dLda: 1 };
      // L(w) = a_3(w), so dL/da_3 = 1; the centred difference has error ~h² ≈ 1e-10, hence rtol 1e-7.
      const output = (w: Float64Array) => {
        const { a } = engineChain(c.x, Array.from(w), 1);
        return a[a.length - 1]!;
      };
      const expected = Array.from(numericalGradient(output, Float64Array.from(c.weights)));
      expectAnswer(() => chainBackward(c.x, c.weights, 1)?.dw, {
        call: 'chainBackward(1, [0.5, 0.5, 0.5], 1).dw',
        expected,
        lesson: `${slug}#backward-through-the-chain`,
        rtol: 1e-7,
        atol: 1e-12,
        misconceptions: backwardMisconceptions(c, 'dw'),
      });
    },
  },
  {
    name: 'chainBackward through saturated units gives 0, never NaN: x = 1, w = [1000, −1000, 2]',
    run(impl) {
      const chainBackward = exported<Backward>(impl, 'chainBackward', slug);
      const c: Chain = { x: 1, weights: [1000, -1000, 2], dLda: 1 };
      const ref = engineChain(c.x, c.weights, c.dLda);
      const lesson = `${slug}#backward-through-the-chain`;
      const result = attempt(() => chainBackward(c.x, c.weights, c.dLda), { call: chainCall('chainBackward', c, true), lesson });
      expectAnswer(() => result?.dz, { call: `${chainCall('chainBackward', c, true)}.dz`, expected: ref.dz, lesson, atol: 1e-12, rtol: 1e-8, misconceptions: backwardMisconceptions(c, 'dz') });
      expectAnswer(() => result.dw, { call: `${chainCall('chainBackward', c, true)}.dw`, expected: ref.dw, lesson, atol: 1e-12, rtol: 1e-8, misconceptions: backwardMisconceptions(c, 'dw') });
    },
  },
  {
    name: 'chainBackward obeys the bound |dL/dw_k| ≤ |dL/da_L|·0.25^(L−k+1) on 30-layer chains with |w|, |x| ≤ 1',
    run(impl) {
      const chainBackward = exported<Backward>(impl, 'chainBackward', slug);
      const lesson = `${slug}#an-upper-bound-for-every-depth`;
      const rng = seededRng(206);
      for (let trial = 0; trial < 10; trial++) {
        const c: Chain = { x: 2 * rng() - 1, weights: Array.from({ length: 30 }, () => 2 * rng() - 1), dLda: 1 + rng() };
        const call = chainCall('chainBackward', c, true);
        const { dw } = attempt(() => chainBackward(c.x, c.weights, c.dLda), { call, lesson });
        const L = c.weights.length;
        if (!Array.isArray(dw) || dw.length !== L) {
          throw new Feedback(`${call}.dw should have ${L} entries but is ${show(dw)}.`, `${slug}#backward-through-the-chain`);
        }
        dw.forEach((g, k) => {
          const bound = Math.abs(c.dLda) * 0.25 ** (L - k);
          if (!(Math.abs(g) <= bound * (1 + 1e-9))) {
            throw new Feedback(
              `${call}.dw[${k}] is ${show(g)}, above the bound |dL/da_L|·0.25^${L - k} = ${show(bound)} for layer ${k + 1} of ${L}. ` +
                'Is the list in first-to-last order, with σ\'(z) ≤ 0.25 for every layer?',
              lesson,
            );
          }
        });
      }
    },
  },
  {
    name: "sgdStep takes the notes' steps (0.2375, 0.24995875) and 100 random ones",
    run(impl) {
      const sgdStep = exported<Step>(impl, 'sgdStep', slug);
      const lesson = `${slug}#one-gradient-descent-step`;
      const rng = seededRng(207);
      const cases: [number, number, number][] = [
        [0.25, 1.25, 0.01],
        [0.25, 0.004125, 0.01],
        ...Array.from({ length: 100 }, () => [4 * rng() - 2, 6 * rng() - 3, rng() * 0.5] as [number, number, number]),
      ];
      for (const [w, g, lr] of cases) {
        expectAnswer(() => sgdStep(w, g, lr), {
          call: `sgdStep(${show(w)}, ${show(g)}, ${show(lr)})`,
          expected: w - lr * g,
          lesson,
          rtol: 1e-12,
          atol: 1e-15,
          misconceptions: bind(catalogue.sgdStep, { w, grad: g, lr, right: w - lr * g }),
        });
      }
    },
  },
  {
    name: 'inputs are left unchanged, and every list has one entry per layer (also for an empty chain)',
    run(impl) {
      const chainForward = exported<Forward>(impl, 'chainForward', slug);
      const chainLocalGradients = exported<Local>(impl, 'chainLocalGradients', slug);
      const chainBackward = exported<Backward>(impl, 'chainBackward', slug);
      const lesson = `${slug}#the-chain`;
      const weights = [0.7, -1.2, 2.5, 0.1];
      const before = snapshot(weights);
      const forward = attempt(() => chainForward(0.4, weights), { call: 'chainForward(0.4, [0.7, -1.2, 2.5, 0.1])', lesson });
      expectUnchanged(before, weights, { call: 'chainForward(0.4, [0.7, -1.2, 2.5, 0.1])', lesson, argument: 'weights' });
      attempt(() => chainLocalGradients(0.4, weights), { call: 'chainLocalGradients(0.4, [0.7, -1.2, 2.5, 0.1])', lesson });
      expectUnchanged(before, weights, { call: 'chainLocalGradients(0.4, [0.7, -1.2, 2.5, 0.1])', lesson, argument: 'weights' });
      const backward = attempt(() => chainBackward(0.4, weights, 1), { call: 'chainBackward(0.4, [0.7, -1.2, 2.5, 0.1], 1)', lesson });
      expectUnchanged(before, weights, { call: 'chainBackward(0.4, [0.7, -1.2, 2.5, 0.1], 1)', lesson, argument: 'weights' });
      const lengths = { 'chainForward(…).z': forward?.z, 'chainForward(…).a': forward?.a, 'chainBackward(…).dz': backward?.dz, 'chainBackward(…).dw': backward?.dw };
      for (const [what, value] of Object.entries(lengths)) {
        if (!Array.isArray(value) || value.length !== 4) throw new Feedback(`${what} for a 4-layer chain should have 4 entries but is ${show(value)}.`, lesson);
      }
      const empty = { z: [], a: [] };
      expectAnswer(() => chainForward(0.4, []).z, { call: 'chainForward(0.4, []).z', expected: empty.z, lesson });
      expectAnswer(() => chainForward(0.4, []).a, { call: 'chainForward(0.4, []).a', expected: empty.a, lesson });
      expectAnswer(() => chainLocalGradients(0.4, []), { call: 'chainLocalGradients(0.4, [])', expected: [], lesson });
      expectAnswer(() => chainBackward(0.4, [], 1).dz, { call: 'chainBackward(0.4, [], 1).dz', expected: [], lesson: `${slug}#backward-through-the-chain` });
      expectAnswer(() => chainBackward(0.4, [], 1).dw, { call: 'chainBackward(0.4, [], 1).dw', expected: [], lesson: `${slug}#backward-through-the-chain` });
    },
  },
];
