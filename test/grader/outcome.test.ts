// The scoring policy on its own: from the facts the grading session gathered about a unit (the
// submission unreadable, the unit not bundling, or how its run went and what the type checker said),
// the unit's outcome. Expected values are written from the policy: a problem fails every check with
// its message and scores 0; what graded code did outranks its type errors, which outrank a mere
// failure to load; a missing entry that was a symbolic link, or a folder the reader cut, says so.
import { describe, expect, test } from 'vitest';
import { decideOutcome, type RunReport, typesProblem, unitScore, type UnitFacts } from '../../grader/outcome';

const slug = '04-backprop-mlp';
const names = ['forward', 'backward', 'update'];
const ran = (extra: Partial<RunReport> = {}): RunReport => ({
  checks: [
    { name: 'forward', passed: true },
    { name: 'backward', passed: false, feedback: 'the gradient of W1 is off by a factor of 2' },
    { name: 'update', passed: true },
  ],
  output: 'epoch 1\n',
  droppedLines: 2,
  ms: 12.6,
  ...extra,
});
const failedWith = (message: string) => names.map((name) => ({ name, passed: false, feedback: message }));
const built = (kind: 'missing' | 'build' | 'forbidden', message: string, links: string[] = [], readerNotes: string[] = []): UnitFacts => ({ stage: 'build', kind, message, links, readerNotes });

describe('a unit that ran', () => {
  test('without a problem: its checks as they ran, its output, and its time in whole milliseconds', () => {
    const outcome = decideOutcome(slug, names, { stage: 'ran', run: ran() });
    expect(outcome).toEqual({ slug, checks: ran().checks, output: 'epoch 1\n', droppedLines: 2, ms: 13 });
    expect(unitScore(outcome, 30)).toBe(20);
  });

  test('type errors fail every check with the first five errors and how many more; the output is kept', () => {
    const errors = ['index.ts:1:1: a', 'index.ts:2:1: b', 'index.ts:3:1: c', 'index.ts:4:1: d', 'index.ts:5:1: e', 'index.ts:6:1: f', 'index.ts:7:1: g'];
    const message = 'does not typecheck (npm run typecheck shows the same):\nindex.ts:1:1: a\nindex.ts:2:1: b\nindex.ts:3:1: c\nindex.ts:4:1: d\nindex.ts:5:1: e\n(and 2 more)';
    const outcome = decideOutcome(slug, names, { stage: 'ran', run: ran(), typeErrors: errors });
    expect(outcome).toEqual({ slug, checks: failedWith(message), problem: { kind: 'types', message }, output: 'epoch 1\n', droppedLines: 2, ms: 13 });
    expect(unitScore(outcome, 30)).toBe(0);
    expect(typesProblem(['x.ts:1:1: only one'])).toEqual({ kind: 'types', message: 'does not typecheck (npm run typecheck shows the same):\nx.ts:1:1: only one' });
  });

  test('an empty list of type errors is no problem', () => {
    expect(decideOutcome(slug, names, { stage: 'ran', run: ran(), typeErrors: [] }).problem).toBeUndefined();
  });

  test('what graded code did (a limit, an attack, an exit) outranks its type errors', () => {
    for (const kind of ['timeout', 'memory', 'exit', 'crash', 'forbidden'] as const) {
      const violation = { kind, message: `${kind} happened` };
      const outcome = decideOutcome(slug, names, { stage: 'ran', run: ran({ violation, checks: [] }), typeErrors: ['index.ts:1:1: a'] });
      expect(outcome.problem).toEqual(violation);
      expect(outcome.checks).toEqual(failedWith(`${kind} happened`));
    }
  });

  test('a module that failed to load is explained by its type errors when it has any, else by the load error', () => {
    const violation = { kind: 'load' as const, message: 'TypeError: x is not a function' };
    expect(decideOutcome(slug, names, { stage: 'ran', run: ran({ violation }), typeErrors: ['index.ts:1:1: a'] }).problem).toEqual({ kind: 'types', message: 'does not typecheck (npm run typecheck shows the same):\nindex.ts:1:1: a' });
    const alone = decideOutcome(slug, names, { stage: 'ran', run: ran({ violation }) });
    expect(alone.problem).toEqual(violation);
    expect(alone.checks).toEqual(failedWith('TypeError: x is not a function'));
  });
});

describe('a unit that did not bundle', () => {
  test('fails every check with the bundler\'s message, and ran for no time', () => {
    expect(decideOutcome(slug, names, built('build', 'does not compile (a syntax error?):\nindex.ts:3:1: Expected ";"'))).toEqual({
      slug, checks: failedWith('does not compile (a syntax error?):\nindex.ts:3:1: Expected ";"'), problem: { kind: 'build', message: 'does not compile (a syntax error?):\nindex.ts:3:1: Expected ";"' }, output: '', droppedLines: 0, ms: 0,
    });
  });

  test('a missing index.ts that was a symbolic link says so instead', () => {
    const message = `exercises/${slug}/index.ts is a symbolic link; the grader does not follow links, so submit the file itself`;
    const outcome = decideOutcome(slug, names, built('missing', `there is no exercises/${slug}/index.ts in the submission`, [`${slug}/index.ts`], [`ignored exercises/${slug}/index.ts: it is a symbolic link, and the grader does not follow links`]));
    expect(outcome.problem).toEqual({ kind: 'missing', message });
    expect(outcome.checks).toEqual(failedWith(message));
  });

  test("another unit's link, or a link elsewhere in this unit, does not explain a missing entry", () => {
    const plain = `there is no exercises/${slug}/index.ts in the submission`;
    expect(decideOutcome(slug, names, built('missing', plain, ['01-sigmoid/index.ts', `${slug}/helpers.ts`])).problem).toEqual({ kind: 'missing', message: plain });
  });

  test("what the reader left out of this unit's folder is added, three at most; notes about other folders are not", () => {
    const notes = [
      `skipped exercises/${slug}/data.bin: larger than 2 MB`,
      'skipped exercises/01-sigmoid/big.bin: larger than 2 MB',
      `ignored exercises/${slug}/a.ts: it is a symbolic link, and the grader does not follow links`,
      `ignored exercises/${slug}/b.ts: it is a symbolic link, and the grader does not follow links`,
      `skipped exercises/${slug}/c.ts: larger than 2 MB`,
      `found exercises/${slug}/ one level down`,
    ];
    const outcome = decideOutcome(slug, names, built('build', 'could not resolve ./a', [], notes));
    expect(outcome.problem).toEqual({
      kind: 'build',
      message: `could not resolve ./a\n(the grader skipped exercises/${slug}/data.bin: larger than 2 MB; ignored exercises/${slug}/a.ts: it is a symbolic link, and the grader does not follow links; ignored exercises/${slug}/b.ts: it is a symbolic link, and the grader does not follow links)`,
    });
  });

  test('a forbidden import keeps its kind', () => {
    expect(decideOutcome(slug, names, built('forbidden', 'imports ../../solutions/x, which is outside the submission')).problem).toEqual({ kind: 'forbidden', message: 'imports ../../solutions/x, which is outside the submission' });
  });
});

test('an unreadable submission fails every check of every unit with who and why', () => {
  const outcome = decideOutcome(slug, names, { stage: 'read', student: 'ann', reason: 'no exercises/ folder found' });
  expect(outcome).toEqual({ slug, checks: failedWith('ann cannot be graded: no exercises/ folder found'), problem: { kind: 'unusable', message: 'ann cannot be graded: no exercises/ folder found' }, output: '', droppedLines: 0, ms: 0 });
});
