import { CommanderError } from 'commander';
import { errorCode } from '../kysely/store-unavailable.js';
import { CliError, EXIT, type ExitCode } from './cli-error.js';
import { describeDatabase } from './open-database.js';

/** What the command says about a failure: one line, a reason, an exit code. */
export interface ErrorReport {
  reason: string;
  message: string;
  exitCode: ExitCode;
  field?: string;
}

/** The admin surface's field names as this command's options. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  endpointId: '--endpoint',
  eventType: '--event-type',
  status: '--status',
  since: '--since',
  until: '--until',
  limit: '--limit',
  cursor: '--cursor',
  batchSize: '--batch-size',
  maxBatches: '--max-batches',
  reason: '--reason',
  overlapMs: '--overlap',
  deliveredMaxAgeMs: '--delivered-max-age',
  failedMaxAgeMs: '--failed-max-age',
};

const USAGE_REASONS: ReadonlySet<string> = new Set([
  'invalid_filter',
  'invalid_argument',
  'invalid_endpoint',
  'missing_secret',
  'invalid_secret',
]);

// SQLSTATE codes and socket errors meaning "the database is not there (as expected)".
const SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const NOT_MIGRATED: ReadonlySet<string> = new Set(['42P01', '3F000', '42703', '42883']);

/**
 * Any error thrown by a run, as the one line the user sees: the admin surface's
 * `NotifierError` with its reason and field, a driver error without its stack, a usage
 * error from the parser.
 *
 * @example
 * describeError(new NotifierError('not_found', 'no delivery dlv_1'), context).exitCode; // 1
 */
export function describeError(
  error: unknown,
  context: { connectionString: string | undefined; schema: string | undefined },
): ErrorReport {
  if (error instanceof CliError) {
    return {
      reason: error.reason,
      message: error.message,
      exitCode: error.exitCode,
      ...(error.field && { field: error.field }),
    };
  }
  if (error instanceof CommanderError) {
    return {
      reason: 'usage',
      message: error.message.replace(/^error: /, ''),
      exitCode: EXIT.usage,
    };
  }
  const notifier = asNotifierError(error);
  // The store's word for a driver error: say what the driver said.
  if (notifier?.reason === 'store_unavailable') {
    return describeDriverError((error as Error).cause, context);
  }
  if (notifier !== undefined) return describeNotifierError(notifier);
  return describeDriverError(error, context);
}

interface NotifierErrorShape {
  reason: string;
  message: string;
  field?: string;
}

// By shape, not `instanceof`: the CommonJS and ESM builds each have their own class.
function asNotifierError(error: unknown): NotifierErrorShape | undefined {
  if (error instanceof Error && error.name === 'NotifierError' && 'reason' in error) {
    return error as unknown as NotifierErrorShape;
  }
  return undefined;
}

// The field a message starts with, and the one it is compared with ("later than since").
const FIELD_NAMES = new RegExp(`(^|than )(${Object.keys(OPTION_OF_FIELD).join('|')})\\b`, 'g');

function describeNotifierError(error: NotifierErrorShape): ErrorReport {
  const usage = USAGE_REASONS.has(error.reason);
  const option = error.field === undefined ? undefined : OPTION_OF_FIELD[error.field];
  // "until must be later than since" speaks of the library's fields; say the options.
  const message = usage
    ? error.message.replace(
        FIELD_NAMES,
        (_match, before: string, field: string) => `${before}${OPTION_OF_FIELD[field] ?? field}`,
      )
    : error.message;
  return {
    reason: error.reason,
    message,
    exitCode: usage ? EXIT.usage : EXIT.refused,
    ...(option !== undefined && { field: option.slice(2) }),
  };
}

function describeDriverError(
  error: unknown,
  context: { connectionString: string | undefined; schema: string | undefined },
): ErrorReport {
  const code = errorCode(error);
  const where = describeDatabase(context.connectionString);
  const text = error instanceof Error ? error.message : String(error);
  if (code !== undefined && SOCKET_CODES.has(code)) {
    return {
      reason: 'database_unreachable',
      message: `cannot reach the database at ${where} (${code})`,
      exitCode: EXIT.database,
    };
  }
  if (/timeout|Connection terminated/i.test(text) && code === undefined) {
    return {
      reason: 'database_unreachable',
      message: `cannot reach the database at ${where} (${text})`,
      exitCode: EXIT.database,
    };
  }
  if (code !== undefined && NOT_MIGRATED.has(code)) {
    const schema = context.schema === undefined ? '' : ` in schema ${context.schema}`;
    return {
      reason: 'not_migrated',
      message: `the notifier's tables${schema} are missing or out of date (${text}): run the migrate command`,
      exitCode: EXIT.database,
    };
  }
  if (code !== undefined && /^(08|28|3D)/.test(code)) {
    return {
      reason: 'database_refused',
      message: `the database at ${where} refused the connection: ${text}`,
      exitCode: EXIT.database,
    };
  }
  return { reason: 'unexpected', message: `unexpected error: ${text}`, exitCode: EXIT.refused };
}
