/**
 * Pairs of learners whose unit files are far more alike than the stub explains, for a teacher to
 * read side by side: never a verdict, never a change to a score. The fingerprinting is Dolos's
 * (@dodona/dolos-core: winnowed k-grams of a token stream, the index the Dolos plagiarism tool is
 * built on); the tokens come from TypeScript's own scanner, with local names, numbers and strings
 * replaced by their kind, so renaming variables or reformatting changes nothing, while the names
 * after a `.` (Math.exp, .map, .length) are kept. The course's stub is added as an ignored file, so
 * the signatures and comments every learner starts from count for no one.
 */
import { File, FingerprintIndex, Region, TokenizedFile } from '@dodona/dolos-core';
import ts from 'typescript';
import type { Submission } from './discover';
import { readSubmission } from './scratch';

export interface SimilarPair {
  unit: string;
  left: string;
  right: string;
  /** Dolos's similarity: the fraction of the two files' fingerprints (stub's left out) that they share */
  similarity: number;
  /** the longest run of consecutive shared fingerprints */
  longest: number;
  leftText: string;
  rightText: string;
}

export interface SimilarityOptions {
  /** tokens per k-gram (Dolos's default is 23; these files are short) */
  kgramLength?: number;
  /** k-grams per winnowing window */
  window?: number;
  /** a pair is listed from this similarity up */
  threshold?: number;
  /** and only if it shares at least this many consecutive fingerprints (short files match by chance) */
  minLongest?: number;
}

export const SIMILARITY_DEFAULTS = { kgramLength: 12, window: 8, threshold: 0.75, minLongest: 6 } satisfies Required<SimilarityOptions>;

/** The token stream of a TypeScript file, and where each token is. */
export function tokenize(text: string): { tokens: string[]; mapping: Region[] } {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const at = (pos: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: pos - lineStarts[lo]! };
  };
  const tokens: string[] = [];
  const mapping: Region[] = [];
  let previous = ts.SyntaxKind.Unknown;
  // The scanner needs to be told where a template's `${…}` ends and where a `/` starts a regular
  // expression, or it reads the rest of the file as one token: braces are counted per open template.
  const templates: number[] = [];
  const VALUE_END = new Set([ts.SyntaxKind.Identifier, ts.SyntaxKind.NumericLiteral, ts.SyntaxKind.StringLiteral, ts.SyntaxKind.CloseParenToken, ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.CloseBraceToken, ts.SyntaxKind.ThisKeyword, ts.SyntaxKind.TemplateTail, ts.SyntaxKind.NoSubstitutionTemplateLiteral]);
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.TemplateHead) templates.push(0);
    else if (kind === ts.SyntaxKind.OpenBraceToken && templates.length > 0) templates[templates.length - 1]!++;
    else if (kind === ts.SyntaxKind.CloseBraceToken && templates.length > 0) {
      if (templates.at(-1) === 0) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
      } else templates[templates.length - 1]!--;
    } else if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !VALUE_END.has(previous)) {
      kind = scanner.reScanSlashToken();
    }
    let token: string;
    if (kind === ts.SyntaxKind.Identifier) token = previous === ts.SyntaxKind.DotToken || previous === ts.SyntaxKind.QuestionDotToken ? `.${scanner.getTokenText()}` : 'ID';
    else if (kind === ts.SyntaxKind.NumericLiteral || kind === ts.SyntaxKind.BigIntLiteral) token = 'NUM';
    else if (kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || kind === ts.SyntaxKind.RegularExpressionLiteral) token = 'STR';
    else if (kind >= ts.SyntaxKind.TemplateHead && kind <= ts.SyntaxKind.TemplateTail) token = ts.SyntaxKind[kind]!;
    else token = ts.SyntaxKind[kind] ?? String(kind);
    const start = at(scanner.getTokenStart());
    const end = at(scanner.getTokenEnd());
    tokens.push(token);
    mapping.push(new Region(start.line, start.character, end.line, end.character));
    previous = kind;
  }
  return { tokens, mapping };
}

function tokenized(path: string, text: string): TokenizedFile {
  const { tokens, mapping } = tokenize(text);
  return new TokenizedFile(new File(path, text), tokens, mapping);
}

/**
 * The similar pairs of one unit: `files` maps a learner to their file's text; `stub` is the course's
 * stub of the unit. A file identical to the stub, or too short to fingerprint, is left out.
 */
