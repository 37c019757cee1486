import { type Kysely, sql } from 'kysely';
import type { EnqueueInput, EnqueueResult } from '../store/delivery-store.js';
import { type EndpointRule, enqueueDelivery } from './enqueue.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/** How long an enqueue in a transaction waits for a connection of its own to write an endpoint. */
const ENSURE_WAIT_MS = 1_000;

/**
 * `enqueue` inside the caller's transaction without locking endpoint rows there. Two
 * transactions that each created (or changed) an endpoint the other one then used would
 * deadlock (`40P01`); so a new or changed endpoint is written first in a short statement of
 * its own on the store's pool, committed at once, and the transaction inserts only the
 * message and the delivery. Endpoints are configuration: one written for a transaction that
 * later rolls back stays, and harms nothing. The common case, an endpoint that exists as
 * given, is still one round trip.
 */
export async function enqueueInTransaction(
  tx: Kysely<WebhookDatabase>,
  own: Kysely<WebhookDatabase>,
  t: WebhookTables,
  notifyChannel: string | null,
  input: EnqueueInput,
): Promise<EnqueueResult> {
  return withEndpointsEnsured(own, t, [input.endpoint], async (rule) => {
    const written = await enqueueDelivery(tx, t, notifyChannel, input, rule);
    return written.endpointReady ? result(written) : undefined;
  });
}

/**
 * Runs `write` in the caller's transaction under the endpoint rules, cheapest first: the
 * endpoints as given (`current`); else, once each is written by its own committed statement
 * on the store's pool, whatever they are now (`exists`); else written in the transaction
 * after all (`upsert`). `write` resolves `undefined` when its rule found an endpoint missing
 * or different, and wrote nothing.
 */
export async function withEndpointsEnsured<T>(
  own: Kysely<WebhookDatabase>,
  t: WebhookTables,
  endpoints: readonly EnqueueInput['endpoint'][],
  write: (rule: EndpointRule) => Promise<T | undefined>,
): Promise<T> {
  const first = await write('current');
  if (first !== undefined) return first;
  let ensured = true;
  for (const endpoint of endpoints) {
    ensured = await ensureEndpoint(own, t, endpoint);
    if (!ensured) break;
  }
  if (ensured) {
    // Whatever a concurrent enqueue with other settings wrote last is the endpoint now.
    const second = await write('exists');
    if (second !== undefined) return second;
  }
  // No connection was free (the caller's transactions hold the pool), or the transaction's
  // snapshot predates the endpoint (repeatable read): write it in the transaction after all.
  const last = await write('upsert');
  if (last === undefined) throw new Error('unreachable: upsert always writes the endpoint');
  return last;
}

function result(written: EnqueueResult): EnqueueResult {
  return { message: written.message, delivery: written.delivery, created: written.created };
}

/**
 * Inserts the endpoint if new, updates it if its URL, scheme or secrets differ, in one
 * autocommit statement. Resolves false instead of waiting longer than `ENSURE_WAIT_MS`.
 */
async function ensureEndpoint(
  own: Kysely<WebhookDatabase>,
  t: WebhookTables,
  endpoint: EnqueueInput['endpoint'],
): Promise<boolean> {
  const { id, url, scheme, secrets } = endpoint;
  const write = sql`
    with new_endpoint as (
      insert into ${t.endpoints} (id, url, scheme, secrets)
      values (${id}, ${url}, ${scheme}, ${secrets}::text[])
      on conflict (id) do nothing
    )
    update ${t.endpoints}
    set url = ${url}, scheme = ${scheme}, secrets = ${secrets}::text[], updated_at = now()
    where id = ${id} and (url, scheme, secrets) is distinct from (${url}, ${scheme}, ${secrets}::text[])
  `
    .execute(own)
    .then(() => true);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ENSURE_WAIT_MS);
    timer.unref?.();
  });
  // Once given up on, the statement may still run when a connection frees: harmless.
  write.catch(() => {});
  try {
    return await Promise.race([write, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}
