// Public tests for unit 04. Run: npm test -- 04
// `@impl/04-backprop-mlp` is your exercises/04-backprop-mlp/index.ts (the test setup chooses the folder).
// The expected numbers are the lesson's worked example (lessons/04-backprop-mlp.md#the-worked-example).
import { describe, test } from 'vitest';
import { backward, bceLoss, checkBackward, dense, forward, type Activation, type Gradients, type Params } from '@impl/04-backprop-mlp';
import { attempt, expectClose, judge, expectShape, expectShapeError, expectUnchanged, Feedback, snapshot } from '@course/testing';
import { bind } from '@course/misconceptions';
import * as catalogue from '@course/misconceptions/04-backprop-mlp';

// The fixture (rows are examples).
const X = [[0.5, 1.5], [-1.2, 0.2], [0.3, -0.7]];
const Y = [1, 0, 1];
const params: Params = { W1: [[0.1, 0.4, -0.5], [-0.2, 0.3, 0.2]], b1: [0.01, -0.02, 0.03], W2: [[0.3], [-0.6], [0.2]], b2: [0.05] };

// Values are computed in double precision; 1e-7 absolute is far below the 4 decimals the lesson shows
// and far above rounding noise.
const tol = { atol: 1e-7, rtol: 1e-6 };

// A wrong answer that matches a known slip is named from the grader's own catalogue
// (lib/misconceptions/04-backprop-mlp.ts), with the lesson section about that slip.
const gradientSlips = (hidden: Activation, field: catalogue.GradName, right: number[][] | number[]) =>
  bind(catalogue.backward, { field, m: 3, right, known: catalogue.knownOnTheFixture(hidden, field) });

function gradientsOf(hidden: Activation) {
  const call = `forward(params, X, '${hidden}')`;
  const { cache } = attempt(() => forward(params, X, hidden), { call, lesson: '04-backprop-mlp#the-forward-pass' });
  return attempt(() => backward(params, cache, Y, hidden), { call: `backward(params, cache, Y, '${hidden}')`, lesson: '04-backprop-mlp#the-backward-equations' });
}

describe('04 · the forward pass', () => {
  const lesson = '04-backprop-mlp#the-forward-pass';

  test('dense: Z = A·W + b, b added to every row', () => {
    expectClose(() => dense([[1, 2], [0, -1]], [[1, 0, 1], [0, 1, 1]], [0.5, -0.5, 0]), [[1.5, 1.5, 3], [0.5, -1.5, -1]], {
      call: 'dense([[1, 2], [0, -1]], [[1, 0, 1], [0, 1, 1]], [0.5, -0.5, 0])',
      lesson,
      misconceptions: bind(catalogue.dense, { b: [0.5, -0.5, 0], right: [[1.5, 1.5, 3], [0.5, -1.5, -1]] }),
    });
  });

  test('dense on the fixture gives Z1', () => {
    expectClose(() => dense(X, params.W1, params.b1), [[-0.24, 0.63, 0.08], [-0.15, -0.44, 0.67], [0.18, -0.11, -0.26]], { call: 'dense(X, W1, b1)', lesson, ...tol, misconceptions: bind(catalogue.dense, { b: params.b1, right: [[-0.24, 0.63, 0.08], [-0.15, -0.44, 0.67], [0.18, -0.11, -0.26]] }) });
  });

  test('dense and forward throw on mismatched shapes, naming both (A and W, W and b)', () => {
    const shapes = '04-backprop-mlp#the-network-and-its-shapes';
    expectShapeError(() => dense(X, [[1, 2, 0, 0], [3, 4, 0, 0], [5, 6, 0, 0]], [0, 0, 0, 0]), ['3x2', '3x4'], { call: 'dense(X 3x2, W 3x4, b of 4)', lesson: shapes });
    expectShapeError(() => dense([[1, 2, 3, 4]], [[1], [2]], [0]), ['1x4', '2x1'], { call: 'dense(A 1x4, W 2x1, b)', lesson: shapes });
    expectShapeError(() => dense(X, params.W1, [0, 0]), ['2x3', '2'], { call: 'dense(X 3x2, W1 2x3, b of 2)', lesson: shapes });
    const wide = [[1, 0, 2, 1], [0, 1, 1, 0], [1, 1, 0, 0], [2, 0, 1, 1], [0, 0, 1, 2], [1, 2, 0, 1]];
    expectShapeError(() => forward(params, wide, 'sigmoid'), ['6x4', '2x3'], { call: "forward(params with W1 2x3, X 6x4, 'sigmoid')", lesson: shapes });
  });

  test("forward(params, X, 'sigmoid') gives ŷ ≈ [0.4737, 0.5215, 0.5043]", () => {
    expectClose(() => forward(params, X, 'sigmoid').yHat, [0.473671898, 0.52149352, 0.504254845], { call: "forward(params, X, 'sigmoid').yHat", lesson, ...tol, misconceptions: bind(catalogue.forwardYHat, { hidden: 'sigmoid', right: [0.473671898, 0.52149352, 0.504254845] }) });
  });

  test("forward(params, X, 'relu') gives ŷ ≈ [0.4226, 0.5459, 0.5260]", () => {
    expectClose(() => forward(params, X, 'relu').yHat, [0.422626637, 0.545870657, 0.525976591], { call: "forward(params, X, 'relu').yHat", lesson, ...tol, misconceptions: bind(catalogue.forwardYHat, { hidden: 'relu', right: [0.422626637, 0.545870657, 0.525976591] }) });
  });
});

