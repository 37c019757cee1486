import { Hono } from 'hono';
import type { ApiDeps } from '../../api/api-deps.js';
import { ApiError } from '../../api/api-error.js';
import {
  listTasksForKey,
  listTasksOfEveryKey,
  type TaskListStatus,
} from '../../tasks/task.repository.js';
import type { TaskView } from '../../tasks/task-view.js';
import { taskViews } from '../../tasks/task-views.js';
import { Badge } from '../components/badge.js';
import { Layout } from '../components/layout.js';
import { Time } from '../components/time.js';
import { BASE, type DashboardEnv } from '../dashboard-env.js';
import { filterQuery } from '../dashboard-filters.js';

const PAGE_SIZE = 25;
const STATUSES: readonly TaskListStatus[] = ['active', 'paused', 'expired'];
type Session = DashboardEnv['Variables']['session'];

/** Tasks with their completions and the callback status of the latest one. */
export function taskRoutes(deps: ApiDeps) {
  const routes = new Hono<DashboardEnv>();

  routes.get('/', async (c) => {
    const session = c.get('session');
    const { status, page, ...rest } = c.req.query();
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) {
      throw new ApiError(400, 'invalid_filter', `${unknown} is not a filter of this page`, unknown);
    }
    if (status && !STATUSES.includes(status as TaskListStatus)) {
      throw new ApiError(
        400,
        'invalid_filter',
        `status must be one of ${STATUSES.join(', ')}`,
        'status',
      );
    }
    if (page !== undefined && !/^[1-9]\d{0,5}$/.test(page)) {
      throw new ApiError(400, 'invalid_filter', 'page must be a whole number from 1', 'page');
    }
    const pageNumber = Number(page ?? 1);
    const options = {
      ...(status && { status: status as TaskListStatus }),
      limit: PAGE_SIZE,
      offset: (pageNumber - 1) * PAGE_SIZE,
      now: deps.now(),
    };
    const { tasks, total } = session.apiKey.operator
      ? await listTasksOfEveryKey(deps.db, options)
      : await listTasksForKey(deps.db, session.apiKey.id, options);
    const views = await taskViews(deps, tasks);
    const owners = new Map(tasks.map((t) => [t.id, t.api_key_id]));
    return c.html(
      <TasksPage
        session={session}
        tasks={views}
        owners={session.apiKey.operator ? owners : undefined}
        status={status}
        page={pageNumber}
        pages={Math.max(1, Math.ceil(total / PAGE_SIZE))}
        total={total}
      />,
    );
  });

  return routes;
}

function TasksPage(props: {
  session: Session;
  tasks: TaskView[];
  owners: Map<number, string> | undefined;
  status: string | undefined;
  page: number;
  pages: number;
  total: number;
}) {
  const link = (page: number) =>
    `${BASE}/tasks${filterQuery({ status: props.status, page: String(page) })}`;
  return (
    <Layout title="Tasks" session={props.session} current="tasks">
      <h1>Tasks</h1>
      <form class="filters card" method="get" action={`${BASE}/tasks`}>
        <label>
          Status
          <select name="status">
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option value={s} selected={s === props.status}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <div class="actions">
          <button type="submit">Filter</button>
        </div>
      </form>
      {props.tasks.length === 0 ? (
        <p class="muted">No tasks.</p>
      ) : (
        <div class="table-wrap">
          <table data-testid="tasks">
            <thead>
              <tr>
                <th class="num">Id</th>
                <th>Title</th>
                {props.owners && <th class="hide-narrow">Key</th>}
                <th>Status</th>
                <th class="num">Completions</th>
                <th class="num hide-narrow">Claims</th>
                <th>Callback</th>
                <th class="hide-narrow">Last attempt</th>
              </tr>
            </thead>
            <tbody>
              {props.tasks.map((t) => (
                <tr data-task={t.id}>
                  <td class="num">{t.id}</td>
                  <td>
                    {t.title}
                    <div>
                      <a href={`${BASE}/deliveries${filterQuery({ endpoint: String(t.id) })}`}>
                        its own endpoint's deliveries
                      </a>
                    </div>
                  </td>
                  {props.owners && (
                    <td class="hide-narrow">
                      <code>{props.owners.get(t.id)}</code>
                    </td>
                  )}
                  <td>
                    <Badge status={t.status} />
                  </td>
                  <td class="num">
                    {t.completions}
                    {t.max_completions !== null && ` / ${t.max_completions}`}
                  </td>
                  <td class="num hide-narrow">{t.claims}</td>
                  <td>
                    {t.callback_delivery_id ? (
                      <a href={`${BASE}/deliveries/${t.callback_delivery_id}`}>
                        <Badge status={t.callback_status} />
                      </a>
                    ) : (
                      <Badge status={t.callback_status} />
                    )}
                    {t.callback_last_error && <div class="muted">{t.callback_last_error}</div>}
                  </td>
                  <td class="hide-narrow">
                    <Time
                      at={t.callback_last_attempt ? new Date(t.callback_last_attempt) : null}
                      empty="none"
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="pager">
        {props.page > 1 ? <a href={link(props.page - 1)}>← Newer</a> : <span />}
        <span class="muted">
          page {props.page} of {props.pages} ({props.total} tasks)
        </span>
        {props.page < props.pages ? <a href={link(props.page + 1)}>Older →</a> : <span />}
      </div>
    </Layout>
  );
}
