import { z } from 'zod';
import { storableString } from '../database/storable-text.js';

const text = (max: number) => storableString().trim().max(max);
const optionalText = (max: number) => text(max).nullish();
const httpUrl = storableString().pipe(
  z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048, 'must be at most 2048 characters'),
);
/** Callers send ids as numbers or strings; they are kept as strings. */
const externalId = z
  .union([z.number().int().nonnegative().transform(String), z.string()], {
    error: 'must be a non-empty string or a whole number',
  })
  .pipe(text(200).min(1, 'must be a non-empty string or a whole number'));

export const SIGNING_SCHEMES = ['standard-webhooks', 'legacy'] as const;

/** The fields of one task, as `POST /api/tasks` and each entry of `datasets` carry them. */
const taskFields = {
  title: text(300).min(1, 'must not be empty'),
  description: optionalText(5000),
  video_url: httpUrl.nullish(),
  thumbnail_url: httpUrl.nullish(),
  duration: z.number().int().nonnegative().max(86_400).nullish(),
  node_power_reward: z.number().int().nonnegative().max(1_000_000).optional(),
  keywords_template: optionalText(1000),
  hashtags: optionalText(1000),
  category: optionalText(100),
  project_id: externalId.nullish(),
  task_id: externalId.nullish(),
  source: optionalText(100),
  callback_url: text(2048).nullish(),
  callback_secret: storableString().min(8).max(512).nullish(),
  callback_scheme: z.enum(SIGNING_SCHEMES).nullish(),
};

export const createTaskSchema = z.object(taskFields);
export type CreateTaskInput = z.infer<typeof createTaskSchema>;

/** X2C's batch form: shared `source` and callback fields apply to every dataset. */
export const createTasksBatchSchema = z.object({
  datasets: z.array(z.record(z.string(), z.unknown())).min(1).max(100),
  source: optionalText(100),
  callback_url: taskFields.callback_url,
  callback_secret: taskFields.callback_secret,
  callback_scheme: taskFields.callback_scheme,
});

export const updateTaskSchema = z
  .object({
    ...taskFields,
    title: taskFields.title.optional(),
    status: z.enum(['active', 'paused']).optional(),
    expires_at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'nothing to update',
    params: { reason: 'nothing_to_update' },
  });
export type UpdateTaskInput = z.infer<typeof updateTaskSchema>;

export const listTasksQuerySchema = z.object({
  status: z.enum(['active', 'paused', 'expired']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const endpointSchema = z.object({
  url: text(2048).min(1),
  secret: taskFields.callback_secret,
  scheme: taskFields.callback_scheme,
});