describe('04 · the loss', () => {
  const lesson = '04-backprop-mlp#the-loss';
  test('bceLoss on the fixture (sigmoid) ≈ 0.7230', () => {
    expectClose(() => bceLoss([0.473671898, 0.52149352, 0.504254845], Y), 0.722999805, { call: 'bceLoss(yHat of the sigmoid fixture, Y)', lesson, ...tol, misconceptions: bind(catalogue.bceLoss, { m: 3, right: 0.722999805 }) });
  });
  test('bceLoss([0.5], [1]) = ln 2, and confident correct predictions cost 0 (not NaN)', () => {
    expectClose(() => bceLoss([0.5], [1]), Math.LN2, { call: 'bceLoss([0.5], [1])', lesson });
    expectClose(() => bceLoss([1, 0], [1, 0]), 0, { call: 'bceLoss([1, 0], [1, 0])', lesson, misconceptions: bind(catalogue.bceLoss, { m: 2, right: 0 }) });
  });
  test('bceLoss throws when yHat and Y differ in length, naming both lengths', () => {
    expectShapeError(() => bceLoss([0.2, 0.7, 0.9, 0.4], [1, 0, 1]), ['4', '3'], { call: 'bceLoss(yHat of 4, Y of 3)', lesson });
  });
});

describe('04 · the backward pass on the worked example', () => {
  const lesson = '04-backprop-mlp#the-worked-example';

  test("sigmoid: dW2, db2 (the output layer)", () => {
    const g = gradientsOf('sigmoid');
    expectClose(() => g.dW2, [[-0.0868762706], [-0.124462160], [-0.0481816135]], { call: "backward(…, 'sigmoid').dW2", lesson, ...tol, misconceptions: gradientSlips('sigmoid', 'dW2', [[-0.0868762706], [-0.124462160], [-0.0481816135]]) });
    expectClose(() => g.db2, [-0.166859912], { call: "backward(…, 'sigmoid').db2", lesson, ...tol, misconceptions: gradientSlips('sigmoid', 'db2', [-0.166859912]) });
  });

  test("sigmoid: dW1, db1 (through the hidden layer)", () => {
    const g = gradientsOf('sigmoid');
    expectClose(() => g.dW1, [[-0.0257305309, 0.0491708101, -0.0161580500], [-0.00825729156, 0.0135338320, -0.00589318371]], { call: "backward(…, 'sigmoid').dW1", lesson, ...tol, misconceptions: gradientSlips('sigmoid', 'dW1', [[-0.0257305309, 0.0491708101, -0.0161580500], [-0.00825729156, 0.0135338320, -0.00589318371]]) });
    expectClose(() => g.db1, [-0.0123000317, 0.0237287937, -0.00909771566], { call: "backward(…, 'sigmoid').db1", lesson, ...tol, misconceptions: gradientSlips('sigmoid', 'db1', [-0.0123000317, 0.0237287937, -0.00909771566]) });
  });

  test('tanh: all four gradients', () => {
    const g = gradientsOf('tanh');
    expectClose(() => g.dW1, [[-0.110666689, 0.185793772, -0.0592771851], [-0.0392949327, 0.0359655347, -0.0323114183]], { call: "backward(…, 'tanh').dW1", lesson, ...tol, misconceptions: gradientSlips('tanh', 'dW1', [[-0.110666689, 0.185793772, -0.0592771851], [-0.0392949327, 0.0359655347, -0.0323114183]]) });
    expectClose(() => g.db1, [-0.0428750218, 0.0753257677, -0.0420829218], { call: "backward(…, 'tanh').db1", lesson, ...tol, misconceptions: gradientSlips('tanh', 'db1', [-0.0428750218, 0.0753257677, -0.0420829218]) });
    expectClose(() => g.dW2, [[-0.0114370736], [-0.173035180], [0.139691349]], { call: "backward(…, 'tanh').dW2", lesson, ...tol, misconceptions: gradientSlips('tanh', 'dW2', [[-0.0114370736], [-0.173035180], [0.139691349]]) });
    expectClose(() => g.db2, [-0.154315981], { call: "backward(…, 'tanh').db2", lesson, ...tol, misconceptions: gradientSlips('tanh', 'db2', [-0.154315981]) });
  });

  test('relu and leakyRelu: dW1', () => {
    expectClose(() => gradientsOf('relu').dW1, [[-0.0142207023, 0.0577373363, -0.0629154313], [0.0331816387, 0.173212009, -0.0504590609]], { call: "backward(…, 'relu').dW1", lesson, ...tol, misconceptions: gradientSlips('relu', 'dW1', [[-0.0142207023, 0.0577373363, -0.0629154313], [0.0331816387, 0.173212009, -0.0504590609]]) });
    expectClose(() => gradientsOf('leakyRelu').dW1, [[-0.0151641258, 0.0593506898, -0.0630595120], [0.0324221544, 0.172382564, -0.0502481964]], { call: "backward(…, 'leakyRelu').dW1", lesson, ...tol, misconceptions: gradientSlips('leakyRelu', 'dW1', [[-0.0151641258, 0.0593506898, -0.0630595120], [0.0324221544, 0.172382564, -0.0502481964]]) });
  });
});

