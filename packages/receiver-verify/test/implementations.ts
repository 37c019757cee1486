import * as node from '../src/node.js';
import * as web from '../src/web.js';

export type Api = typeof node;

/** Every test runs against both entries: `node:crypto` and Web Crypto. */
export const implementations: readonly [name: string, api: Api][] = [
  ['node', node],
  ['web', web],
];

export const encoder = new TextEncoder();

/** Awaits a rejection and returns the error, failing if the promise resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** The `reason` of a `WebhookVerificationError` rejection. */
export async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await rejection(promise);
  if (!(error instanceof node.WebhookVerificationError)) throw error;
  return error.reason;
}

/** Unix seconds to a clock in milliseconds. */
export const at = (seconds: number) => () => seconds * 1000;
