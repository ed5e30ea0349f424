/**
 * What graded code may import, in one place: the grader's sandbox applies it when the learner's
 * module asks for a package (grader/sandbox/harness.ts), and the learner's own tools apply it before
 * the tests run (src/course/bundle.ts, `npm test`, `npm run course -- check`), so a unit that
 * imports `node:fs` is never "passed" locally and 0 in the grader. Pure: the harness bundles it.
 */

/** The only packages graded code can import (besides its own files and `@course/*`). */
export const GRADED_PACKAGES: readonly string[] = ['mathjs', 'mathjs/number'];

/** Why an import of `name` is refused; `isBuiltin` tells Node's own modules from npm packages. */
export function forbiddenImportMessage(name: string, isBuiltin: boolean): string {
  return isBuiltin
    ? `imports '${name}', one of Node's built-in modules; graded code may not use files, processes or the network`
    : `imports '${name}', which is not available when grading: only mathjs, @course/* and the submission's own files can be imported`;
}
