/**
 * Colours only when a person is looking: on when stdout is a terminal, off when it is piped or
 * captured (and off under NO_COLOR, on under FORCE_COLOR), whatever picocolors guesses from CI.
 */
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env, forced?: boolean): boolean {
  if (forced !== undefined) return forced;
  if ('NO_COLOR' in env) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function makeColors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

/** Remove ANSI escapes, for width calculations and plain copies of coloured text. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}
