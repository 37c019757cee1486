import { NotifierError } from '@dramarelay/webhook-notifier';
import { ApiError } from './api-error.js';

/** The admin surface's argument names, as this API spells them. */
const FIELD_NAMES: Record<string, string> = {
  endpointId: 'endpoint',
  eventType: 'event_type',
  deliveryId: 'id',
  batchSize: 'limit',
};

/**
 * Runs an admin call, turning its refusals into API errors: bad filters are 400s with the
 * field as the API names it, unknown ids 404s, a disabled endpoint a 409.
 */
export async function adminCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof NotifierError ? apiErrorOf(error, what) : error;
  }
}

function apiErrorOf(error: NotifierError, what: string): ApiError | NotifierError {
  const field = error.field === undefined ? undefined : (FIELD_NAMES[error.field] ?? error.field);
  switch (error.reason) {
    case 'not_found':
      return new ApiError(404, 'not_found', `${what} not found`);
    case 'endpoint_disabled':
      return new ApiError(409, 'endpoint_disabled', error.message, 'endpoint');
    case 'invalid_filter':
    case 'invalid_argument': {
      const reason =
        field === 'cursor'
          ? 'invalid_cursor'
          : field === 'since' || field === 'until'
            ? 'invalid_time'
            : 'invalid_filter';
      return new ApiError(
        400,
        reason,
        error.message.replace(error.field ?? '', field ?? ''),
        field,
      );
    }
    case 'destination_refused':
    case 'invalid_endpoint':
    case 'invalid_secret':
    case 'missing_secret':
      return new ApiError(400, 'invalid_field', error.message, field);
    default:
      return error;
  }
}
