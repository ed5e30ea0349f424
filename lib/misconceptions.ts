/**
 * Misconception catalogues: the slips a unit's grader recognises, as data that the public tests
 * (`npm test`) and the hidden suites (`npm run grade`) both read, so the learner and the grader
 * always name the same mistake with the same lesson section.
 *
 * Each unit has one catalogue, `lib/misconceptions/<slug>.ts`, shipped to learners with lib/. It
 * holds wrong formulas, never the reference answer: a slip predicts its wrong value from the call's
 * inputs and the RIGHT answer(s), which the caller supplies in a context (`ctx`): the hidden suite
 * from the reference engine, a public test from the numbers it already quotes. A slip whose wrong
 * value needs more than that (a whole wrong backward pass) reads it from `ctx.known`, which a
 * public test fills from the catalogue's table of values on the public fixture (checked against
 * the hidden suite's oracle by test/misconceptions/catalogue.test.ts).
 */
import type { Numeric } from './compare';

/** A known wrong idea bound to one call: what the judging helpers of lib/testing.ts take. */
export interface Misconception {
  /** short name shown first, after "It looks like", e.g. "σ(z)·(1−z) instead of σ(z)·(1−σ(z))" */
  name: string;
  /** one or two kind sentences on why it is wrong */
  explain: string;
  /** the lesson section about this very mistake, `<slug>#<anchor>` */
  lesson: string;
  /** the value this misconception would produce for the call being checked… */
  value?: () => unknown;
  /** …or a predicate recognising its output (e.g. NaN from an overflowing exp) */
  matches?: (actual: unknown) => boolean;
}

/**
 * One catalogue entry. `C` is the context the caller gives: the call's inputs and the right
 * answer(s), never computed here. How a unit adopts the catalogue:
 *  1. write `lib/misconceptions/<slug>.ts` exporting `slips` (an object of `Slip`s keyed by id)
 *     and, per exported function, the list of slip ids to try on it;
 *  2. in the hidden suite, pass `misconceptions: bind([...], ctx)` to `expectAnswer`/`judge`, with
 *     `ctx` built from the engine;
 *  3. in the public test, do the same with `ctx` built from the fixture's numbers (and `known`
 *     from the catalogue's fixture table for slips that need a whole wrong computation);
 *  4. in `test/misconceptions/<slug>.test.ts`, plant each slip in a correct module and assert
 *     (with `namedOnBothSides`) that the hidden suite and the public tests name it, and that it
 *     loses points.
 */
export interface Slip<C> {
  /** stable id, unique within the unit, e.g. `one-minus-z` */
  id: string;
  name: string;
  explain: string | ((ctx: C) => string);
  lesson: string;
  /** the wrong value on these inputs (may throw or return undefined when it cannot be told here) */
  predict?: (ctx: C) => unknown;
  /** or: recognise the wrong output itself */
  matches?: (actual: unknown, ctx: C) => boolean;
}

/** Wrong values a public test cannot compute from its numbers, keyed by slip id. */
export interface Known {
  known?: Partial<Record<string, Numeric>>;
}

/** Bind catalogue entries to one call's context, for `expectAnswer`, `judge` and `expectClose`. */
export function bind<C extends object>(slips: Slip<C>[], ctx: C): Misconception[] {
  const known = (ctx as Known).known;
  return slips.map((slip) => ({
    name: slip.name,
    lesson: slip.lesson,
    get explain() {
      return typeof slip.explain === 'function' ? slip.explain(ctx) : slip.explain;
    },
    ...(slip.matches
      ? { matches: (actual: unknown) => slip.matches!(actual, ctx) }
      : { value: () => (known && slip.id in known ? known[slip.id] : slip.predict?.(ctx)) }),
  }));
}

// ---- small wrong-formula helpers the catalogues share (plain arrays, no reference code) ----
type M = number[][];
export const scale = <T extends Numeric>(v: T, k: number): T =>
  (typeof v === 'number' ? v * k : (v as (number | number[])[]).map((x) => (typeof x === 'number' ? x * k : x.map((y) => y * k)))) as T;
export const transposeOf = (A: M): M => (A.length === 0 ? [] : A[0]!.map((_, j) => A.map((row) => row[j]!)));
export const reversed = <T>(v: T[]): T[] => [...v].reverse();
export const isNaNSomewhere = (actual: unknown): boolean =>
  typeof actual === 'number' ? Number.isNaN(actual) : Array.isArray(actual) && actual.flat(2).some((x) => typeof x === 'number' && Number.isNaN(x));
