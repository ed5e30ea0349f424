/**
 * Oracle helpers: a hidden suite's expected values are the same for every learner (seeded inputs),
 * so the grader computes each once per class (grader/oracle/). A suite marks a helper of its own
 * that computes expected values from plain data (numbers, arrays, plain objects) as an oracle:
 *
 *   const engineSigmoidAt = oracleFunction('engineSigmoidAt', (z: number) => { ... });
 *
 * The id must be unique within the suite, and the function must depend on its arguments only (no
 * learner code, no rng passed in, no module state it changes). The engine's exports and the
 * misconception catalogues need nothing: the grader memoises them at the import (grader/build.ts).
 *
 * This file is what vitest, the misconception tests and anything outside the grader run: the
 * function itself. When the grader bundles a suite it replaces this module with the sandbox's table.
 */
export function oracleFunction<F extends (...args: never[]) => unknown>(_id: string, fn: F): F {
  return fn;
}

export function oracleModule<M extends object>(_id: string, module: M): M {
  return module;
}
