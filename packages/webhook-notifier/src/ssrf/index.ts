export { checkDestination, resolveDestination } from './check-destination.js';
export {
  type ForbiddenAddressReason,
  forbiddenAddressReason,
  parseIpAddress,
} from './classify-address.js';
export { type CompiledSsrfPolicy, compileSsrfPolicy } from './compile-ssrf-policy.js';
export { DestinationRefusedError } from './destination-refused-error.js';
export { createGuardedLookup } from './guarded-lookup.js';
export type {
  DestinationAllowed,
  DestinationCheck,
  DestinationRefusal,
  DestinationRefused,
  DestinationResolved,
  LookupFunction,
  SsrfPolicy,
} from './ssrf-policy.js';
