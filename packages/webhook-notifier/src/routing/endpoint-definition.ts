import { targetPatch } from '../admin/update-endpoint.js';
import { normaliseEndpoint } from '../engine/endpoint-input.js';
import { NotifierError } from '../errors/notifier-error.js';
import type { SsrfPolicy } from '../ssrf/ssrf-policy.js';
import type { EndpointPatch, EndpointRecord, SigningScheme } from '../store/delivery-store.js';
import type { NewEndpoint } from '../store/routing-store.js';
import { checkEventTypePatterns } from './event-type-pattern.js';

/** An endpoint record to create with `notifier.endpoints.create`. */
export interface EndpointDefinition {
  /** Default: a generated `ep_...` id. */
  id?: string;
  /** The application's own id for the customer owning it (1 to 256 characters). */
  tenant?: string | null;
  /** Checked against the notifier's SSRF policy, as an inline endpoint's. */
  url: string;
  /** Default `'standard-webhooks'`. */
  scheme?: SigningScheme;
  secrets: string | readonly string[];
  /**
   * Exact event types (`task.completed`) and prefix wildcards (`task.*`: every type starting
   * with `task.`). Absent or `[]`: every event type.
   */
  eventTypes?: readonly string[];
  /** Up to 1024 characters. */
  description?: string | null;
  /** Up to 50 string labels (keys 1 to 64 characters, values up to 512; 8 KiB in all). */
  metadata?: Record<string, string>;
  /** Its attempts' timeout instead of `limits.timeoutMs` (less than `limits.leaseMs`). */
  timeoutMs?: number | null;
  /** Its attempts in flight per worker instead of `limits.perEndpointConcurrency` (1 to 1000). */
  concurrency?: number | null;
  /** Created (or set) disabled: kept, but nothing is sent to it and `send` skips it. */
  disabled?: boolean;
}

/** The limits a definition is checked against. */
export interface DefinitionRules {
  ssrf: SsrfPolicy | false;
  /** Timeouts must be shorter than the lease. */
  leaseMs: number;
}

const MAX_TENANT = 256;
const MAX_DESCRIPTION = 1024;
const MAX_METADATA_KEYS = 50;
const MAX_METADATA_KEY = 64;
const MAX_METADATA_VALUE = 512;
const MAX_METADATA_BYTES = 8 * 1024;
const MAX_CONCURRENCY = 1000;

const invalid = (field: string, message: string) =>
  new NotifierError('invalid_endpoint', `${field} ${message}`, { field });

/**
 * Checks a whole definition (nothing is stored before) and returns the record to store.
 * The URL meets the SSRF policy and the scheme and secrets the checks of an inline endpoint;
 * the secrets' ability to sign is checked by the caller (it is asynchronous).
 *
 * @example
 * normaliseDefinition({ url, secrets, eventTypes: ['task.*'] }, rules, 'ep_01J...');
 */
export function normaliseDefinition(
  definition: EndpointDefinition,
  rules: DefinitionRules,
  generatedId: string,
): NewEndpoint {
  if (typeof definition !== 'object' || definition === null) {
    throw invalid('definition', 'must be an object');
  }
  const id = definition.id ?? generatedId;
  const endpoint = normaliseEndpoint(
    { id, url: definition.url, secrets: definition.secrets, scheme: definition.scheme },
    rules.ssrf,
    '',
  );
  return {
    ...endpoint,
    tenant: checkTenant(definition.tenant, 'tenant') ?? null,
    eventTypes: checkEventTypePatterns(definition.eventTypes, 'eventTypes'),
    description: checkDescription(definition.description) ?? null,
    metadata: checkMetadata(definition.metadata) ?? {},
    timeoutMs: checkTimeout(definition.timeoutMs, rules.leaseMs) ?? null,
    concurrency: checkConcurrency(definition.concurrency) ?? null,
    status: checkDisabled(definition.disabled) ? 'disabled' : 'active',
  };
}

/**
 * Checks the changes to a registered endpoint and returns the patch: the URL, scheme and
 * secrets as `normaliseDefinition` does over the current values, the rest field by field.
 *
 * @example
 * normaliseChanges(current, { eventTypes: ['task.completed'] }, rules);
 */