export function similarInUnit(unit: string, files: Map<string, string>, stub: string | undefined, options: SimilarityOptions = {}): SimilarPair[] {
  const o = { ...SIMILARITY_DEFAULTS, ...options };
  const entries = [...files].filter(([, text]) => text.trim() !== (stub ?? '').trim());
  const learners = entries.map(([student, text]) => ({ student, text, file: tokenized(`${student}/${unit}/index.ts`, text) })).filter((e) => e.file.tokens.length >= o.kgramLength);
  if (learners.length < 2) return [];
  // Learners with the same token stream (a copy, renamed or not) are fingerprinted once: a class that
  // shares one file would otherwise cost a comparison per pair of learners.
  const streams = new Map<string, typeof learners>();
  for (const l of learners) {
    const key = l.file.tokens.join(' ');
    streams.set(key, [...(streams.get(key) ?? []), l]);
  }
  const representatives = [...streams.values()].map((members) => ({ file: members[0]!.file, members }));
  const index = new FingerprintIndex(o.kgramLength, o.window);
  index.addFiles(representatives.map((r) => r.file));
  // After the learners: an ignored file moves the fingerprints it has out of the files already indexed
  // (one added before would not: the index only checks a new file's own flag).
  if (stub !== undefined) {
    const stubFile = tokenized(`stub/${unit}/index.ts`, stub);
    if (stubFile.tokens.length >= o.kgramLength) index.addIgnoredFile(stubFile);
  }
  const out: SimilarPair[] = [];
  const add = (a: (typeof learners)[number], b: (typeof learners)[number], similarity: number, longest: number) => {
    const [left, right] = [a, b].sort((x, y) => x.student.localeCompare(y.student));
    out.push({ unit, left: left!.student, right: right!.student, similarity, longest, leftText: left!.text, rightText: right!.text });
  };
  const flagged = (p: { similarity: number; longest: number }) => p.similarity >= o.threshold && p.longest >= o.minLongest;
  for (const r of representatives) {
    if (r.members.length < 2) continue;
    const self = index.getPair(r.file, r.file); // what two copies of this stream share beyond the stub
    if (!flagged(self)) continue;
    for (let i = 0; i < r.members.length; i++) for (let j = i + 1; j < r.members.length; j++) add(r.members[i]!, r.members[j]!, self.similarity, self.longest);
  }
  const byFile = new Map(representatives.map((r) => [r.file, r]));
  for (const p of index.allPairs()) {
    if (!flagged(p)) continue;
    for (const a of byFile.get(p.leftFile)!.members) for (const b of byFile.get(p.rightFile)!.members) add(a, b, p.similarity, p.longest);
  }
  return out;
}

/** Every unit's similar pairs, most alike first. `stubs` maps a unit slug to the course's stub. */
export function similarPairs(submissions: Submission[], units: string[], stubs: Map<string, string>, options: SimilarityOptions = {}): SimilarPair[] {
  const perUnit = new Map(units.map((u) => [u, new Map<string, string>()]));
  const decoder = new TextDecoder();
  for (const submission of submissions) {
    const read = readSubmission(submission);
    if (!read.ok) continue;
    for (const unit of units) {
      const content = read.snapshot.files.get(`${unit}/index.ts`);
      if (content) perUnit.get(unit)!.set(submission.student, decoder.decode(content));
    }
  }
  return units.flatMap((u) => similarInUnit(u, perUnit.get(u)!, stubs.get(u), options)).sort((a, b) => b.similarity - a.similarity || a.unit.localeCompare(b.unit));
}

/** Learners of one unit linked by similar pairs (a copy passed around links several). */
export interface SimilarGroup {
  unit: string;
  members: string[];
  pairs: SimilarPair[];
  /** the group's most alike pair, shown side by side */
  closest: SimilarPair;
}

/** The pairs of each unit joined into groups (connected learners), largest and most alike first. */
export function groupPairs(pairs: SimilarPair[]): SimilarGroup[] {
  const groups: SimilarGroup[] = [];
  for (const unit of [...new Set(pairs.map((p) => p.unit))]) {
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      while (parent.get(x) !== x) x = parent.get(x)!;
      return x;
    };
    const ofUnit = pairs.filter((p) => p.unit === unit);
    for (const p of ofUnit) {
      for (const s of [p.left, p.right]) if (!parent.has(s)) parent.set(s, s);
      parent.set(find(p.left), find(p.right));
    }
    const byRoot = new Map<string, SimilarPair[]>();
    for (const p of ofUnit) byRoot.set(find(p.left), [...(byRoot.get(find(p.left)) ?? []), p]);
    for (const members of byRoot.values()) {
      const names = [...new Set(members.flatMap((p) => [p.left, p.right]))].sort();
      const closest = [...members].sort((a, b) => b.similarity - a.similarity || b.longest - a.longest)[0]!;
      groups.push({ unit, members: names, pairs: members, closest });
    }
  }
  return groups.sort((a, b) => b.closest.similarity - a.closest.similarity || b.members.length - a.members.length || a.unit.localeCompare(b.unit));
}
