/**
 * What a hint may be (COURSE.md, "Hints, solutions and feedback"): hints climb from a pointer to the
 * lesson section, to the idea, to the shape of the computation, and end in a nudge. The reference
 * answer is `course solution <unit>`, once the unit passes; no hint is the code.
 *
 * "Code", by rule. Hints are prose and mathematics (σ'(z), W_lᵀ, ½·c·w², 1/m, U[−0.5, 0.5] are
 * fine); a hint contains code when any of these appears in it:
 *
 * 1. a JavaScript namespace or built-in: `Math.`, `Number.`, `Array.`, `Object.`, `JSON.`, `Float64Array`
 * 2. an arrow, `=>`
 * 3. a statement keyword: `return` before an expression (a number, bracket, quote, or a name followed
 *    by a call, index or operator: `return 0`, `return s * (1 - s)`; the verb in "what it
 *    returns" is prose), a declaration `const x =` (also `let`, `var`), `function f(`, `new X(`, or a
 *    loop or branch head, `for (let …`, `while (a < b)`, `if (z > 0)`
 * 4. a semicolon ending a statement: after `)`, `]`, `}`, a digit or a quote (`f(x);`, `a = 1;`); a
 *    semicolon between two clauses of prose is prose
 * 5. a JavaScript operator: `===`, `!==`, `==`, `!=`, `&&`, `||`, `??`, `**`, `+=`, `-=`, `*=`, `/=`, `++`
 * 6. an ASCII `*` between two operands (the course writes products as `·` or `×`)
 * 7. a ternary, `cond ? a : b`
 * 8. array indexing, `name[i]`, `a[k + 1]` (an interval such as `[2, 5]` or `U[−a, a]` has a comma)
 * 9. a method call or property of code, `.map(`, `.push(`, `.length`
 * 10. a code span (backticks) holding more than a single name or path
 *
 * Rules 1–9 look only outside lesson links (`lessons/<slug>.md#<anchor>`) so a link is never code.
 */

export interface CodeRule {
  /** what the rule catches, as the test's message says it */
  name: string;
  pattern: RegExp;
}

export const CODE_RULES: CodeRule[] = [
  { name: 'a JavaScript namespace or built-in', pattern: /\b(?:Math|Number|Array|Object|JSON)\.|\bFloat64Array\b/ },
  { name: 'an arrow (=>)', pattern: /=>/ },
  { name: 'a statement keyword', pattern: /\breturn\s+(?:[\d[({'"`-]|[\w$]+(?:\s*[(\[+*/%<>=!?&|]|\s+-\s))|\b(?:const|let|var)\s+[A-Za-z_$][\w$]*\s*=(?!=)|\bfunction\s+[\w$]*\s*\(|\bnew\s+[A-Z]\w*\s*\(|\bfor\s*\(\s*(?:let|const|var)\b|\b(?:while|if)\s*\([^)]*[<>=!]/ },
  { name: 'a semicolon ending a statement', pattern: /[)\]}\d'"`]\s*;/ },
  { name: 'a JavaScript operator', pattern: /===|!==|[^=!<>]==[^=]|!=|&&|\|\||\?\?|\*\*|[+\-*/]=|\+\+/ },
  { name: 'an ASCII * between operands', pattern: /[\w)\]]\s*\*\s*[\w(]/ },
  { name: 'a ternary (cond ? a : b)', pattern: /[\w)\]]\s+\?\s+[^\s?]+\s+:\s+\S/ },
  { name: 'array indexing (name[i])', pattern: /[A-Za-z_$][\w$]*\[[\w$+\-\s]+\]/ },
  { name: 'a method call or .length', pattern: /\.[A-Za-z_$][\w$]*\(|\.length\b/ },
];

/** A lesson link as hints and feedback write it. */
export const LESSON_LINK = /lessons\/(\d\d-[a-z0-9-]+?)\.md#([a-z0-9-]+)/g;

/** A code span may hold a single name or path (`gradientCheck`, `lessons/03-gradient-check.md`), nothing more. */
const CODE_SPAN = /`([^`]*)`/g;
const A_NAME = /^[\w$@./#-]+$/;

/** The rules a hint breaks, by name (empty: the hint is prose). */
export function codeIn(hint: string): string[] {
  const broken: string[] = [];
  for (const [, span] of hint.matchAll(CODE_SPAN)) {
    if (!A_NAME.test(span!)) {
      broken.push(`a code span holding more than a name: \`${span}\``);
      break;
    }
  }
  const prose = hint.replace(LESSON_LINK, 'LINK');
  for (const rule of CODE_RULES) {
    const hit = rule.pattern.exec(prose);
    if (hit) broken.push(`${rule.name}: "${prose.slice(Math.max(0, hit.index - 12), hit.index + hit[0].length + 12)}"`);
  }
  return broken;
}

/** Every lesson link in a hint, as { slug, anchor }. */
export function lessonLinks(hint: string): { slug: string; anchor: string }[] {
  return [...hint.matchAll(LESSON_LINK)].map((m) => ({ slug: m[1]!, anchor: m[2]! }));
}
