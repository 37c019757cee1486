import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { EnqueueInput } from '../store/delivery-store.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

interface TableNames {
  endpoints: string;
  messages: string;
  deliveries: string;
  nextOrderingSeq: string;
}

const namesOf = new WeakMap<WebhookTables, TableNames>();

/** The store's table names as SQL text, compiled once per store. */
function tableNames(db: Kysely<WebhookDatabase>, t: WebhookTables): TableNames {
  let names = namesOf.get(t);
  if (names === undefined) {
    const text = (part: typeof t.messages) => sql`${part}`.compile(db).sql;
    names = {
      endpoints: text(t.endpoints),
      messages: text(t.messages),
      deliveries: text(t.deliveries),
      nextOrderingSeq: text(t.nextOrderingSeq),
    };
    namesOf.set(t, names);
  }
  return names;
}

/**
 * The common enqueue as the least PostgreSQL can be asked to do: insert the message and its
 * delivery, in one statement, with only the columns that have a value (no `ON CONFLICT`
 * without an idempotency key, which cannot conflict). Written as text with numbered
 * parameters, so that nothing is built or compiled per call. Resolves to the delivery id, or
 * `undefined` when the idempotency key was taken or, with `endpointVisible`, when the
 * endpoint row is not visible to the statement (a transaction's older snapshot).
 */
export async function insertMessageAndDelivery(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  input: EnqueueInput,
  { endpointVisible = false }: { endpointVisible?: boolean } = {},
): Promise<string | undefined> {
  const { message } = input;
  const names = tableNames(db, t);
  const values: unknown[] = [];
  const param = (value: unknown, type: string) => {
    values.push(value);
    return `$${values.length}::${type}`;
  };
  const messageColumns = ['id', 'event_type', 'body', 'created_at'];
  const messageValues = [
    param(message.id, 'text'),
    param(message.eventType, 'text'),
    param(message.body, 'bytea'),
    param(message.createdAt, 'timestamptz'),
  ];
  if (message.idempotencyKey !== null) {
    messageColumns.push('idempotency_key');
    messageValues.push(param(message.idempotencyKey, 'text'));
  }
  if (message.traceparent != null) {
    messageColumns.push('traceparent');
    messageValues.push(param(message.traceparent, 'text'));
  }
  const now = param(input.now, 'timestamptz');
  const endpointId = param(input.endpoint.id, 'text');
  const deliveryColumns = [
    'id, message_id, endpoint_id, status, attempts, attempt_base',
    'next_attempt_at, created_at, updated_at',
  ];
  const deliveryValues = [
    `${param(input.deliveryId, 'text')}, message.id, ${endpointId}`,
    `'pending', 0, 0, ${now}, ${now}, ${now}`,
  ];
  if (input.orderingKey != null) {
    deliveryColumns.push('ordering_key, ordering_seq');
    deliveryValues.push(`${param(input.orderingKey, 'text')}, ${names.nextOrderingSeq}`);
  }
  const onConflict =
    message.idempotencyKey === null
      ? ''
      : 'on conflict (idempotency_key) where tenant is null do nothing';
  const source = endpointVisible
    ? `select ${messageValues.join(', ')}
      where exists (select from ${names.endpoints} where id = ${endpointId})`
    : `values (${messageValues.join(', ')})`;
  const text = `with message as (
    insert into ${names.messages} (${messageColumns.join(', ')})
    ${source}
    ${onConflict}
    returning id
  )
  insert into ${names.deliveries} (${deliveryColumns.join(', ')})
  select ${deliveryValues.join(', ')} from message`;
  // The command's row count says whether the delivery went in: no row to send back and parse.
  const { numAffectedRows } = await db.executeQuery(CompiledQuery.raw(text, values));
  return numAffectedRows === 1n ? input.deliveryId : undefined;
}
