import type { Command } from 'commander';
import type { DeliveryStatsRow } from '../../admin/delivery-stats.js';
import type { CliContext } from '../cli-context.js';
import { formatMs, formatRate, formatTime } from '../format.js';
import { collect, oneOrMany, parseWhen, resolveWhen, type When } from '../parse-values.js';

const DAY_MS = 86_400_000;

/** `stats`: success rates, volumes and latency for a window, per endpoint and overall. */
export function registerStats(program: Command, ctx: CliContext): void {
  program
    .command('stats')
    .description('success rates, volumes and attempt latency, per endpoint and overall')
    .option(
      '--since <when>',
      'start of the window: 24h (ago, the default) or an ISO time',
      parseWhen,
    )
    .option('--until <when>', 'end of the window (default: now)', parseWhen)
    .option('--endpoint <id>', 'only this endpoint (repeatable, or comma-separated)', collect)
    .action(async (options: { since?: When; until?: When; endpoint?: string[] }) => {
      const admin = await ctx.session.admin();
      const endpointId = oneOrMany(options.endpoint);
      const now = Date.now();
      const stats = await admin.stats({
        since: resolveWhen(options.since ?? { agoMs: DAY_MS }, now),
        until: resolveWhen(options.until ?? { agoMs: 0 }, now),
        ...(endpointId !== undefined && { endpointId }),
      });
      if (ctx.out.json) return ctx.out.data(stats);
      ctx.out.line(`From ${formatTime(stats.since)} to ${formatTime(stats.until)}`);
      const row = (name: string, r: DeliveryStatsRow) => [
        name,
        String(r.messages),
        String(r.delivered),
        String(r.failed),
        String(r.pending),
        formatRate(r.firstAttemptSuccessRate),
        formatRate(r.eventualSuccessRate),
        String(r.attempts),
        formatMs(r.latencyMs?.p50),
        formatMs(r.latencyMs?.p95),
        formatMs(r.latencyMs?.p99),
      ];
      ctx.out.table(
        [
          'ENDPOINT',
          'MESSAGES',
          'DELIVERED',
          'FAILED',
          'PENDING',
          'FIRST TRY',
          'EVENTUAL',
          'ATTEMPTS',
          'P50',
          'P95',
          'P99',
        ],
        [
          ...stats.endpoints.map((e) => row(e.endpointId, e)),
          row(ctx.out.colours.bold('all'), stats.overall),
        ],
      );
    });
}
