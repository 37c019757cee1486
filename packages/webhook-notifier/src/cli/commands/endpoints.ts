import { generateSecret } from '@dramarelay/receiver-verify';
import type { Command } from 'commander';
import type { EndpointHealth } from '../../admin/endpoint-view.js';
import type { CliContext } from '../cli-context.js';
import { formatTime, plural } from '../format.js';
import type { Colours, Output } from '../output.js';
import { parseDuration, parseInteger } from '../parse-values.js';

/** `endpoints list|show|enable|disable|set-url|rotate-secret`. */
export function registerEndpoints(program: Command, ctx: CliContext): void {
  const endpoints = program
    .command('endpoints')
    .description('endpoints with their health; enable, disable, change their URL or secret');

  endpoints
    .command('list')
    .description('endpoints in id order: state, failures, backlog, last success and failure')
    .option('--limit <n>', 'endpoints per page, 1 to 1000 (default 100)', parseInteger)
    .option('--cursor <cursor>', 'the next page, as printed by the previous one')
    .action(async (options: { limit?: number; cursor?: string }) => {
      const admin = await ctx.session.admin();
      const page = await admin.listEndpoints({
        ...(options.limit !== undefined && { limit: options.limit }),
        ...(options.cursor !== undefined && { cursor: options.cursor }),
      });
      if (ctx.out.json) return ctx.out.data(page);
      if (page.endpoints.length === 0) return ctx.out.line('No endpoints.');
      const c = ctx.out.colours;
      ctx.out.table(
        ['ID', 'STATE', 'URL', 'FAILURES', 'PENDING', 'LAST SUCCESS', 'LAST FAILURE', 'WHY'],
        page.endpoints.map((e) => [
          e.id,
          paintState(c, e),
          e.url,
          String(e.consecutiveFailures),
          String(e.pendingCount),
          formatTime(e.lastSuccessAt),
          formatTime(e.lastFailureAt),
          why(e),
        ]),
      );
      if (page.nextCursor !== null) ctx.out.line(`more: --cursor ${page.nextCursor}`);
    });

  endpoints
    .command('show')
    .description("one endpoint's health")
    .argument('<endpoint>', 'endpoint id')
    .action(async (id: string) => {
      const admin = await ctx.session.admin();
      printEndpoint(ctx.out, await admin.getEndpoint(id));
    });

  endpoints
    .command('enable')
    .description('enable (or unpause) an endpoint: its pending deliveries are sent at once')
    .argument('<endpoint>', 'endpoint id')
    .action(async (id: string) => {
      const admin = await ctx.session.admin();
      const health = await admin.enableEndpoint(id);
      if (ctx.out.json) return ctx.out.data(health);
      const waiting = plural(health.pendingCount, 'pending delivery', 'pending deliveries');
      ctx.out.line(
        `Enabled ${health.id}: ${waiting} ${health.pendingCount === 1 ? 'goes' : 'go'} out now.`,
      );
    });

  endpoints
    .command('disable')
    .description('disable an endpoint by hand: new messages wait until it is enabled')
    .argument('<endpoint>', 'endpoint id')
    .requiredOption('--reason <text>', 'why, for whoever looks next (one line)')
    .action(async (id: string, options: { reason: string }) => {
      const admin = await ctx.session.admin();
      const health = await admin.disableEndpoint(id, { reason: options.reason });
      if (ctx.out.json) return ctx.out.data(health);
      ctx.out.line(`Disabled ${health.id}: ${options.reason}`);
    });

  endpoints
    .command('set-url')
    .description('point an endpoint elsewhere: every delivery not yet delivered follows')
    .argument('<endpoint>', 'endpoint id')
    .argument('<url>', 'the new URL (checked like enqueue checks it)')
    .action(async (id: string, url: string) => {
      const admin = await ctx.session.admin();
      const health = await admin.updateEndpoint(id, { url });
      if (ctx.out.json) return ctx.out.data(health);
      ctx.out.line(`${health.id} now points to ${health.url}.`);
    });

  endpoints
    .command('rotate-secret')
    .description('new signing secret; the current one keeps signing beside it for --overlap')
    .argument('<endpoint>', 'endpoint id')
    .option('--secret <secret>', 'the new secret (default: a fresh whsec_ secret, printed once)')
    .option(
      '--overlap <duration>',
      'how long the old secret still signs (default 24h)',
      parseDuration,
    )
    .action(async (id: string, options: { secret?: string; overlap?: number }) => {
      const admin = await ctx.session.admin();
      const newSecret = options.secret === undefined ? generateSecret() : undefined;
      const health = await admin.rotateSecret(id, {
        secrets: options.secret ?? (newSecret as string),
        ...(options.overlap !== undefined && { overlapMs: options.overlap }),
      });
      if (ctx.out.json) return ctx.out.data({ endpoint: health, ...(newSecret && { newSecret }) });
      const until = health.previousSecretsExpireAt;
      ctx.out.line(
        until === null
          ? `Rotated the secret of ${health.id}: only the new one signs.`
          : `Rotated the secret of ${health.id}: the old one also signs until ${formatTime(until)}.`,
      );
      if (newSecret !== undefined) {
        ctx.out.line('The new secret, shown only this once; give it to the receiver:');
        ctx.out.line(`  ${newSecret}`);
      }
    });
}

function printEndpoint(out: Output, e: EndpointHealth): void {
  if (out.json) {
    out.data(e);
    return;
  }
  out.fields([
    ['id', e.id],
    ['url', e.url],
    ['scheme', e.scheme],
    ['tenant', e.tenant ?? '-'],
    ['event types', e.eventTypes.length === 0 ? 'all' : e.eventTypes.join(', ')],
    ['state', paintState(out.colours, e)],
    ['why', why(e)],
    ['disabled at', formatTime(e.disabledAt)],
    ['paused until', formatTime(e.pausedUntil)],
    ['consecutive failures', String(e.consecutiveFailures)],
    ['failing since', formatTime(e.failingSince)],
    ['last success', formatTime(e.lastSuccessAt)],
    ['last failure', formatTime(e.lastFailureAt)],
    ['pending deliveries', String(e.pendingCount)],
    ['signing secrets', String(e.signingSecretCount)],
    ['old secrets until', formatTime(e.previousSecretsExpireAt)],
  ]);
}

function paintState(c: Colours, e: EndpointHealth): string {
  if (e.state === 'disabled') return c.red(e.state);
  if (e.state === 'paused') return c.yellow(e.state);
  return c.green(e.state);
}

/** Why an endpoint is not active: `gone: the endpoint answered 410 Gone`. */
function why(e: EndpointHealth): string {
  if (e.state === 'disabled') {
    return `${e.disabledCause ?? 'disabled'}${e.disabledReason ? `: ${e.disabledReason}` : ''}`;
  }
  if (e.state === 'paused') return `circuit open after ${e.consecutiveFailures} failures`;
  return '-';
}
