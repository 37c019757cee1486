import { Command } from 'commander';
import { VERSION } from '../version.js';
import type { CliContext } from './cli-context.js';
import type { CliStream } from './cli-streams.js';
import { useColour } from './cli-streams.js';
import { registerDeliveries } from './commands/deliveries.js';
import { registerEndpoints } from './commands/endpoints.js';
import { registerMaintenance } from './commands/maintenance.js';
import { registerReplay } from './commands/replay.js';
import { registerStats } from './commands/stats.js';
import { Output } from './output.js';
import { collect } from './parse-values.js';

/**
 * The command tree. Errors are thrown, not printed (`exitOverride`), so the caller reports
 * every failure the same way: one line, one exit code.
 */
export function buildProgram(name: string, ctx: CliContext, stdout: CliStream): Command {
  const program = new Command(name)
    .description(
      'Operate webhook deliveries in a database of the @dramarelay/webhook-notifier Kysely store.',
    )
    .option('--database-url <url>', 'PostgreSQL connection string (default: $DATABASE_URL)')
    .option('--schema <name>', "schema of the notifier's tables (default: the search_path)")
    .option('--json', 'print JSON, for scripts')
    .option('--no-color', 'no colours, even on a terminal (NO_COLOR=1 works too)')
    .option(
      '--allow-host <host>',
      'let set-url use this private host or range (repeatable)',
      collect,
    )
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      // Reported by the caller, as one line like every other error.
      outputError: () => {},
    })
    .showSuggestionAfterError(true);
  program.hook('preAction', (_program, action) => {
    const options = action.optsWithGlobals();
    ctx.session.configure(options);
    const json = options.json === true;
    ctx.out = new Output(
      stdout,
      json,
      !json && useColour(stdout, ctx.env, options.color !== false),
    );
  });
  registerEndpoints(program, ctx);
  registerDeliveries(program, ctx);
  registerReplay(program, ctx);
  registerStats(program, ctx);
  registerMaintenance(program, ctx);
  return program;
}
