/**
 * The reference engine against @tensorflow/tfjs's pure-JS CPU backend, on the same work:
 * one forward + backward pass (loss and every dW, db) of
 *  - a 4-layer ReLU MLP, width 256, batch 128 (256 → 256 → 256 → 256 → 1), He init;
 *  - unit 05's experiment: 30 layers, width 64, sigmoid hidden layers, batch 128, Xavier init.
 * Both: one sigmoid output unit, mean BCE from the logits, the same seeded parameters and data
 * (tfjs gets them rounded to float32). Timed interleaved (engine, tfjs, engine, …); prints min and
 * median per side, their ratio, and how far the engine's float64 results are from tfjs's float32 ones.
 *
 * Run alone: `npx tsx bench/engine.ts` (or `npm run bench:engine`). BENCH_RUNS=n changes the run count.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Tensor, add, bceWithLogits, matmul, mulberry32, randomTensor, relativeError, relu, sigmoid } from '../grader/engine/index.js';
import { compare, isMain, machine, printComparison } from './lib/index.js';

// tfjs-core's Node bundle ships without gradient definitions (the @tensorflow/tfjs umbrella package
// registers them); load them from tfjs-core's own ESM build. Registries are global, so they apply.
createRequire(import.meta.url)('@tensorflow/tfjs-core/dist/register_all_gradients.js');

type Activation = 'relu' | 'sigmoid';

interface Workload {
  title: string;
  batch: number;
  /** Input features, then the width of each layer; the last is the single output unit. */
  sizes: number[];
  hidden: Activation;
  /** Standard deviation of layer l's weights, from its fan-in and fan-out. */
  initStd: (fanIn: number, fanOut: number) => number;
  seed: number;
}

const WORKLOADS: Workload[] = [
  {
    title: '4-layer MLP, width 256, batch 128, ReLU',
    batch: 128,
    sizes: [256, 256, 256, 256, 1],
    hidden: 'relu',
    initStd: (fanIn) => Math.sqrt(2 / fanIn), // He
    seed: 1,
  },
  {
    title: "unit 05's experiment: 30 layers, width 64, batch 128, sigmoid",
    batch: 128,
    sizes: [64, ...Array<number>(29).fill(64), 1],
    hidden: 'sigmoid',
    initStd: (fanIn, fanOut) => Math.sqrt(2 / (fanIn + fanOut)), // Xavier
    seed: 5,
  },
];

/** The seeded inputs both implementations get, as float64. */
interface Problem {
  X: Tensor;
  Y: Tensor;
  W: Tensor[];
  b: Tensor[];
}

function makeProblem(w: Workload): Problem {
  const rng = mulberry32(w.seed);
  const X = randomTensor([w.batch, w.sizes[0]!], rng);
  const Y = new Tensor(Float64Array.from({ length: w.batch }, () => (rng() < 0.5 ? 0 : 1)), [w.batch, 1]);
  const W: Tensor[] = [], b: Tensor[] = [];
  for (let l = 1; l < w.sizes.length; l++) {
    const [fanIn, fanOut] = [w.sizes[l - 1]!, w.sizes[l]!];
    W.push(randomTensor([fanIn, fanOut], rng, { requiresGrad: true, scale: w.initStd(fanIn, fanOut) }));
    b.push(randomTensor([fanOut], rng, { requiresGrad: true, scale: 0.01 }));
  }
  return { X, Y, W, b };
}

interface Result {
  loss: number;
  dW: ArrayLike<number>[];
  db: ArrayLike<number>[];
}

/** The engine: one forward + backward pass; gradients land in W[l].grad and b[l].grad. */
function engineStep(p: Problem, hidden: Activation): Result {
  const act = hidden === 'relu' ? relu : sigmoid;
  for (const t of [...p.W, ...p.b]) t.zeroGrad();
  let a = p.X, z = p.X;
  p.W.forEach((W, l) => {
    z = add(matmul(a, W), p.b[l]!);
    a = l < p.W.length - 1 ? act(z) : z;
  });
  const loss = bceWithLogits(z, p.Y);
  loss.backward();
  return { loss: loss.item(), dW: p.W.map((t) => t.grad!), db: p.b.map((t) => t.grad!) };
}

