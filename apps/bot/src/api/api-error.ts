import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** Why a request was refused, for programs: the `reason` of every error body. */
export type ApiErrorReason =
  | 'missing_api_key'
  | 'invalid_api_key'
  | 'missing_metrics_token'
  | 'invalid_metrics_token'
  | 'not_found'
  | 'body_required'
  | 'body_incomplete'
  | 'invalid_json'
  | 'body_not_object'
  | 'missing_field'
  | 'invalid_field'
  | 'text_contains_nul'
  | 'nothing_to_update'
  | 'duplicate_task_id'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'bad_request'
  | 'malformed_request'
  | 'internal_error'
  | 'invalid_filter'
  | 'invalid_time'
  | 'invalid_cursor'
  | 'endpoint_disabled'
  | 'no_endpoint'
  | 'webhook_refused'
  | 'too_many_endpoints'
  | 'invalid_event_type'
  | 'duplicate_endpoint'
  | 'task_endpoint'
  | 'store_unavailable';

/**
 * A request the API refuses; rendered as `{"success": false, "reason", "error", "field"}`:
 * `reason` for programs, `error` for people, `field` when one field (or header) is at fault.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: ContentfulStatusCode;
  readonly reason: ApiErrorReason;
  readonly field: string | undefined;
  constructor(
    status: ContentfulStatusCode,
    reason: ApiErrorReason,
    message: string,
    field?: string,
  ) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.field = field;
  }
}

export function errorBody(reason: ApiErrorReason, message: string, field?: string) {
  return field === undefined
    ? { success: false as const, reason, error: message }
    : { success: false as const, reason, error: message, field };
}

/** The first problem zod found, said plainly: `title is required`, `duration: Too big: ...`. */
export function fromZodError(error: z.ZodError, prefix = ''): ApiError {
  const issue = error.issues[0];
  if (!issue) return new ApiError(400, 'bad_request', 'invalid request');
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  const reason = reasonOf(issue);
  if (!field) return new ApiError(400, reason, issue.message);
  return new ApiError(
    400,
    reason,
    reason === 'missing_field' ? `${field} is required` : `${field}: ${issue.message}`,
    field,
  );
}

function reasonOf(issue: z.core.$ZodIssue): ApiErrorReason {
  const given =
    issue.code === 'custom' ? (issue.params as { reason?: unknown })?.reason : undefined;
  if (typeof given === 'string') return given as ApiErrorReason;
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    return 'missing_field';
  }
  return 'invalid_field';
}

/** Validates with a zod schema, throwing the first problem as a 400. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix = '',
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, prefix);
  return result.data;
}
