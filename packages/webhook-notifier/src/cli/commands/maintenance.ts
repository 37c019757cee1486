import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { plural } from '../format.js';
import { parseDuration, parseInteger } from '../parse-values.js';

interface PruneCliOptions {
  deliveredMaxAge: number;
  failedMaxAge: number;
  batchSize?: number;
  maxBatches?: number;
}

/** `prune` (one retention run) and `migrate` (create or update the tables). */
export function registerMaintenance(program: Command, ctx: CliContext): void {
  program
    .command('prune')
    .description(
      'delete old finished messages with their deliveries and attempts (never pending ones)',
    )
    .requiredOption(
      '--delivered-max-age <duration>',
      'keep delivered messages this long, e.g. 7d',
      parseDuration,
    )
    .requiredOption(
      '--failed-max-age <duration>',
      'keep failed messages this long, e.g. 30d',
      parseDuration,
    )
    .option('--batch-size <n>', 'messages per statement, 1 to 10000 (default 500)', parseInteger)
    .option('--max-batches <n>', 'batches in this run at most (default 200)', parseInteger)
    .action(async (options: PruneCliOptions) => {
      const admin = await ctx.session.admin();
      const result = await admin.prune({
        deliveredMaxAgeMs: options.deliveredMaxAge,
        failedMaxAgeMs: options.failedMaxAge,
        ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
        ...(options.maxBatches !== undefined && { maxBatches: options.maxBatches }),
      });
      if (ctx.out.json) return ctx.out.data(result);
      if (!result.ran) return ctx.out.line('Another process is pruning right now; nothing done.');
      ctx.out.line(
        `Pruned ${plural(result.messages, 'message')} (${plural(result.deliveries, 'delivery', 'deliveries')}, ${plural(result.attempts, 'attempt')}) in ${plural(result.batches, 'batch', 'batches')}.`,
      );
    });

  program
    .command('migrate')
    .description("create or update the notifier's tables (safe to run again)")
    .action(async () => {
      const applied = await ctx.session.migrate();
      if (ctx.out.json) return ctx.out.data({ applied });
      ctx.out.line(applied.length === 0 ? 'Up to date.' : `Applied ${applied.join(', ')}.`);
    });
}
