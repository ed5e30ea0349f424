/**
 * Judging a learner's gradient check of a backward pass (unit 04's checkBackward, unit 05's
 * checkDeepBackward) against the engine: for each parameter, the error must be the engine's
 * relative error between the gradient handed in and the engine's centred differences, and ok must
 * be unit 03's verdict on it. A known slip of the check (most of them unit 03's) is named.
 */
import { layerGradientChecks, type Activation, type DenseLayer } from '../../engine/index';
import { parameterLosses } from '../../engine/gradient-check-layers';
import { describe as show } from '../../../lib/compare';
import { bind } from '../../../lib/misconceptions';
import { checkBackward as gradientCheckSlips } from '../../../lib/misconceptions/04-backprop-mlp';
import { Feedback, judge } from '../../../lib/testing';

type Matrix = number[][];
type Vector = number[];

/** One parameter's right check, and what the slips need to predict theirs. */
export interface ParameterOracle {
  label: string;
  f: (x: Vector) => number;
  x: Vector;
  analytic: Vector;
  numeric: Vector;
  error: number;
}

/** The engine's checks of `grads` for every layer's W and b, as { W, b } oracles per layer. */
export function oracleChecks(layers: DenseLayer[], X: Matrix, Y: Vector, activation: Activation, grads: { dW: Matrix; db: Vector }[]): { W: ParameterOracle; b: ParameterOracle }[] {
  const engine = layerGradientChecks(layers, X, Y, activation, grads);
  const losses = parameterLosses(layers, X, Y, activation);
  return layers.map(({ W, b }, l) => ({
    W: { label: 'W', f: losses[l]!.W, x: W.flat(), analytic: grads[l]!.dW.flat(), ...engine[l]!.W },
    b: { label: 'b', f: losses[l]!.b, x: [...b], analytic: [...grads[l]!.db], ...engine[l]!.b },
  }));
}

// The learner's loss and the engine's agree to ~1e-16, so their centred differences agree to ~1e-11
// and the relative errors of a right gradient (~1e-10) to ~1e-10: 1e-8 absolute is ample, and still
// 10× below the 1e-7 threshold and 50× below the smallest slip (a one-sided difference, ~5e-7).
export const ERROR_TOL = { atol: 1e-8, rtol: 1e-6 };

/**
 * Judge `actual` (the learner's { error, ok } for one parameter) against `oracle`. `call` names the
 * call and the parameter; `handedIn` says which backward was checked, for the fallback message.
 */
export function judgeParameterCheck(actual: unknown, oracle: ParameterOracle, call: string, lesson: string, handedIn: 'right' | 'wrong', lossFrom?: string): void {
  const result = actual as { error?: unknown; ok?: unknown } | null | undefined;
  if (typeof result !== 'object' || result === null || typeof result.error !== 'number' || typeof result.ok !== 'boolean') {
    throw new Feedback(`${call} is ${show(actual)}; each parameter's check is unit 03's { error: number, ok: boolean }.`, lesson);
  }
  try {
    judge(result.error, {
      call: `${call}.error`,
      expected: oracle.error,
      lesson,
      ...ERROR_TOL,
      misconceptions: bind(gradientCheckSlips, { f: oracle.f, x: oracle.x, analytic: oracle.analytic, numeric: oracle.numeric, right: oracle.error }),
    });
  } catch (error) {
    if (!(error instanceof Feedback) || error.message.includes('It looks like')) throw error;
    const why = handedIn === 'right'
      ? `The backward pass handed in here is the grader's own, right one, so the difference lies in the check itself: in your unit 03 (make \`npm test -- 03\` pass first)${lossFrom ? ',' : ' or'} in how the parameter's entries are flattened, replaced and fed to gradientCheck${lossFrom ? `, or in the loss ${lossFrom} compute` : ''}.`
      : 'Either the check or your unit 03 (make `npm test -- 03` pass first) computes this error differently: flatten the gradient and the parameter the same way, and let gradientCheck compare them entry by entry.';
    throw new Feedback(`${error.feedback.message}\n  ${why}`, error.lesson);
  }
  const wantOk = oracle.error < 1e-7;
  if (result.ok !== wantOk) {
    throw new Feedback(
      `${call}.ok is ${result.ok} for an error of ${show(result.error)}. Unit 03 needs fixing: gradientCheck's ok is true exactly when the error is below 1e-7 (exercises/03-gradient-check/index.ts).`,
      '03-gradient-check#the-gradient-check',
    );
  }
}
