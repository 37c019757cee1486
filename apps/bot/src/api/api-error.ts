import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** A request the API refuses; rendered as `{"success": false, "error", "field"}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: ContentfulStatusCode;
  readonly field: string | undefined;
  constructor(status: ContentfulStatusCode, message: string, field?: string) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

export function errorBody(message: string, field?: string) {
  return field === undefined
    ? { success: false as const, error: message }
    : { success: false as const, error: message, field };
}

/** The first problem zod found, said plainly: `title is required`, `duration: Too big: ...`. */
export function fromZodError(error: z.ZodError, prefix = ''): ApiError {
  const issue = error.issues[0];
  if (!issue) return new ApiError(400, 'invalid request');
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  if (!field) return new ApiError(400, issue.message);
  const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
  return new ApiError(400, missing ? `${field} is required` : `${field}: ${issue.message}`, field);
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