/** The same pass in tfjs, on float32 copies of the same numbers. */
function tfjsTwin(p: Problem, hidden: Activation) {
  const f32 = (t: Tensor) => tf.tensor(Float32Array.from(t.data), [...t.shape], 'float32');
  const X = f32(p.X), Y = f32(p.Y);
  const params = [...p.W, ...p.b].map(f32);
  const L = p.W.length;
  const forward = (...ps: tf.Tensor[]): tf.Scalar => {
    let a: tf.Tensor = X, z: tf.Tensor = X;
    for (let l = 0; l < L; l++) {
      z = tf.add(tf.matMul(a as tf.Tensor2D, ps[l] as tf.Tensor2D), ps[L + l]!);
      a = l < L - 1 ? (hidden === 'relu' ? tf.relu(z) : tf.sigmoid(z)) : z;
    }
    return tf.losses.sigmoidCrossEntropy(Y, z) as tf.Scalar; // mean over the batch, computed from logits
  };
  const valueAndGrads = tf.valueAndGrads(forward);
  return {
    /** Timed: the pass, with everything it allocated freed afterwards. */
    step(): void {
      tf.tidy(() => {
        valueAndGrads(params).value.dataSync();
      });
    },
    result(): Result {
      return tf.tidy(() => {
        const { value, grads } = valueAndGrads(params);
        const data = grads.map((g) => g.dataSync());
        return { loss: value.dataSync()[0]!, dW: data.slice(0, L), db: data.slice(L) };
      });
    },
  };
}

function frobenius(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

function reportAgreement(engine: Result, tfjs: Result): void {
  const errs = engine.dW.map((g, l) => relativeError(g, tfjs.dW[l]!));
  const dbErrs = engine.db.map((g, l) => relativeError(g, tfjs.db[l]!));
  const worst = Math.max(...errs), worstAt = errs.indexOf(worst);
  const fmt = (x: number) => x.toExponential(2);
  console.log('  float64 engine vs float32 tfjs (relative error ‖a−b‖/(‖a‖+‖b‖)):');
  console.log(`    loss ${engine.loss.toPrecision(10)} vs ${tfjs.loss.toPrecision(10)}: ${fmt(relativeError([engine.loss], [tfjs.loss]))}`);
  console.log(`    dW: first layer ${fmt(errs[0]!)}, last layer ${fmt(errs[errs.length - 1]!)}, worst ${fmt(worst)} (layer ${worstAt + 1}); db: worst ${fmt(Math.max(...dbErrs))}`);
  const first = (r: Result) => frobenius(r.dW[0]!) / frobenius(r.dW[r.dW.length - 1]!);
  console.log(`    ‖dW first‖ / ‖dW last‖: engine ${fmt(first(engine))}, tfjs ${fmt(first(tfjs))}`);
}

/** tfjs warns once, on its first tensor, that tfjs-node would be faster; we know. */
function quietly<T>(fn: () => T): T {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return fn();
  } finally {
    console.warn = warn;
  }
}

export async function main(): Promise<void> {
  await tf.setBackend('cpu');
  quietly(() => tf.scalar(0).dispose());
  const runs = Number(process.env.BENCH_RUNS) || 15;
  console.log(`# Engine vs tfjs ${tf.version_core} (backend: ${tf.getBackend()}, float32), forward + backward`);
  console.log(`# ${machine()}`);
  for (const w of WORKLOADS) {
    const p = makeProblem(w);
    const twin = tfjsTwin(p, w.hidden);
    const results = await compare(
      { engine: () => engineStep(p, w.hidden), tfjs: () => twin.step() },
      { runs, warmup: 3 },
    );
    printComparison(w.title, results, 'tfjs');
    reportAgreement(engineStep(p, w.hidden), twin.result());
  }
}

if (isMain(import.meta.url)) await main();