describe('04 · shapes and inputs', () => {
  test("every gradient has its parameter's shape (X 5x4, 3 hidden units)", () => {
    const lesson = '04-backprop-mlp#the-network-and-its-shapes';
    const X5 = [[1, 0, -1, 2], [0.5, 0.5, 0, 1], [-1, 2, 1, 0], [0, 0, 1, 1], [2, -1, 0, 0.5]];
    const Y5 = [1, 0, 0, 1, 1];
    const p: Params = { W1: [[0.1, -0.2, 0.3], [0.2, 0.1, -0.1], [-0.3, 0.2, 0.1], [0.1, 0.1, 0.1]], b1: [0, 0.1, -0.1], W2: [[0.5], [-0.5], [0.25]], b2: [0.1] };
    const { cache } = attempt(() => forward(p, X5, 'tanh'), { call: "forward(p, X5, 'tanh')", lesson });
    const g = attempt(() => backward(p, cache, Y5, 'tanh'), { call: "backward(p, cache, Y5, 'tanh')", lesson });
    expectShape(() => g.dW1, '4x3', { call: "backward(…).dW1 (W1 is 4x3)", lesson });
    expectShape(() => g.db1, '3', { call: "backward(…).db1 (b1 has 3 entries)", lesson });
    expectShape(() => g.dW2, '3x1', { call: "backward(…).dW2 (W2 is 3x1)", lesson: '04-backprop-mlp#missing-the-transpose' });
    expectShape(() => g.db2, '1', { call: "backward(…).db2 (b2 has 1 entry)", lesson });
  });

  test('backward throws when Y and the batch differ in length, naming both', () => {
    const { cache } = attempt(() => forward(params, X, 'tanh'), { call: "forward(params, X, 'tanh')", lesson: '04-backprop-mlp#the-forward-pass' });
    expectShapeError(() => backward(params, cache, [1, 0, 1, 1, 0], 'tanh'), ['3', '5'], { call: "backward(params, cache of a batch of 3, Y of 5, 'tanh')", lesson: '04-backprop-mlp#the-backward-equations' });
  });

  test('all weights 0: dW2 = 0.5·mean(ŷ − Y) per row, dW1 and db1 are 0', () => {
    const lesson = '04-backprop-mlp#the-backward-equations';
    const X5 = [[1, 0, -1, 2], [0.5, 0.5, 0, 1], [-1, 2, 1, 0], [0, 0, 1, 1], [2, -1, 0, 0.5]];
    const Y5 = [1, 0, 0, 1, 1];
    const zero: Params = { W1: X5[0]!.map(() => [0, 0, 0]), b1: [0, 0, 0], W2: [[0], [0], [0]], b2: [0] };
    const { cache } = attempt(() => forward(zero, X5, 'sigmoid'), { call: "forward(zero params, X5, 'sigmoid')", lesson: '04-backprop-mlp#the-forward-pass' });
    const g = attempt(() => backward(zero, cache, Y5, 'sigmoid'), { call: "backward(zero params, cache, Y5, 'sigmoid')", lesson });
    // ŷ = σ(0) = 0.5 everywhere, so δ2 = 0.5 − Y5 has mean −0.1, and A1 = σ(0) = 0.5.
    expectClose(() => g.db2, [-0.1], { call: "backward(zero params, …).db2", lesson, misconceptions: bind(catalogue.backward, { field: 'db2', m: 5, right: [-0.1] }) });
    expectClose(() => g.dW2, [[-0.05], [-0.05], [-0.05]], { call: "backward(zero params, …).dW2", lesson, misconceptions: bind(catalogue.backward, { field: 'dW2', m: 5, right: [[-0.05], [-0.05], [-0.05]] }) });
    expectClose(() => g.dW1, X5[0]!.map(() => [0, 0, 0]), { call: "backward(zero params, …).dW1", lesson });
    expectClose(() => g.db1, [0, 0, 0], { call: "backward(zero params, …).db1", lesson });
  });

  test('a saturated hidden layer (weights ×60) gives finite gradients, never NaN', () => {
    const lesson = '04-backprop-mlp#the-backward-equations';
    const big: Params = { W1: params.W1.map((r) => r.map((w) => 60 * w)), b1: params.b1, W2: params.W2, b2: params.b2 };
    for (const hidden of ['sigmoid', 'tanh'] as const) {
      const { cache } = attempt(() => forward(big, X, hidden), { call: `forward(params ×60, X, '${hidden}')`, lesson: '04-backprop-mlp#the-forward-pass' });
      const g = attempt(() => backward(big, cache, Y, hidden), { call: `backward(params ×60, cache, Y, '${hidden}')`, lesson });
      for (const name of ['dW1', 'db1', 'dW2', 'db2'] as const) {
        const values = [g?.[name]].flat(2) as number[];
        if (values.length === 0 || !values.every(Number.isFinite)) {
          throw new Feedback(`backward(params ×60, cache, Y, '${hidden}').${name} is ${JSON.stringify(g?.[name])}: with |Z1| in the tens σ' and tanh' are tiny, not NaN (see unit 01 on overflow).`, '01-sigmoid#computing-it-without-overflow');
        }
      }
    }
  });

  test('forward and backward leave their inputs unchanged', () => {
    const lesson = '04-backprop-mlp#the-exercise';
    const before = snapshot({ params, X, Y });
    const { cache } = attempt(() => forward(params, X, 'sigmoid'), { call: "forward(params, X, 'sigmoid')", lesson });
    expectUnchanged(before, { params, X, Y }, { call: "forward(params, X, 'sigmoid')", lesson, argument: 'params or X' });
    const cacheBefore = snapshot(cache);
    attempt(() => backward(params, cache, Y, 'sigmoid'), { call: "backward(params, cache, Y, 'sigmoid')", lesson });
    expectUnchanged(before, { params, X, Y }, { call: "backward(params, cache, Y, 'sigmoid')", lesson, argument: 'params or Y' });
    expectUnchanged(cacheBefore, cache, { call: "backward(params, cache, Y, 'sigmoid')", lesson, argument: 'cache' });
    const yHat = [0.2, 0.9];
    const labels = [0, 1];
    attempt(() => bceLoss(yHat, labels), { call: 'bceLoss([0.2, 0.9], [0, 1])', lesson });
    expectUnchanged([[0.2, 0.9], [0, 1]], [yHat, labels], { call: 'bceLoss([0.2, 0.9], [0, 1])', lesson, argument: 'yHat or Y' });
    const A = [[1, 2]];
    attempt(() => dense(A, [[1], [1]], [0]), { call: 'dense([[1, 2]], [[1], [1]], [0])', lesson });
    expectUnchanged([[1, 2]], A, { call: 'dense([[1, 2]], [[1], [1]], [0])', lesson, argument: 'A' });
  });
});

