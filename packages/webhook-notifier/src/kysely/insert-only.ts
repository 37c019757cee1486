import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { EnqueueInput } from '../store/delivery-store.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

interface TableNames {
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
 * `undefined` when the idempotency key was taken.
 */
export async function insertMessageAndDelivery(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  input: EnqueueInput,
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
  const deliveryColumns = [
    'id, message_id, endpoint_id, status, attempts, attempt_base',
    'next_attempt_at, created_at, updated_at',
  ];
  const deliveryValues = [
    `${param(input.deliveryId, 'text')}, message.id, ${param(input.endpoint.id, 'text')}`,
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
  const text = `with message as (
    insert into ${names.messages} (${messageColumns.join(', ')})
    values (${messageValues.join(', ')})
    ${onConflict}
    returning id
  )
  insert into ${names.deliveries} (${deliveryColumns.join(', ')})
  select ${deliveryValues.join(', ')} from message
  returning id`;
  const { rows } = await db.executeQuery<{ id: string }>(CompiledQuery.raw(text, values));
  return rows[0]?.id;
}
