export { type AdminOptions, createAdmin, type WebhookAdmin } from './admin/create-admin.js';
export type { DeliveryFilter } from './admin/delivery-filter.js';
export type {
  DeliveryStats,
  DeliveryStatsOptions,
  DeliveryStatsRow,
  LatencyPercentiles,
} from './admin/delivery-stats.js';
export type { DisableEndpointOptions } from './admin/disable-endpoint.js';
export type { EndpointHealth, EndpointState } from './admin/endpoint-view.js';
export type { DeliveryPage, ListDeliveriesQuery } from './admin/list-deliveries.js';
export type { EndpointPage, ListEndpointsOptions } from './admin/list-endpoints.js';
export type { PruneResult, RetentionPolicy } from './admin/prune.js';
export type { ReplayOptions, ReplayProgress, ReplayResult } from './admin/replay.js';
export { DEFAULT_ROTATION_OVERLAP_MS, type RotateSecretOptions } from './admin/rotate-secret.js';
export type { DeliveryDetail } from './admin/show-delivery.js';
export type { EndpointChanges } from './admin/update-endpoint.js';
export type { BreakerOptions } from './breaker/circuit-breaker.js';
export {
  createNotifier,
  type EndpointInfo,
  type Notifier,
  type StopOptions,
  type StopSummary,
} from './engine/create-notifier.js';
export type { RoundSummary } from './engine/dispatcher.js';
export type { EndpointInput } from './engine/endpoint-input.js';
export type { EnqueueReceipt, EnqueueRequest } from './engine/enqueue.js';
export type {
  AttemptFinishedEvent,
  AttemptRef,
  DeliveredEvent,
  EndpointDisabledEvent,
  EndpointPausedEvent,
  EngineErrorEvent,
  FailedEvent,
  FailureReason,
  NotifierEventName,
  NotifierEvents,
  NotifierListener,
  RetentionPrunedEvent,
  RetryScheduledEvent,
} from './engine/events.js';
export type { LogFn, Logger } from './engine/logger.js';
export type {
  Clock,
  NotifierLimits,
  NotifierOptions,
  RetentionOptions,
} from './engine/options.js';
export { DeliveryError } from './errors/delivery-error.js';
export {
  NotifierError,
  type NotifierErrorDetails,
  type NotifierErrorReason,
} from './errors/notifier-error.js';
export {
  createGuardedConnector,
  type GuardedConnectorOptions,
} from './http/guarded-connector.js';
export {
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  TransportError,
  type TransportErrorCode,
} from './http/transport.js';
export { createUndiciTransport, type UndiciTransportOptions } from './http/undici-transport.js';
export { createIdGenerator, type IdGenerator } from './ids/time-ordered-id.js';
export {
  type ClassifyOptions,
  classifyError,
  classifyResponse,
  type Verdict,
} from './retry/classify.js';
export { parseRetryAfter } from './retry/retry-after.js';
export { type Jitter, type RetryPolicy, retryDelay, retryPresets } from './retry/retry-policy.js';
export type { EndpointDefinition } from './routing/endpoint-definition.js';
export type {
  EndpointRecordPage,
  EndpointRegistry,
  ListEndpointRecordsOptions,
} from './routing/endpoint-registry.js';
export { matchesEventType } from './routing/event-type-pattern.js';
export type { SendReceipt, SendRequest } from './routing/send.js';
export * from './ssrf/index.js';
export type * from './store/admin-store.js';
export type * from './store/delivery-store.js';
export { MemoryStore } from './store/memory-store.js';
export type * from './store/routing-store.js';
export { VERSION } from './version.js';
