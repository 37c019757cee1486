import type { CliSession } from './cli-session.js';
import type { CliEnv, CliStream } from './cli-streams.js';
import type { Output } from './output.js';

/** What every subcommand's action works with. `out` is set just before the action runs. */
export interface CliContext {
  session: CliSession;
  out: Output;
  stderr: CliStream;
  env: CliEnv;
}
