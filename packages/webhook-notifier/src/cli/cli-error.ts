/**
 * Exit codes: scripts can tell a refusal from a typo from a database that is not there.
 * `0` done; `1` refused or failed (unknown id, disabled endpoint); `2` bad usage or bad
 * input (unknown option, bad filter); `3` the database (unreachable, not migrated, no driver).
 */
export const EXIT = Object.freeze({ ok: 0, refused: 1, usage: 2, database: 3 });

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the command reports as one line, with a machine-readable reason. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    readonly reason: string,
    message: string,
    readonly exitCode: ExitCode,
    readonly field?: string,
  ) {
    super(message);
  }
}
