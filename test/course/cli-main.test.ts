import { describe, expect, it } from 'vitest';
import { cliMain, UsageError, parseOptions } from '../../src/course/cli-main';

class InputError extends Error {}

function capture() {
  const lines: string[] = [];
  return { lines, err: (text: string) => void lines.push(text) };
}

const parseNumber = (argv: string[]) => {
  if (argv.length !== 1 || !/^\d+$/.test(argv[0]!)) throw new UsageError(`expected one number, got ${argv.length === 0 ? 'none' : argv.join(' ')}`);
  return Number(argv[0]);
};

describe('cliMain', () => {
  it('returns what the command returns, synchronously for a synchronous command', () => {
    const { lines, err } = capture();
    expect(cliMain(['7'], parseNumber, (n) => n - 7, { name: 'tool', err })).toBe(0);
    expect(cliMain(['3'], parseNumber, (n) => n, { name: 'tool', err })).toBe(3);
    expect(lines).toEqual([]);
  });

  it('a usage mistake, in parsing or later: one line with the name, then the usage when there is one, status 2', async () => {
    const a = capture();
    expect(cliMain([], parseNumber, () => 0, { name: 'tool', err: a.err, usage: 'Usage: tool <n>' })).toBe(2);
    expect(a.lines.join('')).toBe('tool: expected one number, got none\nUsage: tool <n>\n');
    const b = capture();
    const late = async () => {
      throw new UsageError('no such unit');
    };
    await expect(cliMain(['1'], parseNumber, late, { name: 'tool', err: b.err, label: (t) => `<${t}>`, hint: '(tool --help)' })).resolves.toBe(2);
    expect(b.lines.join('')).toBe('<tool:> no such unit\n(tool --help)\n');
  });

  it("the person's other errors and disk problems: one line and the status the command gives them", async () => {
    const a = capture();
    const bad = () => {
      throw new InputError('the roster has no name column');
    };
    expect(cliMain(['1'], parseNumber, bad, { name: 'grade', err: a.err, expected: [[InputError, 5]] })).toBe(5);
    expect(a.lines.join('')).toBe('grade: the roster has no name column\n');
    const b = capture();
    const full = async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/out/grades.csv.123.4.tmp' });
    };
    await expect(cliMain(['1'], parseNumber, full, { name: 'grade', err: b.err, disk: 2 })).resolves.toBe(2);
    expect(b.lines.join('')).toMatch(/^grade: cannot write \/out\/grades\.csv: .*\(ENOSPC\)\n$/);
  });

  it('anything else is printed as the command says, or thrown on when it says nothing', async () => {
    const a = capture();
    const bug = () => {
      throw new TypeError('x is undefined');
    };
    expect(cliMain(['1'], parseNumber, bug, { name: 'grade', err: a.err, expected: [[InputError, 2]], unexpected: (e) => ({ line: `grade: internal error: ${(e as Error).message}`, status: 1 }) })).toBe(1);
    expect(a.lines.join('')).toBe('grade: internal error: x is undefined\n');
    expect(() => cliMain(['1'], parseNumber, bug, { name: 'lessons', err: a.err, disk: 2 })).toThrow(TypeError);
    await expect(cliMain(['1'], parseNumber, async () => bug(), { name: 'lessons', err: a.err })).rejects.toThrow(TypeError);
    // a disk problem is only one when the command says so
    const disk = () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'open', path: '/x' });
    };
    expect(() => cliMain(['1'], parseNumber, disk, { name: 'course', err: a.err })).toThrow('EACCES');
  });
});

describe('parseOptions', () => {
  const options = { out: { type: 'string' }, quiet: { type: 'boolean' } } as const;

  it("gives parseArgs' values and positionals", () => {
    const { values, positionals } = parseOptions(['class', '--out', 'grades', '--quiet'], options);
    expect(values).toEqual({ out: 'grades', quiet: true });
    expect(positionals).toEqual(['class']);
  });

  it('turns its complaint into a one-line UsageError, after the prefix', () => {
    expect(() => parseOptions(['--bogus'], options, 'merge: ')).toThrow(UsageError);
    let message = '';
    try {
      parseOptions(['--bogus'], options, 'merge: ');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^merge: Unknown option '--bogus'/);
    expect(message).not.toContain('\n');
    expect(message).not.toContain('To specify a positional argument');
  });
});
