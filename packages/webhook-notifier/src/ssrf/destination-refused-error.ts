import type { ForbiddenAddressReason } from './classify-address.js';
import type { DestinationRefusal, DestinationRefused } from './ssrf-policy.js';

/**
 * Thrown (or passed to a connect callback) when a destination is refused. `code` lets
 * socket-level code recognise it; `reason` says why in machine-readable form.
 */
export class DestinationRefusedError extends Error {
  override readonly name = 'DestinationRefusedError';
  readonly code = 'ERR_SSRF_REFUSED';
  readonly reason: DestinationRefusal;
  readonly address: string | undefined;
  readonly addressReason: ForbiddenAddressReason | undefined;

  constructor(refusal: Omit<DestinationRefused, 'ok'>) {
    super(refusal.message);
    this.reason = refusal.reason;
    this.address = refusal.address;
    this.addressReason = refusal.addressReason;
  }
}
