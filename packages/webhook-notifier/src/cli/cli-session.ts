import { createAdmin, type WebhookAdmin } from '../admin/create-admin.js';
import type { SsrfPolicy } from '../ssrf/ssrf-policy.js';
import { CliError, EXIT } from './cli-error.js';
import type { CliEnv } from './cli-streams.js';
import { type AnyKysely, openDatabase } from './open-database.js';

/** The global options every subcommand sees. */
export interface GlobalOptions {
  databaseUrl?: string;
  schema?: string;
  allowHost?: string[];
}

export interface SessionDefaults {
  db?: AnyKysely;
  connectionString?: string;
  schema?: string;
  ssrf?: SsrfPolicy | false;
  env: CliEnv;
}

/**
 * The database connection of one run, opened on first use (so `--help` and a bad option
 * never connect) and closed once at the end.
 */
export class CliSession {
  private options: GlobalOptions = {};
  private opened: Promise<{ db: AnyKysely; close(): Promise<void> }> | undefined;

  constructor(private readonly defaults: SessionDefaults) {}

  configure(options: GlobalOptions): void {
    this.options = options;
  }

  /** The connection string in use, if any (for error messages). */
  get connectionString(): string | undefined {
    if (this.options.databaseUrl !== undefined) return this.options.databaseUrl;
    if (this.defaults.db !== undefined) return undefined;
    return this.defaults.connectionString ?? emptyToUndefined(this.defaults.env.DATABASE_URL);
  }

  get schema(): string | undefined {
    return this.options.schema ?? this.defaults.schema;
  }

  async admin(): Promise<WebhookAdmin> {
    const db = await this.db();
    const { createKyselyStore } = await import('../kysely/index.js');
    const schema = this.schema;
    const store = createKyselyStore(db, schema === undefined ? {} : { schema });
    return createAdmin({ store, ssrf: this.ssrf() });
  }

  /** Applies the notifier's migrations; resolves with the names of those applied now. */
  async migrate(): Promise<string[]> {
    const db = await this.db();
    const { migrateWebhookTables } = await import('../kysely/index.js');
    const schema = this.schema;
    const results = await migrateWebhookTables(db, schema === undefined ? {} : { schema });
    return results.filter((result) => result.status === 'Success').map((r) => r.migrationName);
  }

  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    if (opened !== undefined) await (await opened.catch(() => undefined))?.close();
  }

  private db(): Promise<AnyKysely> {
    this.opened ??= this.open();
    return this.opened.then((opened) => opened.db);
  }

  private async open() {
    const { db } = this.defaults;
    if (this.options.databaseUrl === undefined && db !== undefined) {
      return { db, close: async () => {} };
    }
    const connectionString = this.connectionString;
    if (connectionString === undefined) {
      throw new CliError(
        'no_database',
        'no database given: set DATABASE_URL or pass --database-url',
        EXIT.usage,
        'database-url',
      );
    }
    return openDatabase(connectionString);
  }

  /** The caller's policy, widened by `--allow-host` (a receiver on a private network). */
  private ssrf(): SsrfPolicy | false {
    const base = this.defaults.ssrf ?? {};
    const extra = this.options.allowHost ?? [];
    if (base === false || extra.length === 0) return base;
    return { ...base, allow: [...(base.allow ?? []), ...extra] };
  }
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
