import { StartupError } from '../startup/startup-error.js';

export interface EarlyExit {
  port: number;
  databaseDir: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

const ALTERNATIVES =
  'or set DATABASE_URL to use a PostgreSQL server of your own (see apps/bot/README.md).';

/**
 * Why the embedded PostgreSQL stopped before accepting connections, from its own log lines
 * (`lc_messages=C`), as something the operator can act on.
 */
export function explainEarlyExit(lines: string[], exit: EarlyExit): StartupError {
  const log = lines.join('\n');
  if (/could not bind .*Address already in use|could not create any TCP\/IP sockets/.test(log)) {
    return embeddedPortTaken(
      exit.port,
      'another copy of this app, another clone of it, or another program',
    );
  }
  const holder = /another postmaster \(PID (\d+)\) running in data directory/.exec(log);
  if (holder) {
    return new StartupError(
      `the embedded PostgreSQL's data directory ${exit.databaseDir} is already used by another PostgreSQL server (PID ${holder[1]}), which does not answer on port ${exit.port}.`,
      `Stop that server (is this app already running from this folder with another EMBEDDED_POSTGRES_PORT?), or set DATA_DIR to another folder, ${ALTERNATIVES}`,
    );
  }
  const status = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  const last = lines.slice(-10).join('\n  ') || '(it wrote nothing)';
  return new StartupError(
    `the embedded PostgreSQL stopped before accepting connections (${status}). Its last lines:\n  ${last}`,
    `Fix what it reports (its data is in ${exit.databaseDir}), ${ALTERNATIVES}`,
  );
}

/** The embedded server's port is held by `holder`: which port, and how to choose another. */
export function embeddedPortTaken(port: number, holder: string): StartupError {
  const free = port < 65_535 ? port + 1 : port - 1;
  return new StartupError(
    `the embedded PostgreSQL cannot use port ${port} on 127.0.0.1: it is held by ${holder}.`,
    `Set EMBEDDED_POSTGRES_PORT to a free port (for example EMBEDDED_POSTGRES_PORT=${free} npm start), ${ALTERNATIVES}`,
  );
}
