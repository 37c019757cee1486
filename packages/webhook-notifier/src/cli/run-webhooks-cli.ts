import { CommanderError } from 'commander';
import type { SsrfPolicy } from '../ssrf/ssrf-policy.js';
import type { CliContext } from './cli-context.js';
import { EXIT } from './cli-error.js';
import { CliSession } from './cli-session.js';
import type { CliEnv, CliStream } from './cli-streams.js';
import { describeError } from './describe-error.js';
import type { AnyKysely } from './open-database.js';
import { Output } from './output.js';
import { buildProgram } from './program.js';

export interface WebhooksCliOptions {
  /**
   * An open Kysely instance on the database to operate (the application's own). The command
   * uses it unless `--database-url` is given, and leaves it open.
   */
  db?: AnyKysely;
  /** The database when no `db` is given and no `--database-url`. Default: `env.DATABASE_URL`. */
  connectionString?: string;
  /** Schema of the notifier's tables when `--schema` is not given. */
  schema?: string;
  /** Destination policy for `endpoints set-url` (pass your notifier's). Default `{}`. */
  ssrf?: SsrfPolicy | false;
  /** Read for `DATABASE_URL`, `NO_COLOR`, `FORCE_COLOR`, `TERM`. Default `process.env`. */
  env?: CliEnv;
  /** Default `process.stdout`. */
  stdout?: CliStream;
  /** Errors (one line each) and the progress bar. Default `process.stderr`. */
  stderr?: CliStream;
  /** Shown in help and error lines. Default `dramarelay-webhooks`. */
  programName?: string;
}

/**
 * Runs the operator's command line (`endpoints`, `deliveries`, `replay`, `stats`, `prune`,
 * `migrate`) over the admin surface of the Kysely store, and resolves with the exit code.
 * It never throws: every failure is one line on `stderr` (a JSON object with `--json`).
 *
 * @example
 * // An application exposing the command against its own database:
 * process.exitCode = await runWebhooksCli(process.argv.slice(3), { db });
 */
export async function runWebhooksCli(
  argv: readonly string[],
  options: WebhooksCliOptions = {},
): Promise<number> {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const name = options.programName ?? 'dramarelay-webhooks';
  const session = new CliSession({
    env,
    ...(options.db !== undefined && { db: options.db }),
    ...(options.connectionString !== undefined && { connectionString: options.connectionString }),
    ...(options.schema !== undefined && { schema: options.schema }),
    ...(options.ssrf !== undefined && { ssrf: options.ssrf }),
  });
  const ctx: CliContext = { session, out: new Output(stdout, false, false), stderr, env };
  const program = buildProgram(name, ctx, stdout);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    const helpCode = error instanceof CommanderError ? helpExitCode(error) : undefined;
    if (helpCode !== undefined) return helpCode;
    const report = describeError(error, {
      connectionString: session.connectionString,
      schema: session.schema,
    });
    const message = report.message.replace(/\s*\n\s*/g, ' ');
    const wantsJson = ctx.out.json || argv.includes('--json');
    stderr.write(
      wantsJson
        ? `${JSON.stringify({ error: { ...report, message } })}\n`
        : `${name}: ${message}\n`,
    );
    return report.exitCode;
  } finally {
    await session.close().catch(() => {});
  }
}

/** Help or the version printed on request (0), or help because no subcommand was given (2). */
function helpExitCode(error: CommanderError): number | undefined {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
    return EXIT.ok;
  }
  return error.code === 'commander.help' ? EXIT.usage : undefined;
}
