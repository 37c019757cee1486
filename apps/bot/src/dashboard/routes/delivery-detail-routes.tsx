import type { AttemptRecord, DeliveryDetail } from '@dramarelay/webhook-notifier';
import { Hono } from 'hono';
import type { ApiDeps } from '../../api/api-deps.js';
import { ApiError } from '../../api/api-error.js';
import { adminCall } from '../../api/notifier-error.js';
import { DELIVERY_ID } from '../../api/routes/delivery-routes.js';
import { Badge } from '../components/badge.js';
import { CsrfField } from '../components/csrf-field.js';
import { EndpointLabel } from '../components/endpoint-label.js';
import { millis } from '../components/figure.js';
import { Layout } from '../components/layout.js';
import { Time } from '../components/time.js';
import { BASE, type DashboardEnv } from '../dashboard-env.js';
import { assertEndpointInScope } from '../dashboard-scope.js';
import { headersAsSent } from '../delivery-headers.js';

type Session = DashboardEnv['Variables']['session'];
const NOT_FOUND = 'There is no delivery with this id in your scope.';

/** One delivery: payload, headers as sent, attempt log, and redeliver. */
export function deliveryDetailRoutes(deps: ApiDeps) {
  const routes = new Hono<DashboardEnv>();
  const admin = () => deps.operations.admin;

  /** The delivery, when it is in the session's scope; the same 404 for unknown and foreign. */
  async function detailInScope(session: Session, id: string): Promise<DeliveryDetail> {
    if (!DELIVERY_ID.test(id)) throw new ApiError(404, 'not_found', NOT_FOUND);
    const detail = await adminCall('delivery', () => admin().getDelivery(id)).catch(sameNotFound);
    await assertEndpointInScope(deps, session.apiKey, detail.delivery.endpointId).catch(
      sameNotFound,
    );
    return detail;
  }

  routes.get('/:id', async (c) => {
    const session = c.get('session');
    const detail = await detailInScope(session, c.req.param('id'));
    const headers = await headersAsSent(detail);
    return c.html(
      <DeliveryPage
        session={session}
        detail={detail}
        headers={headers}
        redelivered={c.req.query('redelivered') !== undefined}
      />,
    );
  });

  // The exact bytes that were signed and sent, unchanged.
  routes.get('/:id/payload', async (c) => {
    const detail = await detailInScope(c.get('session'), c.req.param('id'));
    return c.body(new Uint8Array(detail.message.body), 200, {
      'content-type': 'application/json',
      'content-disposition': `attachment; filename="${detail.delivery.id}.json"`,
      'x-content-type-options': 'nosniff',
    });
  });

  routes.post('/:id/redeliver', async (c) => {
    const detail = await detailInScope(c.get('session'), c.req.param('id'));
    const id = detail.delivery.id;
    await adminCall('delivery', () => deps.webhooks.redeliver(id));
    return c.redirect(`${BASE}/deliveries/${id}?redelivered`, 303);
  });

  return routes;
}

/** Another tenant's delivery reads exactly like one that does not exist. */
function sameNotFound(error: unknown): never {
  if (error instanceof ApiError && error.status === 404) {
    throw new ApiError(404, 'not_found', NOT_FOUND);
  }
  throw error;
}

function prettyPayload(body: Uint8Array): string {
  const text = Buffer.from(body).toString('utf8');
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function DeliveryPage(props: {
  session: Session;
  detail: DeliveryDetail;
  headers: Record<string, string> | undefined;
  redelivered: boolean;
}) {
  const { delivery, message, endpoint, attempts } = props.detail;
  return (
    <Layout title={`Delivery ${delivery.id}`} session={props.session} current="deliveries">
      <h1>
        Delivery <code>{delivery.id}</code> <Badge status={delivery.status} />
      </h1>
      {props.redelivered && (
        <div class="notice ok" role="status">
          Redelivery scheduled: it is pending and goes out with the next delivery round.
        </div>
      )}
      <div class="card">
        <dl class="facts">
          <dt>Event</dt>
          <dd>
            <code>{message.eventType}</code>
          </dd>
          <dt>Webhook id</dt>
          <dd>
            <code>{message.id}</code>
          </dd>
          <dt>Endpoint</dt>
          <dd>
            <EndpointLabel id={endpoint.id} /> <Badge status={endpoint.state} />{' '}
            <code>{endpoint.url}</code>
          </dd>
          <dt>Created</dt>
          <dd>
            <Time at={delivery.createdAt} />
          </dd>
          <dt>Attempts</dt>
          <dd>{delivery.attempts}</dd>
          {delivery.status === 'pending' && (
            <>
              <dt>Next attempt</dt>
              <dd>
                <Time at={delivery.nextAttemptAt} />
              </dd>
            </>
          )}
        </dl>
        <form
          class="actions"
          method="post"
          action={`${BASE}/deliveries/${delivery.id}/redeliver`}
          style="margin-top:.8rem"
        >
          <CsrfField session={props.session} />
          <button type="submit">Redeliver</button>
          <span class="muted">Sends the same bytes with the same webhook id again.</span>
        </form>
      </div>

      <h2>Attempt log</h2>
      <AttemptLog attempts={attempts} />

      <h2>Payload</h2>
      <p class="actions">
        <a href={`${BASE}/deliveries/${delivery.id}/payload`} download>
          Download the exact bytes ({message.body.byteLength} bytes)
        </a>
      </p>
      <pre data-testid="payload">{prettyPayload(message.body)}</pre>

      <h2>Headers as sent</h2>
      {props.headers ? (
        <>
          <p class="muted">On attempt {attempts.at(-1)?.attempt}; signatures masked.</p>
          <div class="table-wrap">
            <table data-testid="headers">
              <tbody>
                {Object.entries(props.headers).map(([name, value]) => (
                  <tr>
                    <td>
                      <code>{name}</code>
                    </td>
                    <td>
                      <code>{value}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p class="muted">Not sent yet.</p>
      )}
    </Layout>
  );
}

function AttemptLog(props: { attempts: AttemptRecord[] }) {
  if (props.attempts.length === 0) return <p class="muted">No attempt yet.</p>;
  return (
    <div class="table-wrap">
      <table data-testid="attempt-log">
        <thead>
          <tr>
            <th class="num">#</th>
            <th>Started</th>
            <th>Status</th>
            <th class="num">Duration</th>
            <th>Error</th>
            <th>Response excerpt</th>
          </tr>
        </thead>
        <tbody>
          {props.attempts.map((a) => (
            <tr data-attempt={a.attempt}>
              <td class="num">{a.attempt}</td>
              <td>
                <Time at={a.startedAt} />
              </td>
              <td>
                {a.statusCode !== null ? (
                  <span class={`badge ${a.errorClass ? 'failed' : 'delivered'}`}>
                    {a.statusCode}
                  </span>
                ) : (
                  <span class="badge failed">no answer</span>
                )}
              </td>
              <td class="num">{millis(a.durationMs)}</td>
              <td>
                {a.errorClass && <code>{a.errorClass}</code>}
                {a.error && <div class="muted">{a.error}</div>}
              </td>
              <td>{a.responseExcerpt ? <code>{a.responseExcerpt.slice(0, 300)}</code> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
