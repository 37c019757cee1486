import type { Command } from 'commander';
import type { ReplayOptions, ReplayResult } from '../../admin/replay.js';
import type { CliContext } from '../cli-context.js';
import { plural } from '../format.js';
import { parseInteger } from '../parse-values.js';
import { startProgressBar } from '../progress-bar.js';
import {
  addFilterOptions,
  type FilterOptions,
  toDeliveryFilter,
} from './delivery-filter-options.js';

interface ReplayCliOptions extends FilterOptions {
  status?: string;
  dryRun?: boolean;
  batchSize?: number;
  maxBatches?: number;
  cursor?: string;
}

/** `replay`: bulk replay by filter, with a dry run. */
export function registerReplay(program: Command, ctx: CliContext): void {
  addFilterOptions(
    program
      .command('replay')
      .description('send matching deliveries again (failed ones by default), in batches')
      .option('--status <status>', 'failed (default), delivered or cancelled'),
  )
    .option('--dry-run', 'only count what would be replayed')
    .option('--batch-size <n>', 'deliveries per statement, 1 to 10000 (default 1000)', parseInteger)
    .option(
      '--max-batches <n>',
      'stop after this many batches; go on later with --cursor',
      parseInteger,
    )
    .option('--cursor <cursor>', 'go on where a stopped replay ended')
    .action(async (options: ReplayCliOptions) => {
      const admin = await ctx.session.admin();
      const replay: ReplayOptions = {
        ...toDeliveryFilter(options),
        ...(options.status !== undefined && { status: options.status as ReplayOptions['status'] }),
        ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
        ...(options.maxBatches !== undefined && { maxBatches: options.maxBatches }),
        ...(options.cursor !== undefined && { cursor: options.cursor }),
      };
      if (options.dryRun === true) {
        return printDryRun(ctx, await admin.replay({ ...replay, dryRun: true }));
      }
      // The bar's total costs a count first: only worth it when someone watches.
      const total =
        ctx.stderr.isTTY === true ? (await admin.replay({ ...replay, dryRun: true })).matched : 0;
      const bar = startProgressBar(ctx.stderr, total, 'replay');
      let result: ReplayResult;
      try {
        result = await admin.replay({
          ...replay,
          onProgress: ({ replayed }) => bar.update(replayed),
        });
      } finally {
        bar.stop();
      }
      if (ctx.out.json) return ctx.out.data(result);
      ctx.out.line(
        `Replayed ${plural(result.replayed, 'delivery', 'deliveries')} in ${plural(result.batches, 'batch', 'batches')}.`,
      );
      if (result.cursor !== null) {
        ctx.out.line(`Stopped at --max-batches; go on with: --cursor ${result.cursor}`);
      }
    });
}

function printDryRun(ctx: CliContext, count: ReplayResult): void {
  if (ctx.out.json) {
    ctx.out.data(count);
    return;
  }
  ctx.out.line(`${plural(count.matched, 'delivery', 'deliveries')} would be replayed.`);
  if (count.onDisabledEndpoints > 0) {
    ctx.out.line(
      `${plural(count.onDisabledEndpoints, 'more delivery matches', 'more deliveries match')} on disabled endpoints and would be left alone: enable them first.`,
    );
  }
}
