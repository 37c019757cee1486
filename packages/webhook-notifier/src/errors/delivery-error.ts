import type { AttemptErrorClass } from '../store/delivery-store.js';

/**
 * Why one attempt did not deliver, as carried by the `attempt.finished`, `retry.scheduled`
 * and `failed` events. The message never contains a secret or a signature.
 *
 * @example
 * notifier.on('failed', ({ error }) => {
 *   if (error.errorClass === 'http_status') console.log(error.status, error.retryable);
 * });
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  /** The HTTP status, or `null` when no response arrived. */
  readonly status: number | null;
  /** 1-based attempt number. */
  readonly attempt: number;
  /** Whether the classification allowed another attempt (the schedule may still be exhausted). */
  readonly retryable: boolean;
  readonly errorClass: AttemptErrorClass;

  constructor(input: {
    message: string;
    status: number | null;
    attempt: number;
    retryable: boolean;
    errorClass: AttemptErrorClass;
  }) {
    super(input.message);
    this.status = input.status;
    this.attempt = input.attempt;
    this.retryable = input.retryable;
    this.errorClass = input.errorClass;
  }

  /** Plain fields, so that `JSON.stringify` of an event keeps the message. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      attempt: this.attempt,
      retryable: this.retryable,
      errorClass: this.errorClass,
    };
  }
}
