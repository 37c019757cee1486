import { Hono } from 'hono';
import { taskCallbackEndpoint } from '../../notifications/resolve-endpoint.js';
import { listCompletedClaimsOfTask } from '../../submissions/claim.repository.js';
import { deleteTask, updateTask } from '../../tasks/change-task.js';
import { type CreatedTask, createTasks } from '../../tasks/create-tasks.js';
import { findTaskForKey, listTasksForKey, type Task } from '../../tasks/task.repository.js';
import {
  createTaskSchema,
  createTasksBatchSchema,
  listTasksQuerySchema,
  updateTaskSchema,
} from '../../tasks/task-input.js';
import type { TaskView } from '../../tasks/task-view.js';
import { taskViews } from '../../tasks/task-views.js';
import type { ApiDeps } from '../api-deps.js';
import { ApiError, parseWith } from '../api-error.js';
import type { ApiEnv } from '../api-key-auth.js';
import { jsonObjectBody, pathId } from '../request-body.js';
import { deliveryJson, refusedJson } from './delivery-json.js';

export function taskRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  const views = (tasks: Task[]) => taskViews(deps, tasks);

  function created(result: CreatedTask, view: TaskView) {
    return result.generatedSecret === undefined
      ? view
      : { ...view, callback_secret: result.generatedSecret };
  }

  routes.post('/', async (c) => {
    const body = await jsonObjectBody(c);
    const apiKeyId = c.get('apiKey').id;
    const creation = { ...deps, checkUrl: deps.webhooks.checkUrl };

    if ('datasets' in body) {
      const batch = parseWith(createTasksBatchSchema, body);
      const inputs = batch.datasets.map((dataset, i) =>
        parseWith(
          createTaskSchema,
          {
            source: batch.source,
            callback_url: batch.callback_url,
            callback_secret: batch.callback_secret,
            callback_scheme: batch.callback_scheme,
            ...dataset,
          },
          `datasets.${i}`,
        ),
      );
      const results = await createTasks(creation, apiKeyId, inputs, (i) => `datasets.${i}.`);
      const shown = await views(results.map((r) => r.task));
      const anyCreated = results.some((r) => r.created);
      return c.json(
        {
          success: true,
          created: results.filter((r) => r.created).length,
          tasks: results.map((r, i) => ({ ...created(r, shown[i]!), created: r.created })),
          ...originalIds(results[0]!.task),
        },
        anyCreated ? 201 : 200,
      );
    }

    const input = parseWith(createTaskSchema, body);
    const [result] = await createTasks(creation, apiKeyId, [input]);
    const [view] = await views([result!.task]);
    return c.json(
      {
        success: true,
        created: result!.created,
        task: created(result!, view!),
        ...originalIds(result!.task),
      },
      result!.created ? 201 : 200,
    );
  });

  routes.get('/', async (c) => {
    const query = parseWith(listTasksQuerySchema, c.req.query());
    const { tasks, total } = await listTasksForKey(deps.db, c.get('apiKey').id, {
      ...query,
      now: deps.now(),
    });
    const shown = await views(tasks);
    return c.json({
      success: true,
      tasks: shown,
      total,
      limit: query.limit,
      offset: query.offset,
      // The original X2C API's names for the same page.
      data: shown,
      count: shown.length,
    });
  });

  routes.get('/:id', async (c) => {
    const task = await ownTask(c.get('apiKey').id, pathId(c, 'id', 'task'));
    const [view] = await views([task]);
    return c.json({ success: true, task: view, data: view });
  });

  // PUT is the original X2C API's name for the same partial update.
  routes.on(['PATCH', 'PUT'], '/:id', async (c) => {
    const apiKeyId = c.get('apiKey').id;
    const id = pathId(c, 'id', 'task');
    const body = await jsonObjectBody(c);
    const input = parseWith(updateTaskSchema, body);
    let changed: Awaited<ReturnType<typeof updateTask>>;
    try {
      changed = await updateTask(
        { ...deps, checkUrl: deps.webhooks.checkUrl },
        apiKeyId,
        id,
        input,
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new ApiError(
          409,
          'duplicate_task_id',
          'another task of this key already has this task_id',
          'task_id',
        );
      }
      throw error;
    }
    if (!changed) throw new ApiError(404, 'not_found', 'task not found');
    const { task: updated, generatedSecret } = changed;
    // Deliveries waiting for the task's own endpoint go to its new URL, secret and scheme.
    const touched = ['callback_url', 'callback_secret', 'callback_scheme'].some((f) => f in input);
    const callback = touched && taskCallbackEndpoint(updated);
    if (callback) await deps.operations.follow(callback);
    const [view] = await views([updated]);
    const shown =
      generatedSecret === undefined ? view : { ...view, callback_secret: generatedSecret };
    return c.json({ success: true, task: shown, data: shown });
  });

  routes.delete('/:id', async (c) => {
    const id = pathId(c, 'id', 'task');
    const deleted = await deleteTask(deps, c.get('apiKey').id, id);
    if (!deleted) throw new ApiError(404, 'not_found', 'task not found');
    return c.json({ success: true, id });
  });

  routes.get('/:id/deliveries', async (c) => {
    const task = await ownTask(c.get('apiKey').id, pathId(c, 'id', 'task'));
    const claims = await listCompletedClaimsOfTask(deps.db, task.id);
    const deliveries = await Promise.all(
      claims.map(async (claim) => {
        const id = claim.webhook_delivery_id;
        if (id === null) {
          return {
            claim_id: claim.id,
            user_id: claim.user_id,
            ...refusedJson(claim.webhook_error),
          };
        }
        const [delivery, attempts] = await Promise.all([
          deps.webhooks.delivery(id),
          deps.webhooks.attempts(id),
        ]);
        return {
          claim_id: claim.id,
          user_id: claim.user_id,
          ...deliveryJson(id, delivery, attempts),
        };
      }),
    );
    return c.json({ success: true, task_id: task.id, deliveries });
  });

  /**
   * The original X2C API answered a creation with only these two, at the top level: the
   * caller's own `task_id` and `project_id` (of the first dataset in the batch form).
   */
  function originalIds(task: Task) {
    return { task_id: task.external_id, project_id: task.project_id };
  }

  async function ownTask(apiKeyId: string, id: number): Promise<Task> {
    const task = await findTaskForKey(deps.db, apiKeyId, id);
    if (!task) throw new ApiError(404, 'not_found', 'task not found');
    return task;
  }

  return routes;
}
