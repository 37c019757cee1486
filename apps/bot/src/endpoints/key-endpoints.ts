import type { EndpointInfo, Notifier } from '@dramarelay/webhook-notifier';
import { NotifierError } from '@dramarelay/webhook-notifier';
import type { Transaction } from 'kysely';
import { ApiError } from '../api/api-error.js';
import { keyEndpointId } from '../notifications/endpoint-ids.js';
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
  const eventTypes = input.event_types ?? [];
  await refuseDuplicate(deps.endpoints, apiKeyId, callback.url, eventTypes);
  const endpoint = await notifierCall(() =>
    deps.endpoints.create({
      ...(id !== undefined && { id }),
      tenant: apiKeyId,
      url: callback.url,
      scheme: callback.scheme,
      secrets: callback.secret,
      eventTypes,
      ...(input.description != null && { description: input.description }),
      ...(input.metadata !== undefined && { metadata: input.metadata }),
      ...(input.rate_limit_per_second != null && {
        rateLimit: { perSecond: input.rate_limit_per_second },
      }),
    }),
  );
  return { endpoint, generatedSecret: callback.generatedSecret };
}

/** Changes an endpoint of the key; its waiting deliveries follow a new URL, secret or scheme. */
export async function updateKeyEndpoint(
  deps: KeyEndpointDeps,
  current: EndpointInfo,
  input: UpdateEndpointInput,
  secrets: readonly string[],
): Promise<EndpointInfo> {
  const touched =
    input.url !== undefined || input.secret !== undefined || input.scheme !== undefined;
  const callback = touched
    ? settleCallback(deps, {
        url: input.url ?? current.url,
        // A new scheme without a new secret keeps the secret, if it can sign with that scheme.
        secret: input.secret ?? secrets[0],
        scheme: input.scheme ?? (input.secret === undefined ? current.scheme : undefined),
      })
    : undefined;
  const url = callback?.url ?? current.url;
  const eventTypes = input.event_types ?? current.eventTypes ?? [];
  if (input.url !== undefined || input.event_types !== undefined) {
    await refuseDuplicate(deps.endpoints, current.tenant ?? '', url, eventTypes, current.id);
  }
  return notifierCall(() =>
    deps.endpoints.update(current.id, {
      ...(callback && { url: callback.url, scheme: callback.scheme, secrets: callback.secret }),
      ...(input.event_types !== undefined && { eventTypes: input.event_types }),
      ...(input.description !== undefined && { description: input.description ?? undefined }),
      ...(input.metadata !== undefined && { metadata: input.metadata }),
      ...(input.rate_limit_per_second !== undefined && {
        rateLimit:
          input.rate_limit_per_second === null
            ? undefined
            : { perSecond: input.rate_limit_per_second },
      }),
    }),
  );
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

const sameSet = (a: readonly string[], b: readonly string[]) =>
  new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));

/** A second endpoint of the key with the same URL and subscriptions would only send twice. */
async function refuseDuplicate(
  endpoints: EndpointRecords,
  apiKeyId: string,
  url: string,
  eventTypes: readonly string[],
  except?: string,
) {
  const twin = (await listKeyEndpoints(endpoints, apiKeyId)).find(
    (e) => e.id !== except && e.url === url && sameSet(e.eventTypes ?? [], eventTypes),
  );
  if (twin) {
    throw new ApiError(
      400,
      'duplicate_endpoint',
      `endpoint ${twin.id} already sends the same event types to this url`,
      'url',
    );
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

export const isDefaultEndpoint = (apiKeyId: string, id: string) => id === keyEndpointId(apiKeyId);
