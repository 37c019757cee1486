import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { EnqueueInput } from '../store/delivery-store.js';
import type { WebhookDatabase, WebhookTables } from './webhook-database.js';

/** A parameter of the statement: its value in an enqueue input, and its SQL type. */
const PARAMETERS = {
  messageId: { type: 'text', of: (input: EnqueueInput) => input.message.id },
  eventType: { type: 'text', of: (input: EnqueueInput) => input.message.eventType },
  body: { type: 'bytea', of: (input: EnqueueInput) => input.message.body },
  createdAt: { type: 'timestamptz', of: (input: EnqueueInput) => input.message.createdAt },
  idempotencyKey: { type: 'text', of: (input: EnqueueInput) => input.message.idempotencyKey },
  traceparent: { type: 'text', of: (input: EnqueueInput) => input.message.traceparent },
  now: { type: 'timestamptz', of: (input: EnqueueInput) => input.now },
  endpointId: { type: 'text', of: (input: EnqueueInput) => input.endpoint.id },
  deliveryId: { type: 'text', of: (input: EnqueueInput) => input.deliveryId },
  orderingKey: { type: 'text', of: (input: EnqueueInput) => input.orderingKey },
} as const;
type Parameter = keyof typeof PARAMETERS;

/** One shape of the statement: its text, and the parameters it numbers, in order. */
interface Statement {
  text: string;
  parameters: readonly Parameter[];
}

interface TableNames {
  endpoints: string;
  messages: string;
  deliveries: string;
  nextOrderingSeq: string;
  /** The statement of each shape (which optional columns, guarded or not), built once. */
  statements: Map<string, Statement>;
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
      statements: new Map(),
    };
    namesOf.set(t, names);
  }
  return names;
}

/**
 * The common enqueue as the least PostgreSQL can be asked to do: insert the message and its
 * delivery, in one statement, with only the columns that have a value (no `ON CONFLICT`
 * without an idempotency key, which cannot conflict). Written as text with numbered
 * parameters, once per shape (which optional columns, guarded or not): per call only the
 * values are gathered. Resolves to the delivery id, or `undefined` when the idempotency key
 * was taken or, with `endpointVisible`, when the endpoint row is not visible to the
 * statement (a transaction's older snapshot).
 */
export async function insertMessageAndDelivery(
  db: Kysely<WebhookDatabase>,
  t: WebhookTables,
  input: EnqueueInput,
  { endpointVisible = false }: { endpointVisible?: boolean } = {},
): Promise<string | undefined> {
  const names = tableNames(db, t);
  const withKey = input.message.idempotencyKey !== null;
  const withTrace = input.message.traceparent != null;
  const withOrdering = input.orderingKey != null;
  const shape = `${withKey}${withTrace}${withOrdering}${endpointVisible}`;
  let statement = names.statements.get(shape);
  if (statement === undefined) {
    statement = writeStatement(names, { withKey, withTrace, withOrdering, endpointVisible });
    names.statements.set(shape, statement);
  }
  const values = statement.parameters.map((parameter) => PARAMETERS[parameter].of(input));
  // The command's row count says whether the delivery went in: no row to send back and parse.
  const { numAffectedRows } = await db.executeQuery(CompiledQuery.raw(statement.text, values));
  return numAffectedRows === 1n ? input.deliveryId : undefined;
}

function writeStatement(
  names: TableNames,
  shape: { withKey: boolean; withTrace: boolean; withOrdering: boolean; endpointVisible: boolean },
): Statement {
  const parameters: Parameter[] = [];
  const param = (parameter: Parameter) => {
    parameters.push(parameter);
    return `$${parameters.length}::${PARAMETERS[parameter].type}`;
  };
  const messageColumns = ['id', 'event_type', 'body', 'created_at'];
  const messageValues = [param('messageId'), param('eventType'), param('body'), param('createdAt')];
  if (shape.withKey) {
    messageColumns.push('idempotency_key');
    messageValues.push(param('idempotencyKey'));
  }
  if (shape.withTrace) {
    messageColumns.push('traceparent');
    messageValues.push(param('traceparent'));
  }
  const now = param('now');
  const endpointId = param('endpointId');
  const deliveryColumns = [
    'id, message_id, endpoint_id, status, attempts, attempt_base',
    'next_attempt_at, created_at, updated_at',
  ];
  const deliveryValues = [
    `${param('deliveryId')}, message.id, ${endpointId}`,
    `'pending', 0, 0, ${now}, ${now}, ${now}`,
  ];
  if (shape.withOrdering) {
    deliveryColumns.push('ordering_key, ordering_seq');
    deliveryValues.push(`${param('orderingKey')}, ${names.nextOrderingSeq}`);
  }
  const onConflict = shape.withKey
    ? 'on conflict (idempotency_key) where tenant is null do nothing'
    : '';
  const source = shape.endpointVisible
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
  return { text, parameters };
}
