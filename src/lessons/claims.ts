/**
 * Lessons quote numbers; the code must reproduce them. A claim pairs the text a lesson quotes
 * (e.g. `0.104994` or `4.5396 \times 10^{-5}`) with code computing it, and holds when the value
 * rounds to the quote at the precision the quote is written with.
 */
export interface LessonClaim {
  /** the exact text in the lesson */
  quote: string;
  /**
   * computes the quoted number with the course's code (for a `given`, nothing is computed and this
   * returns the input as the example states it)
   */
  value: () => number;
  /** optional note on why the quote differs from a naive reading (rounded notes, …) */
  note?: string;
  /**
   * `result` (the default): the code's value rounds to the quote.
   * `slip`: a number the notes print and the lesson names as their slip; the claim holds when the
   * code's value does NOT round to it, so a "slip" that is in fact right fails here.
   * `given`: an input of an example (one of the notes' factors, say); only its presence is checked.
   */
  kind?: 'result' | 'slip' | 'given';
}

export interface ParsedQuote {
  value: number;
  /** half a unit in the last quoted digit */
  tolerance: number;
}

/** Parses `0.0138`, `-0.6321206`, `4.5396e-5`, `4.5396 \times 10^{-5}`, `9.31 × 10^{-10}`, `127834`. */
export function parseQuote(quote: string): ParsedQuote {
  const m = /^\s*([−-]?)(\d+)(?:\.(\d+))?\s*(?:(?:e|\\times\s*10\^|×\s*10\^|·\s*10\^)\{?([−-]?\d+)\}?)?\s*$/.exec(quote);
  if (!m) throw new Error(`cannot read "${quote}" as a number`);
  const [, sign, whole, fraction = '', exponentText = '0'] = m;
  const exponent = Number(exponentText.replace('−', '-'));
  const mantissa = Number(`${whole}.${fraction || '0'}`) * (sign ? -1 : 1);
  return { value: mantissa * 10 ** exponent, tolerance: 0.5 * 10 ** (exponent - fraction.length) * (1 + 1e-12) };
}

export interface ClaimResult {
  claim: LessonClaim;
  ok: boolean;
  message: string;
}

/**
 * Whether the lesson quotes `quote` as a number of its own: `0.1` is found in "0.1%" but not inside
 * "0.13" or "10.1", so a short quote cannot be satisfied by a longer number that merely contains it.
 */
export function quotesNumber(lessonText: string, quote: string): boolean {
  const escaped = quote.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\d.])${escaped}(?!\\d|\\.\\d)`).test(lessonText);
}

export function checkClaim(lessonText: string, claim: LessonClaim): ClaimResult {
  if (!quotesNumber(lessonText, claim.quote)) {
    return { claim, ok: false, message: `the lesson no longer contains "${claim.quote}"` };
  }
  const { value, tolerance } = parseQuote(claim.quote);
  if (claim.kind === 'given') return { claim, ok: true, message: `"${claim.quote}" is an input of the example` };
  let computed: number;
  try {
    computed = claim.value();
  } catch (error) {
    return { claim, ok: false, message: `computing "${claim.quote}" threw: ${(error as Error).message}` };
  }
  const rounds = Math.abs(computed - value) <= tolerance;
  if (claim.kind === 'slip') {
    return {
      claim,
      ok: !rounds,
      message: rounds
        ? `the lesson calls ${claim.quote} a slip of the notes, but the code gives ${computed}, which rounds to it`
        : `"${claim.quote}" is the notes' slip; the code gives ${computed}`,
    };
  }
  return {
    claim,
    ok: rounds,
    message: rounds ? `"${claim.quote}" = ${computed}` : `the lesson says ${claim.quote} but the code gives ${computed} (allowed ±${tolerance.toExponential(1)})`,
  };
}

/** Numbers written with three or more decimals: results that must be backed by a claim. */
export function precisionNumbers(lessonText: string): string[] {
  return [...new Set(lessonText.match(/\d+\.\d{3,}/g) ?? [])];
}

/** The precise numbers the lesson quotes that no claim covers. */
export function unclaimedNumbers(lessonText: string, claims: LessonClaim[]): string[] {
  return precisionNumbers(lessonText).filter((n) => !claims.some((c) => c.quote.includes(n)));
}

/**
 * A statement a lesson makes that is not one number: "ReLU turns 4, 5, −1, −2, −4 into 4, 5, 0, 0, 0",
 * "the bias before batch norm gets a zero gradient". `says` is the exact text in the lesson, `holds`
 * checks it with the course's code.
 */
export interface LessonStatement {
  says: string;
  holds: () => boolean;
}

export function checkStatement(lessonText: string, statement: LessonStatement): { ok: boolean; message: string } {
  if (!lessonText.includes(statement.says)) return { ok: false, message: `the lesson no longer says "${statement.says}"` };
  let holds: boolean;
  try {
    holds = statement.holds();
  } catch (error) {
    return { ok: false, message: `checking "${statement.says}" threw: ${(error as Error).message}` };
  }
  return { ok: holds, message: holds ? `"${statement.says}" holds` : `the lesson says "${statement.says}" but the code disagrees` };
}
