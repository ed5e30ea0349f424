import { describe, expect, test } from 'vitest';
import { helpText, parseArgs, UsageError } from '../../src/cli/args';

describe('course CLI arguments', () => {
  test('no arguments is the progress table', () => {
    expect(parseArgs([])).toEqual({ name: 'list', unit: undefined, yes: false, color: undefined });
  });

  test('commands, units and flags', () => {
    expect(parseArgs(['hint', '04'])).toMatchObject({ name: 'hint', unit: '04' });
    expect(parseArgs(['hint'])).toMatchObject({ name: 'hint', unit: undefined });
    expect(parseArgs(['reset', 'backprop-mlp', '--yes'])).toMatchObject({ name: 'reset', unit: 'backprop-mlp', yes: true });
    expect(parseArgs(['reset', '-y', '1'])).toMatchObject({ name: 'reset', unit: '1', yes: true });
    expect(parseArgs(['watch', '--no-color'])).toMatchObject({ name: 'watch', color: false });
    expect(parseArgs(['next', '--color'])).toMatchObject({ name: 'next', color: true });
    expect(parseArgs(['status'])).toMatchObject({ name: 'list' });
    expect(parseArgs(['--help'])).toMatchObject({ name: 'help' });
    expect(parseArgs(['reset', '-h'])).toMatchObject({ name: 'help' });
    expect(parseArgs(['solution', '01'])).toEqual({ name: 'solution', unit: '01', yes: false, color: undefined });
    expect(parseArgs(['solution', '01', '--print'])).toMatchObject({ name: 'solution', unit: '01', print: true });
    expect(parseArgs(['solution', 'sigmoid', '--yes'])).toMatchObject({ name: 'solution', unit: 'sigmoid', yes: true });
  });

  test.each([
    [['frobnicate'], /Unknown command "frobnicate"\. The commands are: list, next, check, hint, solution, watch, reset, restore, help/],
    [['--fast'], /Unknown option "--fast"/],
    [['reset'], /needs a unit, e\.g\. `npm run course -- reset 01`/],
    [['next', '03'], /takes no unit, but got "03"/],
    [['hint', '01', '02'], /Too many arguments/],
    [['hint', '01', '--yes'], /has no option --yes/],
    [['hint', '01', '--print'], /has no option --print/],
    [['solution'], /needs a unit, e\.g\. `npm run course -- solution 01`/],
  ])('%j is refused with a clear message', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  test('help lists every command as it is typed through npm', () => {
    const help = helpText();
    for (const typed of ['npm run course [-- list]', 'npm run course -- check [unit]', 'npm run course -- restore <unit> [backup] [--yes]', 'npm run course -- next', 'npm run course -- hint [unit]', 'npm run course -- reset <unit> [--yes]', 'npm run course -- watch [unit]', 'npm run course -- solution <unit> [--print] [--yes]']) {
      expect(help).toContain(typed);
    }
  });
});