describe('04 · checking your backward pass with your unit 03 gradientCheck', () => {
  const lesson = '04-backprop-mlp#checking-your-backward-pass';
  const names = ['W1', 'b1', 'W2', 'b2'] as const;
  // The right sigmoid gradients of the fixture (the worked example above, to 9 or more digits).
  const right: Gradients = {
    dW1: [[-0.0257305309, 0.0491708101, -0.0161580500], [-0.00825729156, 0.0135338320, -0.00589318371]],
    db1: [-0.0123000317, 0.0237287937, -0.00909771566],
    dW2: [[-0.0868762706], [-0.124462160], [-0.0481816135]],
    db2: [-0.166859912],
  };
  const flat = (v: number[][] | number[]) => (v as (number | number[])[]).flat();
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, t) => s + t * t, 0));
  const relErr = (a: number[], b: number[]) => norm(a.map((t, i) => t - b[i]!)) / (norm(a) + norm(b));
  /** A backward pass that hands back these gradients, whatever it is given. */
  const handing = (g: Gradients) => () => structuredClone(g);
  /** The loss as a function of one parameter's entries (row by row), through your forward and bceLoss. */
  const lossOf = (name: (typeof names)[number]) => (v: number[]) => {
    const like = params[name];
    const value = Array.isArray(like[0]) ? (like as number[][]).map((row, i) => v.slice(i * row.length, (i + 1) * row.length)) : v;
    return bceLoss(forward({ ...params, [name]: value }, X, 'sigmoid').yHat, Y);
  };

  /**
   * Each parameter's { error, ok }: the error within 1e-8 of `expected` (right gradients give ~1e-10:
   * the 1e-8 leaves room for rounding and is still far below any slip), ok exactly when it is below 1e-7.
   */
  function expectChecks(call: string, handed: Gradients | undefined, expected: Record<(typeof names)[number], number>) {
    const result = attempt(() => (handed ? checkBackward(params, X, Y, 'sigmoid', handing(handed)) : checkBackward(params, X, Y, 'sigmoid')), { call, lesson });
    for (const name of names) {
      const got = result?.[name];
      if (typeof got?.error !== 'number' || typeof got.ok !== 'boolean') throw new Feedback(`${call}.${name} is ${JSON.stringify(got)}; it should be unit 03's { error, ok }.`, lesson);
      const analytic = flat((handed ?? right)[`d${name}`]);
      judge(got.error, {
        call: `${call}.${name}.error`,
        expected: expected[name],
        lesson,
        atol: 1e-8,
        rtol: 1e-6,
        misconceptions: bind(catalogue.checkBackward, { f: lossOf(name), x: flat(params[name]), analytic, numeric: flat(right[`d${name}`]), right: expected[name] }),
      });
      if (got.ok !== expected[name] < 1e-7) {
        throw new Feedback(`${call}.${name}.ok is ${got.ok} for an error of ${got.error}. Unit 03 needs fixing: gradientCheck's ok is true exactly when the error is below 1e-7.`, '03-gradient-check#the-gradient-check');
      }
    }
  }
  const allRight = { W1: 0, b1: 0, W2: 0, b2: 0 };

  test('your own backward (the default) passes: every parameter ok, errors near 1e-10', () => {
    expectChecks("checkBackward(params, X, Y, 'sigmoid') with your own backward (if backward's tests fail, fix those first)", undefined, allRight);
  });

  test('the right gradients handed in as backwardFn pass', () => {
    expectChecks("checkBackward(params, X, Y, 'sigmoid', a backward returning the right gradients)", right, allRight);
  });

  test('a backward without the /m fails every parameter, each with error 0.5', () => {
    const times3 = { dW1: right.dW1.map((r) => r.map((x) => 3 * x)), db1: right.db1.map((x) => 3 * x), dW2: right.dW2.map((r) => r.map((x) => 3 * x)), db2: right.db2.map((x) => 3 * x) };
    // ‖3g − g‖ / (‖3g‖ + ‖g‖) = 2/4, whatever g is.
    expectChecks("checkBackward(params, X, Y, 'sigmoid', a backward without the /m)", times3, { W1: 0.5, b1: 0.5, W2: 0.5, b2: 0.5 });
  });

  test("g'(A1) for g'(Z1) fails W1 and b1 only; A1·δ2 for A1ᵀ·δ2 fails W2 only", () => {
    const atA = catalogue.onTheFixture.sigmoid['at-a']!;
    const slipped = { ...right, dW1: atA.dW1 as number[][], db1: atA.db1 as number[] };
    expectChecks("checkBackward(params, X, Y, 'sigmoid', a backward with σ'(A1) for σ'(Z1))", slipped, {
      W1: relErr(flat(slipped.dW1), flat(right.dW1)), b1: relErr(slipped.db1, right.db1), W2: 0, b2: 0,
    });
    const noTranspose = { ...right, dW2: catalogue.onTheFixture.sigmoid['no-transpose']!.dW2 as number[][] };
    expectChecks("checkBackward(params, X, Y, 'sigmoid', a backward with A1·δ2 for A1ᵀ·δ2)", noTranspose, {
      W1: 0, b1: 0, W2: relErr(flat(noTranspose.dW2), flat(right.dW2)), b2: 0,
    });
  });

  test("a gradient without its parameter's shape throws, naming both shapes", () => {
    expectShapeError(() => checkBackward(params, X, Y, 'sigmoid', handing({ ...right, dW2: [[-0.0868762706, -0.124462160, -0.0481816135]] })), ['1x3', '3x1'], {
      call: "checkBackward(params, X, Y, 'sigmoid', a backward whose dW2 is 1x3)",
      lesson,
    });
  });

  test('checkBackward leaves params, X and Y unchanged', () => {
    const before = snapshot({ params, X, Y });
    attempt(() => checkBackward(params, X, Y, 'tanh'), { call: "checkBackward(params, X, Y, 'tanh')", lesson });
    expectUnchanged(before, { params, X, Y }, { call: "checkBackward(params, X, Y, 'tanh')", lesson, argument: 'params, X or Y' });
  });
});
