import { prepareCallback, type TaskCreationDeps } from './create-tasks.js';
import type { Task, TaskPatch } from './task.repository.js';
import type { UpdateTaskInput } from './task-input.js';

const SIMPLE_FIELDS = [
  'title',
  'description',
  'video_url',
  'thumbnail_url',
  'duration',
  'node_power_reward',
  'keywords_template',
  'hashtags',
  'category',
  'max_completions',
  'project_id',
  'source',
  'status',
] as const;

/** Sent fields change, `null` clears, absent ones stay; callback fields are settled together. */
export function taskPatch(
  deps: Pick<TaskCreationDeps, 'checkUrl' | 'generateSecret'> & { now: Date },
  task: Task,
  input: UpdateTaskInput,
): { patch: TaskPatch; generatedSecret: string | undefined } {
  const patch: TaskPatch = { updated_at: deps.now };
  for (const field of SIMPLE_FIELDS) {
    const value = input[field];
    if (value !== undefined) (patch as Record<string, unknown>)[field] = value;
  }
  if (input.task_id !== undefined) patch.external_id = input.task_id;
  if (input.expires_at !== undefined) patch.expires_at = new Date(input.expires_at);

  const touched =
    input.callback_url !== undefined ||
    input.callback_secret !== undefined ||
    input.callback_scheme !== undefined;
  if (!touched) return { patch, generatedSecret: undefined };

  const url = input.callback_url !== undefined ? input.callback_url : task.callback_url;
  const secretSent = input.callback_secret !== undefined;
  const callback = prepareCallback(
    deps,
    {
      callback_url: url,
      callback_secret: secretSent ? input.callback_secret : url ? task.callback_secret : null,
      callback_scheme:
        input.callback_scheme !== undefined
          ? input.callback_scheme
          : secretSent
            ? null
            : task.callback_scheme,
    },
    '',
  );
  patch.callback_url = callback.url;
  patch.callback_secret = callback.secret;
  patch.callback_scheme = callback.scheme;
  return { patch, generatedSecret: callback.generatedSecret };
}
