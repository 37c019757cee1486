import type { Db } from '../database/database.js';
import { resolveCallbackSecret } from '../endpoints/callback-secret.js';
import type { CompletionWebhooks } from '../notifications/completion-webhooks.js';
import { taskCreatedEvent } from '../notifications/task-events.js';
import { findTaskByExternalId, insertTask, type NewTask, type Task } from './task.repository.js';
import type { CreateTaskInput } from './task-input.js';

export interface TaskRules {
  /** Hours a new task stays claimable. */
  expiryHours: number;
  /** `node_power_reward` when the caller sends none. */
  defaultReward: number;
}

export interface TaskCreationDeps {
  db: Db;
  rules: TaskRules;
  now: () => Date;
  checkUrl: (url: string) => { ok: true } | { ok: false; message: string };
  generateSecret: () => string;
  /** `task.created` goes to the key's subscribed endpoints, in the creation's transaction. */
  webhooks: Pick<CompletionWebhooks, 'send'>;
}

export class TaskInputError extends Error {
  override readonly name = 'TaskInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CreatedTask {
  task: Task;
  created: boolean;
  /** A generated callback secret: in this response only. */
  generatedSecret: string | undefined;
}

interface PreparedTask {
  values: NewTask;
  generatedSecret: string | undefined;
}

/**
 * Creates tasks for a key, all or none, each with its `task.created` event. A task whose
 * `task_id` the key already used is not created again (nor announced): the existing one is
 * returned with `created: false`.
 */
export async function createTasks(
  deps: TaskCreationDeps,
  apiKeyId: string,
  inputs: readonly CreateTaskInput[],
  fieldPrefix: (index: number) => string = () => '',
): Promise<CreatedTask[]> {
  const now = deps.now();
  const prepared = inputs.map((input, i) => prepare(deps, apiKeyId, input, now, fieldPrefix(i)));
  return deps.db.transaction().execute(async (tx) => {
    const results: CreatedTask[] = [];
    for (const { values, generatedSecret } of prepared) {
      const task = await insertTask(tx, values);
      if (task) {
        await deps.webhooks.send(tx, {
          apiKeyId,
          event: taskCreatedEvent(task),
          idempotencyKey: `task.created:${task.id}`,
        });
        results.push({ task, created: true, generatedSecret });
        continue;
      }
      const existing = await findTaskByExternalId(tx, apiKeyId, values.external_id ?? '');
      if (!existing) throw new Error('task insert conflicted but no task was found');
      results.push({ task: existing, created: false, generatedSecret: undefined });
    }
    return results;
  });
}

function prepare(
  deps: TaskCreationDeps,
  apiKeyId: string,
  input: CreateTaskInput,
  now: Date,
  prefix: string,
): PreparedTask {
  const callback = prepareCallback(deps, input, prefix);
  return {
    generatedSecret: callback.generatedSecret,
    values: {
      api_key_id: apiKeyId,
      external_id: input.task_id ?? null,
      title: input.title,
      description: input.description ?? null,
      video_url: input.video_url ?? null,
      thumbnail_url: input.thumbnail_url ?? null,
      duration: input.duration ?? null,
      node_power_reward: input.node_power_reward ?? deps.rules.defaultReward,
      keywords_template: input.keywords_template ?? null,
      hashtags: input.hashtags ?? null,
      category: input.category ?? null,
      max_completions: input.max_completions ?? null,
      project_id: input.project_id ?? null,
      source: input.source ?? null,
      callback_url: callback.url,
      callback_secret: callback.secret,
      callback_scheme: callback.scheme,
      status: 'active',
      expires_at: new Date(now.getTime() + deps.rules.expiryHours * 3_600_000),
      created_at: now,
      updated_at: now,
      deleted_at: null,
    },
  };
}

export interface PreparedCallback {
  url: string | null;
  secret: string | null;
  scheme: NewTask['callback_scheme'];
  generatedSecret: string | undefined;
}

/** Checks a callback URL against the SSRF policy and settles its secret and scheme. */
export function prepareCallback(
  deps: Pick<TaskCreationDeps, 'checkUrl' | 'generateSecret'>,
  input: Pick<CreateTaskInput, 'callback_url' | 'callback_secret' | 'callback_scheme'>,
  prefix: string,
): PreparedCallback {
  const url = input.callback_url || undefined;
  if (url === undefined) {
    if (input.callback_secret) {
      throw new TaskInputError(`${prefix}callback_secret`, 'callback_secret needs a callback_url');
    }
    return { url: null, secret: null, scheme: null, generatedSecret: undefined };
  }
  const checked = deps.checkUrl(url);
  if (!checked.ok) {
    throw new TaskInputError(
      `${prefix}callback_url`,
      `callback_url is refused: ${checked.message}`,
    );
  }
  const secret = resolveCallbackSecret(
    { secret: input.callback_secret, scheme: input.callback_scheme },
    deps.generateSecret,
  );
  if (!secret.ok) throw new TaskInputError(`${prefix}${secret.field}`, secret.error);
  return {
    url,
    secret: secret.secret,
    scheme: secret.scheme,
    generatedSecret: secret.generated ? secret.secret : undefined,
  };
}
