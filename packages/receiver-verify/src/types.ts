/**
 * A signing scheme. `standard-webhooks` is Standard Webhooks v1 (HMAC-SHA256, `v1`) and v1a
 * (Ed25519, `v1a`); `legacy` is the original relay's `X-Webhook-Signature: sha256=<hex>`.
 */
export type Scheme = 'standard-webhooks' | 'legacy';

/** Request headers: a Fetch `Headers`, or a plain object with names in any letter case. */
export type HeadersLike = Headers | Record<string, string | string[] | undefined>;

/**
 * One secret, or several during a key rotation: any of them may match. Standard Webhooks
 * secrets are `whsec_<base64>` (HMAC) or `whpk_<base64>` (Ed25519 public key); the legacy
 * scheme uses the secret string's UTF-8 bytes as they are.
 */
export type Secrets = string | readonly string[];

export interface VerifyOptions {
  /** Which scheme to expect. Default `'auto'`: `webhook-*`/`svix-*` headers, else `x-webhook-*`. */
  scheme?: Scheme | 'auto';
  /** Accepted clock difference, in seconds, in both directions. Default 300. */
  toleranceSeconds?: number;
  /** The current time in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** What a verified webhook says about itself, apart from its payload. */
export type WebhookMetadata =
  | {
      scheme: 'standard-webhooks';
      /** The `webhook-id`: the same on every retry of one message, so dedupe by it. */
      id: string;
      /** Signed send time, unix seconds. */
      timestamp: number;
      eventType: undefined;
    }
  | {
      scheme: 'legacy';
      /** The legacy scheme has no message id. */
      id: undefined;
      /** `X-Webhook-Timestamp` when present; it is not signed. */
      timestamp: number | undefined;
      /** `X-Webhook-Event` when present; it is not signed. */
      eventType: string | undefined;
    };

/**
 * A verified webhook: its parsed JSON payload (typed `T`, which the signature vouches for but
 * nothing checks) and its metadata. `eventType` is the payload's own `event` or `type` field
 * when the scheme sends no event header (Standard Webhooks); with `legacy` it is the unsigned
 * `X-Webhook-Event` header, or the payload's field when that header is absent.
 */
export type VerifiedWebhook<T = unknown> = (
  | Omit<Extract<WebhookMetadata, { scheme: 'standard-webhooks' }>, 'eventType'>
  | Omit<Extract<WebhookMetadata, { scheme: 'legacy' }>, 'eventType'>
) & {
  /** The event type, e.g. `task.completed`, when the request or the payload names one. */
  eventType: string | undefined;
  payload: T;
};

export interface SignInput {
  /** Default `'standard-webhooks'`. */
  scheme?: Scheme;
  /** The message id (`msg_...`); keep it the same on every retry. Not sent by `legacy`. */
  id: string;
  /** Send time: unix seconds when a number. */
  timestamp: number | Date;
  /** The exact bytes you will send; they are signed as they are. */
  body: string | Uint8Array;
  /** `whsec_` and/or `whsk_` secrets for Standard Webhooks; exactly one string for `legacy`. */
  secrets: Secrets;
  /** Required by `legacy` (sent as `X-Webhook-Event`); ignored by Standard Webhooks. */
  eventType?: string;
}

/** An Ed25519 key pair for Standard Webhooks v1a. */
export interface KeyPair {
  /** `whsk_` + base64 of 64 bytes: the 32-byte seed then the 32-byte public key (libsodium layout). */
  secretKey: string;
  /** `whpk_` + base64 of the 32-byte public key. Give this to receivers. */
  publicKey: string;
}
