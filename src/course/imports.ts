/**
 * The one import scanner: which modules a JavaScript or TypeScript file names. Static imports
 * (`import type` too), side-effect imports, re-exports, `import x = require(…)`, dynamic `import(…)`
 * and `require(…)` with a literal name; nothing in a comment, a string or a regular expression.
 * Used by the learner's fingerprint, the release's import closure and the grader's per-unit hash.
 *
 * Why not TypeScript's `ts.preProcessFile`, which answers the same question: loading typescript
 * takes about 180 ms, and the learner's `npm test` and `npm run course` scan files on every run in a
 * process that otherwise never loads it (a scan itself is under 1 ms either way). So this is a small
 * tokenizer, and test/course/imports.test.ts holds it to `ts.preProcessFile` on every source file
 * of the repository.
 */

type Token = { kind: 'word' | 'punct'; text: string } | { kind: 'string'; text: string; value: string };

/** Words after which a `/` starts a regular expression rather than a division. */
const BEFORE_EXPRESSION = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'extends']);

const WORD = /[\p{ID_Continue}$\u200c\u200d]/u;
/** A run of word characters, of white space, or of characters that start no token of interest. */
const WORD_RUN = /[\p{ID_Continue}$\u200c\u200d#@]+/uy;
const SPACE_RUN = /\s+/y;
const PLAIN_STRING = /[^'"\\\n]*/y;

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', 0: '\0' };

/** A string literal's value, as the module loader reads it: `'\\x2e./m'` names `../m`. */
function literalValue(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(?:x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|(\r\n|[\s\S]))/g, (_, hex, point, unit, other: string | undefined) => {
    if (hex ?? unit) return String.fromCharCode(parseInt(hex ?? unit, 16));
    if (point) return String.fromCodePoint(Math.min(parseInt(point, 16), 0x10ffff));
    if (other === '\n' || other === '\r' || other === '\r\n' || other === '\u2028' || other === '\u2029') return ''; // a line continuation
    return SIMPLE_ESCAPES[other!] ?? other!;
  });
}

function regexAllowed(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'string') return false;
  if (previous.kind === 'word') return BEFORE_EXPRESSION.has(previous.text);
  return previous.text !== ')' && previous.text !== ']' && previous.text !== '`';
}

/** The file's significant tokens: words, punctuation and string literals (a template without `${…}` counts as a string). */
function tokens(source: string): Token[] {
  const out: Token[] = [];
  // For each `{` or `${` still open: whether a `}` closing it resumes a template literal.
  const braces: boolean[] = [];
  const n = source.length;
  let i = source.startsWith('#!') ? (source.indexOf('\n') + 1 || n) : 0; // past a hashbang line

  /** Scan a template literal's text from `i` (just after the backtick or a `}`); true when it ended at `${`. */
  const templateText = (): { value: string; interpolated: boolean } => {
    let value = '';
    while (i < n) {
      const ch = source[i]!;
      if (ch === '\\') {
        value += source.slice(i, i + 2);
        i += 2;
      } else if (ch === '`') {
        i++;
        return { value, interpolated: false };
      } else if (ch === '$' && source[i + 1] === '{') {
        i += 2;
        return { value, interpolated: true };
      } else {
        value += ch;
        i++;
      }
    }
    return { value, interpolated: false };
  };

  while (i < n) {
    const ch = source[i]!;
    const next = source[i + 1];
    if (ch === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? n : end;
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < n && source[j] !== ch && source[j] !== '\n') {
        PLAIN_STRING.lastIndex = j;
        PLAIN_STRING.exec(source);
        if (PLAIN_STRING.lastIndex > j) j = PLAIN_STRING.lastIndex;
        else j += source[j] === '\\' ? 2 : 1;
      }
      out.push({ kind: 'string', text: source.slice(i, j + 1), value: literalValue(source.slice(i + 1, Math.min(j, n))) });
      i = j + 1;
    } else if (ch === '`') {
      i++;
      const { value, interpolated } = templateText();
      if (interpolated) {
        braces.push(true);
        out.push({ kind: 'punct', text: '`' });
      } else out.push({ kind: 'string', text: `\`${value}\``, value: literalValue(value) });
    } else if (ch === '{') {
      braces.push(false);
      out.push({ kind: 'punct', text: ch });
      i++;
    } else if (ch === '}') {
      i++;
      if (braces.pop()) {
        const { interpolated } = templateText();
        if (interpolated) braces.push(true);
        out.push({ kind: 'punct', text: '`' });
      } else out.push({ kind: 'punct', text: ch });
    } else if (ch === '/' && regexAllowed(out[out.length - 1])) {
      // A regular expression literal: up to the closing slash outside a [class]; none spans a line.
      let j = i + 1;
      let inClass = false;
      while (j < n && source[j] !== '\n' && (inClass || source[j] !== '/')) {
        if (source[j] === '\\') j++;
        else if (source[j] === '[') inClass = true;
        else if (source[j] === ']') inClass = false;
        j++;
      }
      if (j < n && source[j] === '/') {
        i = j + 1;
        while (i < n && WORD.test(source[i]!)) i++; // flags
        out.push({ kind: 'punct', text: '/re/' });
      } else {
        out.push({ kind: 'punct', text: '/' });
        i++;
      }
    } else if ((WORD_RUN.lastIndex = i), WORD_RUN.test(source)) {
      out.push({ kind: 'word', text: source.slice(i, WORD_RUN.lastIndex) });
      i = WORD_RUN.lastIndex;
    } else if ((SPACE_RUN.lastIndex = i), SPACE_RUN.test(source)) {
      i = SPACE_RUN.lastIndex;
    } else {
      out.push({ kind: 'punct', text: ch });
      i++;
    }
  }
  return out;
}

/**
 * Every module specifier `source` names, in order of appearance: `import … from 'm'`, `import 'm'`,
 * `import type … from 'm'`, `export … from 'm'`, `import x = require('m')`, `import('m')` and
 * `require('m')` (with a quoted or backquoted name; a computed one is not known until run time).
 */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const list = tokens(source);
  for (let k = 0; k < list.length; k++) {
    const token = list[k]!;
    if (token.kind !== 'word') continue;
    const after = list[k + 1];
    const afterCall = list[k + 2];
    const member = list[k - 1]?.text === '.'; // `x.import(…)`, `x?.require(…)`: a method, not the module system
    if ((token.text === 'from' || token.text === 'import') && after?.kind === 'string' && !member) {
      // `import 'm'` and `… from 'm'`; a template literal is no module name in either.
      if (!after.text.startsWith('`')) found.push(after.value);
    } else if ((token.text === 'import' || token.text === 'require') && !member && after?.text === '(' && afterCall?.kind === 'string' && list[k + 3]?.text === ')') {
      found.push(afterCall.value);
    }
  }
  return found;
}
