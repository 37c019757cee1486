import { z } from 'zod';
import { ApiError } from '../api/api-error.js';
import { storableString } from '../database/storable-text.js';
import { subscriptionProblem } from '../notifications/event-catalog.js';
import { endpointSchema } from '../tasks/task-input.js';

const eventType = storableString().superRefine((pattern, ctx) => {
  const problem = subscriptionProblem(pattern);
  if (problem)
    ctx.addIssue({ code: 'custom', message: problem, params: { reason: 'invalid_event_type' } });
});

/** Every endpoint field the API takes; `[]` or no `event_types` subscribes to every event. */
const endpointFields = {
  ...endpointSchema.shape,
  event_types: z.array(eventType).max(20, 'at most 20 event types'),
  description: storableString().trim().max(500).nullable(),
  metadata: z
    .record(storableString().min(1).max(64), storableString().max(512))
    .refine((m) => Object.keys(m).length <= 20, 'at most 20 entries'),
  rate_limit_per_second: z
    .number({ error: 'must be a whole number of deliveries per second, at least 1' })
    .int('must be a whole number of deliveries per second, at least 1')
    .min(1, 'must be at least 1 (leave it out, or null, for no limit)')
    .max(10_000)
    .nullable(),
};

export const createEndpointSchema = z.object({
  ...endpointFields,
  event_types: endpointFields.event_types.optional(),
  description: endpointFields.description.optional(),
  metadata: endpointFields.metadata.optional(),
  rate_limit_per_second: endpointFields.rate_limit_per_second.optional(),
});
export type CreateEndpointInput = z.infer<typeof createEndpointSchema>;

export const updateEndpointSchema = z
  .object({
    url: endpointFields.url.optional(),
    secret: z.string().pipe(storableString().min(8).max(512)).optional(),
    scheme: z.enum(['standard-webhooks', 'legacy']).optional(),
    event_types: endpointFields.event_types.optional(),
    description: endpointFields.description.optional(),
    metadata: endpointFields.metadata.optional(),
    rate_limit_per_second: endpointFields.rate_limit_per_second.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'nothing to update',
    params: { reason: 'nothing_to_update' },
  });
export type UpdateEndpointInput = z.infer<typeof updateEndpointSchema>;

/**
 * A field this route does not know is refused rather than dropped: a typo such as
 * `event_type` would otherwise subscribe the endpoint to every event.
 */
export function refuseUnknownFields(body: Record<string, unknown>): void {
  const unknown = Object.keys(body).find((name) => !(name in endpointFields));
  if (unknown !== undefined) {
    throw new ApiError(
      400,
      'invalid_field',
      `${unknown} is not a field of an endpoint (use ${Object.keys(endpointFields).join(', ')})`,
      unknown,
    );
  }
}