export function normaliseChanges(
  current: EndpointRecord,
  changes: Partial<EndpointDefinition>,
  rules: DefinitionRules,
): EndpointPatch {
  if (typeof changes !== 'object' || changes === null) {
    throw invalid('changes', 'must be an object');
  }
  if (changes.id !== undefined && changes.id !== current.id) {
    throw invalid('id', 'cannot change');
  }
  const { patch } = targetPatch(current, changes, rules.ssrf, '');
  if (changes.tenant !== undefined) patch.tenant = checkTenant(changes.tenant, 'tenant') ?? null;
  if (changes.eventTypes !== undefined) {
    patch.eventTypes = checkEventTypePatterns(changes.eventTypes, 'eventTypes');
  }
  if (changes.description !== undefined) {
    patch.description = checkDescription(changes.description) ?? null;
  }
  if (changes.metadata !== undefined) patch.metadata = checkMetadata(changes.metadata) ?? {};
  if (changes.timeoutMs !== undefined) {
    patch.timeoutMs = checkTimeout(changes.timeoutMs, rules.leaseMs) ?? null;
  }
  if (changes.concurrency !== undefined) {
    patch.concurrency = checkConcurrency(changes.concurrency) ?? null;
  }
  if (changes.disabled !== undefined)
    Object.assign(patch, statusPatch(checkDisabled(changes.disabled)));
  return patch;
}

/**
 * A tenant id: 1 to 256 characters; `null` or absent: none. `invalid_endpoint` naming `field`
 * (`NotifierError('invalid_argument')` when `reason` says so).
 *
 * @example
 * checkTenant('key_42', 'tenant'); // 'key_42'
 */
export function checkTenant(
  value: unknown,
  field: string,
  reason: 'invalid_endpoint' | 'invalid_argument' | 'invalid_filter' = 'invalid_endpoint',
): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TENANT) {
    throw new NotifierError(reason, `${field} must be 1 to ${MAX_TENANT} characters`, { field });
  }
  return value;
}

/** What enabling or disabling an endpoint by its definition sets. */
function statusPatch(disabled: boolean): EndpointPatch {
  return disabled
    ? { status: 'disabled', disabledCause: 'manual', disabledReason: 'disabled by its definition' }
    : {
        status: 'active',
        disabledCause: null,
        disabledReason: null,
        disabledAt: null,
        pausedUntil: null,
        consecutiveFailures: 0,
        failingSince: null,
      };
}

function checkDescription(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string' || value.length > MAX_DESCRIPTION) {
    throw invalid('description', `must be a string of at most ${MAX_DESCRIPTION} characters`);
  }
  return value;
}

function checkMetadata(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('metadata', 'must be an object of strings');
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_METADATA_KEYS) {
    throw invalid('metadata', `must have at most ${MAX_METADATA_KEYS} keys`);
  }
  for (const [key, text] of entries) {
    if (key.length === 0 || key.length > MAX_METADATA_KEY) {
      throw invalid('metadata', `keys must be 1 to ${MAX_METADATA_KEY} characters`);
    }
    if (typeof text !== 'string' || text.length > MAX_METADATA_VALUE) {
      throw invalid(
        'metadata',
        `values must be strings of at most ${MAX_METADATA_VALUE} characters`,
      );
    }
  }
  const copy = Object.fromEntries(entries) as Record<string, string>;
  if (Buffer.byteLength(JSON.stringify(copy)) > MAX_METADATA_BYTES) {
    throw invalid('metadata', `must be at most ${MAX_METADATA_BYTES} bytes as JSON`);
  }
  return copy;
}

function checkTimeout(value: unknown, leaseMs: number): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) >= leaseMs) {
    throw invalid(
      'timeoutMs',
      `must be an integer from 1 to ${leaseMs - 1} (below limits.leaseMs)`,
    );
  }
  return value as number;
}

function checkConcurrency(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_CONCURRENCY) {
    throw invalid('concurrency', `must be an integer from 1 to ${MAX_CONCURRENCY}`);
  }
  return value as number;
}

function checkDisabled(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalid('disabled', 'must be a boolean');
  return value;
}
