import type { EndpointDefinition, EndpointInfo, Notifier } from '@dramarelay/webhook-notifier';
import { NotifierError } from '@dramarelay/webhook-notifier';
import type { Transaction } from 'kysely';
import { ApiError } from '../api/api-error.js';
import { prepareCallback, TaskInputError } from '../tasks/create-tasks.js';
import type { CreateEndpointInput, UpdateEndpointInput } from './endpoint-input.js';

// biome-ignore lint/suspicious/noExplicitAny: the store accepts any application's transaction
export type EndpointRecords = Notifier<Transaction<any>>['endpoints'];

export interface KeyEndpointDeps {
  endpoints: EndpointRecords;
  checkUrl: (url: string) => { ok: true } | { ok: false; message: string };
  generateSecret: () => string;
}

/** Every endpoint record of the key (its tenant), in id order. */
export async function listKeyEndpoints(
  endpoints: EndpointRecords,
  apiKeyId: string,
): Promise<EndpointInfo[]> {
  const all: EndpointInfo[] = [];
  let after: string | undefined;
  do {
    const page = await endpoints.list({ tenant: apiKeyId, limit: 1000, ...(after && { after }) });
    all.push(...page.endpoints);
    after = page.next;
  } while (after !== undefined);
  return all;
}

/**
 * A new endpoint of the key; its secret is generated when not given (and returned, to be
 * shown once). `id` is the default endpoint's when `PUT /api/endpoint` makes it.
 */
export async function createKeyEndpoint(
  deps: KeyEndpointDeps,
  apiKeyId: string,
  input: CreateEndpointInput,
  id?: string,
): Promise<{ endpoint: EndpointInfo; generatedSecret: string | undefined }> {
  const callback = settleCallback(deps, input);
  const definition: EndpointDefinition = {
    ...(id !== undefined && { id }),
    tenant: apiKeyId,
    url: callback.url,
    scheme: callback.scheme,
    secrets: callback.secret,
    eventTypes: input.event_types ?? [],
    description: input.description ?? null,
    ...(input.metadata !== undefined && { metadata: input.metadata }),
    ...(input.rate_limit_per_second != null && {
      rateLimit: { perSecond: input.rate_limit_per_second },
    }),
  };
  const endpoint = await notifierCall(() => deps.endpoints.create(definition));
  return { endpoint, generatedSecret: callback.generatedSecret };
}

/** Changes an endpoint of the key; its waiting deliveries follow a new URL, secret or scheme. */
export async function updateKeyEndpoint(
  deps: KeyEndpointDeps,
  current: EndpointInfo,
  input: UpdateEndpointInput,
  secrets: readonly string[],
): Promise<EndpointInfo> {
  const signing = input.secret !== undefined || input.scheme !== undefined;
  const url = input.url ?? current.url;
  // A new scheme without a new secret keeps the secret, if it can sign with that scheme; a new
  // URL alone keeps every secret (a rotation's too).
  const callback = signing
    ? settleCallback(deps, {
        url,
        secret: input.secret ?? secrets[0],
        scheme: input.scheme ?? (input.secret === undefined ? current.scheme : undefined),
      })
    : input.url !== undefined
      ? settleCallback(deps, { url, secret: secrets[0], scheme: current.scheme })
      : undefined;
  const changes: Partial<EndpointDefinition> = {
    ...(callback && { url: callback.url }),
    ...(callback && signing && { scheme: callback.scheme, secrets: callback.secret }),
    ...(input.event_types !== undefined && { eventTypes: input.event_types }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.metadata !== undefined && { metadata: input.metadata }),
    ...(input.rate_limit_per_second !== undefined && {
      rateLimit:
        input.rate_limit_per_second === null ? null : { perSecond: input.rate_limit_per_second },
    }),
  };
  return notifierCall(() => deps.endpoints.update(current.id, changes));
}

/** The URL, secret and scheme with the rules of a task's callback, named as this API names them. */
export function settleCallback(
  deps: KeyEndpointDeps,
  input: {
    url: string;
    secret?: string | null | undefined;
    scheme?: CreateEndpointInput['scheme'];
  },
) {
  try {
    const callback = prepareCallback(
      deps,
      { callback_url: input.url, callback_secret: input.secret, callback_scheme: input.scheme },
      '',
    );
    return {
      url: callback.url as string,
      secret: callback.secret as string,
      scheme: callback.scheme ?? 'standard-webhooks',
      generatedSecret: callback.generatedSecret,
    };
  } catch (error) {
    if (!(error instanceof TaskInputError)) throw error;
    const rename = (text: string) => text.replaceAll('callback_', '');
    throw new ApiError(400, 'invalid_field', rename(error.message), rename(error.field));
  }
}

/** The notifier's refusals of endpoint input as 400s naming the API's field. */
export async function notifierCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof NotifierError)) throw error;
    const field = FIELDS[error.field ?? ''] ?? error.field;
    switch (error.reason) {
      case 'duplicate_endpoint':
        throw new ApiError(400, 'duplicate_endpoint', error.message, 'url');
      case 'invalid_event_type':
        throw new ApiError(400, 'invalid_event_type', error.message, field ?? 'event_types');
      case 'invalid_rate_limit':
        throw new ApiError(400, 'invalid_field', error.message, 'rate_limit_per_second');
      case 'invalid_endpoint':
      case 'destination_refused':
      case 'invalid_secret':
      case 'missing_secret':
        throw new ApiError(400, 'invalid_field', error.message, field);
      default:
        throw error;
    }
  }
}

const FIELDS: Record<string, string> = {
  eventTypes: 'event_types',
  rateLimit: 'rate_limit_per_second',
  secrets: 'secret',
};
