import { type RawBuilder, sql } from 'kysely';
import type { AttemptTable } from './attempt.table.js';
import type { DeliveryTable } from './delivery.table.js';
import type { EndpointTable } from './endpoint.table.js';
import type { MessageTable } from './message.table.js';

/** The notifier's tables, as Kysely sees them. */
export interface WebhookDatabase {
  webhook_endpoints: EndpointTable;
  webhook_messages: MessageTable;
  webhook_deliveries: DeliveryTable;
  webhook_attempts: AttemptTable;
}

/** Table names for hand-written SQL, qualified with the schema when there is one. */
export interface WebhookTables {
  endpoints: RawBuilder<unknown>;
  messages: RawBuilder<unknown>;
  deliveries: RawBuilder<unknown>;
  attempts: RawBuilder<unknown>;
  /** The settle function (migration 0002). */
  settle: RawBuilder<unknown>;
  /** The claim function (migration 0007). */
  claim: RawBuilder<unknown>;
  /** `nextval` of the ordering sequence (migration 0005). */
  nextOrderingSeq: RawBuilder<unknown>;
}

/** `name`, qualified with the schema when there is one. */
function qualified(schema: string | undefined, name: string): RawBuilder<unknown> {
  return schema === undefined ? sql.id(name) : sql.id(schema, name);
}

/** The settle function's name, qualified with the schema when there is one. */
export function settleFunctionName(schema?: string): RawBuilder<unknown> {
  return qualified(schema, 'dramarelay_webhook_settle');
}

/** The claim function's name, qualified with the schema when there is one. */
export function claimFunctionName(schema?: string): RawBuilder<unknown> {
  return qualified(schema, 'dramarelay_webhook_claim');
}

/** The sequence numbering each ordering key's queue (migration 0005). */
export function orderingSequenceName(schema?: string): RawBuilder<unknown> {
  return qualified(schema, 'webhook_delivery_order_seq');
}

export function webhookTables(schema?: string): WebhookTables {
  const name = (table: keyof WebhookDatabase) => qualified(schema, table);
  return {
    endpoints: name('webhook_endpoints'),
    messages: name('webhook_messages'),
    deliveries: name('webhook_deliveries'),
    attempts: name('webhook_attempts'),
    settle: settleFunctionName(schema),
    claim: claimFunctionName(schema),
    nextOrderingSeq: sql`nextval(${sql.lit(regclassText(schema, 'webhook_delivery_order_seq'))}::regclass)`,
  };
}

/** A relation's name as SQL (and `regclass`) text: each part double-quoted. */
export function regclassText(schema: string | undefined, name: string): string {
  return [schema, name]
    .filter((part) => part !== undefined)
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}
