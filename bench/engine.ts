/**
 * The reference engine against @tensorflow/tfjs's pure-JS CPU backend, on the same work:
 * one forward + backward pass (loss and every dW, db) of
 *  - a 4-layer ReLU MLP, width 256, batch 128 (256 → 256 → 256 → 256 → 1), He init;
 *  - unit 05's experiment, built by its own generator (lessons/experiments/05-vanishing-gradients.ts):
 *    30 layers, width 64, sigmoid hidden layers, batch 16, std 1/√n, seed 5.
 * Both: one sigmoid output unit, mean BCE from the logits, the same seeded parameters and data
 * (tfjs gets them rounded to float32). Timed interleaved (engine, tfjs, engine, …); prints min and
 * median per side, their ratio, and how far the engine's float64 results are from tfjs's float32 ones.
 *
 * Run alone: `npx tsx bench/engine.ts` (or `npm run bench:engine`). BENCH_RUNS=n changes the run count.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Tensor, add, bceWithLogits, matmul, relativeError, relu, sigmoid } from '../grader/engine/index.js';
import { BATCH, DEPTH, SEED, WIDTH, deepNet, initStd } from '../lessons/experiments/05-vanishing-gradients.js';
import { compare, isMain, machine, printComparison } from './lib/index.js';

// tfjs-core's Node bundle ships without gradient definitions (the @tensorflow/tfjs umbrella package
// registers them); load them from tfjs-core's own ESM build. Registries are global, so they apply.
createRequire(import.meta.url)('@tensorflow/tfjs-core/dist/register_all_gradients.js');

type Activation = 'relu' | 'sigmoid';

interface Workload {
  title: string;
  net: ReturnType<typeof deepNet>;
  hidden: Activation;
  /** What the course says ‖dW first‖ / ‖dW last‖ is, when it says (a cross-check that this is its net). */
  lessonRatio?: number;
}

// Both nets come from unit 05's generator: zero biases, Gaussian weights, standard-normal X, 0/1 labels.
const WORKLOADS: Workload[] = [
  {
    title: '4-layer MLP, width 256, batch 128, ReLU, He init (256 → 256 → 256 → 256 → 1)',
    net: deepNet(1, initStd.he, 4, 256, 128),
    hidden: 'relu',
  },
  {
    title: `unit 05's experiment: ${DEPTH} layers, width ${WIDTH}, batch ${BATCH}, sigmoid, std 1/√n, seed ${SEED}`,
    net: deepNet(SEED, initStd.lecun),
    hidden: 'sigmoid',
    lessonRatio: 1.56e-18, // lessons/05-vanishing-gradients.md, "The measured numbers"
  },
];

/** The inputs as engine tensors (float64); W and b are the leaves whose gradients we want. */
interface Problem {
  X: Tensor;
  Y: Tensor;
  W: Tensor[];
  b: Tensor[];
}

function makeProblem({ net }: Workload): Problem {
  return {
    X: Tensor.from(net.X),
    Y: Tensor.from(net.Y.map((y) => [y])),
    W: net.layers.map((l) => Tensor.param(l.W)),
    b: net.layers.map((l) => Tensor.param(l.b)),
  };
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

function reportAgreement(engine: Result, tfjs: Result, lessonRatio?: number): void {
  const errs = engine.dW.map((g, l) => relativeError(g, tfjs.dW[l]!));
  const dbErrs = engine.db.map((g, l) => relativeError(g, tfjs.db[l]!));
  const worst = Math.max(...errs), worstAt = errs.indexOf(worst);
  const fmt = (x: number) => x.toExponential(2);
  console.log('  float64 engine vs float32 tfjs (relative error ‖a−b‖/(‖a‖+‖b‖)):');
  console.log(`    loss ${engine.loss.toPrecision(10)} vs ${tfjs.loss.toPrecision(10)}: ${fmt(relativeError([engine.loss], [tfjs.loss]))}`);
  console.log(`    dW: first layer ${fmt(errs[0]!)}, last layer ${fmt(errs[errs.length - 1]!)}, worst ${fmt(worst)} (layer ${worstAt + 1}); db: worst ${fmt(Math.max(...dbErrs))}`);
  const first = (r: Result) => frobenius(r.dW[0]!) / frobenius(r.dW[r.dW.length - 1]!);
  const lesson = lessonRatio === undefined ? '' : ` (the lesson: ${fmt(lessonRatio)})`;
  console.log(`    ‖dW first‖ / ‖dW last‖: engine ${fmt(first(engine))}, tfjs ${fmt(first(tfjs))}${lesson}`);
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
    reportAgreement(engineStep(p, w.hidden), twin.result(), w.lessonRatio);
  }
}

if (isMain(import.meta.url)) await main();
