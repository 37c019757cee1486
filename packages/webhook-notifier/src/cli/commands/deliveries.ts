import type { Command } from 'commander';
import type { DeliveryDetail } from '../../admin/show-delivery.js';
import type { DeliveryStatus } from '../../store/delivery-store.js';
import type { CliContext } from '../cli-context.js';
import { excerpt, formatMs, formatTime } from '../format.js';
import type { Colours, Output } from '../output.js';
import { collect, oneOrMany, parseInteger } from '../parse-values.js';
import {
  addFilterOptions,
  type FilterOptions,
  toDeliveryFilter,
} from './delivery-filter-options.js';

interface ListOptions extends FilterOptions {
  status?: string[];
  limit?: number;
  cursor?: string;
}

/** `deliveries list|show|redeliver`. */
export function registerDeliveries(program: Command, ctx: CliContext): void {
  const deliveries = program
    .command('deliveries')
    .description('the delivery log across endpoints; one delivery with its attempts; redeliver');

  addFilterOptions(
    deliveries
      .command('list')
      .description('deliveries, newest first, a page at a time')
      .option(
        '--status <status>',
        'pending, delivered, failed or cancelled (repeatable, or comma-separated)',
        collect,
      ),
  )
    .option('--limit <n>', 'deliveries per page, 1 to 1000 (default 50)', parseInteger)
    .option('--cursor <cursor>', 'the next (older) page, as printed by the previous one')
    .action(async (options: ListOptions) => {
      const admin = await ctx.session.admin();
      const status = oneOrMany(options.status) as DeliveryStatus | DeliveryStatus[] | undefined;
      const page = await admin.listDeliveries({
        ...toDeliveryFilter(options),
        ...(status !== undefined && { status }),
        ...(options.limit !== undefined && { limit: options.limit }),
        ...(options.cursor !== undefined && { cursor: options.cursor }),
      });
      if (ctx.out.json) return ctx.out.data(page);
      if (page.deliveries.length === 0) return ctx.out.line('No deliveries match.');
      const c = ctx.out.colours;
      ctx.out.table(
        ['ID', 'CREATED', 'ENDPOINT', 'EVENT', 'STATUS', 'ATTEMPTS', 'LAST ERROR'],
        page.deliveries.map((d) => [
          d.id,
          formatTime(d.createdAt),
          d.endpointId,
          d.eventType,
          paintStatus(c, d.status),
          String(d.attempts),
          excerpt(d.lastError, 60),
        ]),
      );
      if (page.nextCursor !== null) ctx.out.line(`more: --cursor ${page.nextCursor}`);
    });

  deliveries
    .command('show')
    .description('one delivery: its message, its endpoint, and the log of its attempts')
    .argument('<delivery>', 'delivery id (dlv_...)')
    .action(async (id: string) => {
      const admin = await ctx.session.admin();
      printDetail(ctx.out, await admin.getDelivery(id));
    });

  deliveries
    .command('redeliver')
    .description('send one delivery again, now (refused while its endpoint is disabled)')
    .argument('<delivery>', 'delivery id (dlv_...)')
    .action(async (id: string) => {
      const admin = await ctx.session.admin();
      const delivery = await admin.redeliver(id);
      if (ctx.out.json) return ctx.out.data(delivery);
      ctx.out.line(`Redelivering ${delivery.id} to ${delivery.endpointId}: due now.`);
    });
}

/** The message body as text for JSON: it is the serialised payload, UTF-8. */
function detailAsJson(detail: DeliveryDetail) {
  const { body, ...message } = detail.message;
  return { ...detail, message: { ...message, body: Buffer.from(body).toString('utf8') } };
}

function printDetail(out: Output, detail: DeliveryDetail): void {
  if (out.json) {
    out.data(detailAsJson(detail));
    return;
  }
  const { delivery: d, message: m, endpoint: e, attempts } = detail;
  const c = out.colours;
  out.fields([
    ['delivery', d.id],
    ['status', paintStatus(c, d.status)],
    ['endpoint', `${e.id} (${e.state}) ${e.url}`],
    ['message', `${m.id} ${m.eventType}, created ${formatTime(m.createdAt)}`],
    ['attempts', String(d.attempts)],
    ['next attempt', d.status === 'pending' ? formatTime(d.nextAttemptAt) : '-'],
    ['last error', d.lastError ?? '-'],
    ['payload', excerpt(Buffer.from(m.body).toString('utf8'), 200)],
  ]);
  out.line();
  if (attempts.length === 0) {
    out.line('No attempts yet.');
    return;
  }
  out.table(
    ['#', 'STARTED', 'RESULT', 'DURATION', 'ERROR', 'RESPONSE'],
    attempts.map((a) => [
      String(a.attempt),
      formatTime(a.startedAt),
      a.errorClass === null
        ? c.green(String(a.statusCode))
        : c.red(a.statusCode === null ? a.errorClass : String(a.statusCode)),
      formatMs(a.durationMs),
      excerpt(a.error, 50),
      excerpt(a.responseExcerpt, 50),
    ]),
  );
}

export function paintStatus(c: Colours, status: DeliveryStatus): string {
  if (status === 'delivered') return c.green(status);
  if (status === 'failed') return c.red(status);
  if (status === 'pending') return c.yellow(status);
  return c.dim(status);
}
