/** Where the command writes: `process.stdout`/`stderr`, or anything with `write`. */
export interface CliStream {
  write(text: string): unknown;
  /** Set on a terminal: colours and the progress bar only appear there. */
  isTTY?: boolean;
  columns?: number;
}

export type CliEnv = Readonly<Record<string, string | undefined>>;

/**
 * Colours on a terminal only: never with `NO_COLOR` (any non-empty value, as no-color.org
 * says) or `--no-color`; `FORCE_COLOR` (not `0`) turns them on anywhere.
 *
 * @example
 * useColour(process.stdout, process.env, true); // true in a terminal
 */
export function useColour(stream: CliStream, env: CliEnv, allowed: boolean): boolean {
  if (!allowed || (env.NO_COLOR ?? '') !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}
