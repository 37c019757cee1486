import { randomBytes } from 'node:crypto';
import { generateSecret } from '@dramarelay/receiver-verify';
import type { SigningScheme } from '@dramarelay/webhook-notifier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverTaskCompleted } from './deliver-with-notifier.js';
import { freePort } from './free-port.js';
import { postWebhook } from './post-webhook.js';
import { type ExampleProcess, type RunningExample, startExample } from './start-example.js';
import { DRAMA_TITLE, pythonStyleJson, taskCompletedSample } from './task-completed-sample.js';

export interface ReceiverExample {
  /** How to run the example so that it listens on `port` (it also gets `PORT`). */
  launch(port: number): Pick<ExampleProcess, 'command' | 'args' | 'cwd'> & {
    env?: Record<string, string>;
    /** Default: the `listening on http://127.0.0.1:<port>` line every example prints. */
    ready?: RegExp;
  };
  /** The webhook route. Default `/webhooks`. */
  path?: string;
}

const SCHEMES: readonly SigningScheme[] = ['standard-webhooks', 'legacy'];
const LISTENING = /listening on http:\/\/127\.0\.0\.1:\d+/;
const FIVE_MINUTES = 300;
// The rule of docs/receiving-webhooks.md: not authentic or not fresh is 401, malformed is 400.
const STATUS_OF: Record<string, 400 | 401> = {
  no_matching_signature: 401,
  timestamp_too_old: 401,
  timestamp_too_new: 401,
  missing_header: 400,
  invalid_timestamp: 400,
  invalid_json: 400,
};

/** A fresh `whsec_` key, or a plain legacy secret like the ones X2C integrators chose. */
function secretFor(scheme: SigningScheme): string {
  return scheme === 'legacy' ? `x2c_secret_${randomBytes(6).toString('hex')}` : generateSecret();
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/**
 * The behaviour every receiver example promises, checked for both schemes against the example
 * running as a real process: it accepts a real delivery from the notifier (Chinese text
 * intact), answers a redelivered `webhook-id` without handling it twice, and refuses requests
 * with the reason and the status every document promises: 401 when the signature or the
 * timestamp fails (tampered, forged, stale, future), 400 when the request is malformed
 * (unsigned, a timestamp that is no number, a signed body that is not JSON).
 *
 * @example
 * describeReceiver('Express', { launch: () => ({ command: process.execPath, args: ['--import', 'tsx', 'src/server.ts'], cwd }) });
 */
export function describeReceiver(name: string, example: ReceiverExample): void {
  for (const scheme of SCHEMES) {
    describe(`${name} receiver, ${scheme} scheme`, () => {
      const secret = secretFor(scheme);
      const legacy = scheme === 'legacy';
      let running: RunningExample;
      let url: string;

      beforeAll(async () => {
        const port = await freePort();
        const { env, ready, ...spec } = example.launch(port);
        running = await startExample({
          ...spec,
          ready: ready ?? LISTENING,
          env: { PORT: String(port), WEBHOOK_SECRET: secret, SCHEME: scheme, ...env },
        });
        url = `http://127.0.0.1:${port}${example.path ?? '/webhooks'}`;
      });
      afterAll(() => running?.stop());

      const expectRejected = async (
        send: () => Promise<{ status: number; text: string }>,
        reason: string,
      ) => {
        const from = running.output().length;
        const response = await send();
        expect({ status: response.status, body: JSON.parse(response.text) }).toEqual({
          status: STATUS_OF[reason],
          body: { error: reason },
        });
        await running.waitForOutput(`rejected ${reason}`, from);
        expect(running.output().slice(from)).not.toContain('accepted');
      };

      it('accepts a real delivery from the notifier and reads the Chinese title intact', async () => {
        const from = running.output().length;
        const { messageId, delivery, attempts } = await deliverTaskCompleted({
          url,
          scheme,
          secret,
        });
        expect(attempts.map((attempt) => [attempt.statusCode, attempt.error])).toEqual([
          [204, null],
        ]);
        expect(delivery.status).toBe('delivered');
        const id = legacy ? '-' : messageId;
        await running.waitForOutput(`accepted ${id} task.completed ${DRAMA_TITLE}`, from);
      });

      if (!legacy) {
        it('handles a redelivered webhook-id once, and still answers 204 so retries stop', async () => {
          const from = running.output().length;
          const { messageId, attempts } = await deliverTaskCompleted({
            url,
            scheme,
            secret,
            times: 2,
          });
          expect(attempts.map((attempt) => attempt.statusCode)).toEqual([204, 204]);
          // One line per request: wait for both, then see what each said.
          const line = `(accepted|duplicate) ${messageId}`;
          await running.waitForOutput(new RegExp(`${line}[\\s\\S]*${line}`), from);
          const said = running.output().slice(from);
          expect([
            occurrences(said, `accepted ${messageId}`),
            occurrences(said, `duplicate ${messageId}`),
          ]).toEqual([1, 1]);
        });
      }

      it('verifies the raw bytes: accepts JSON that a re-serialisation would change (the original Node sample re-serialised)', async () => {
        const body = pythonStyleJson(taskCompletedSample());
        expect(JSON.stringify(JSON.parse(body))).not.toBe(body);
        const from = running.output().length;
        const response = await postWebhook({ url, scheme, secret, body });
        expect(response.status).toBe(204);
        const id = legacy ? '-' : response.id;
        await running.waitForOutput(`accepted ${id} task.completed ${DRAMA_TITLE}`, from);
      });

      it('rejects a tampered body with 401 no_matching_signature', async () => {
        const signedBody = JSON.stringify(taskCompletedSample());
        const body = signedBody.replace('"node_power_earned":50', '"node_power_earned":5000');
        expect(body).not.toBe(signedBody);
        await expectRejected(
          () => postWebhook({ url, scheme, secret, body, signedBody }),
          'no_matching_signature',
        );
      });

      it('rejects a timestamp more than five minutes old with 401 timestamp_too_old', async () => {
        const timestamp = Math.floor(Date.now() / 1000) - 2 * FIVE_MINUTES;
        const body = JSON.stringify(taskCompletedSample());
        await expectRejected(
          () => postWebhook({ url, scheme, secret, body, timestamp }),
          'timestamp_too_old',
        );
      });

      it('rejects a timestamp more than five minutes ahead with 401 timestamp_too_new', async () => {
        const timestamp = Math.floor(Date.now() / 1000) + 2 * FIVE_MINUTES;
        const body = JSON.stringify(taskCompletedSample());
        await expectRejected(
          () => postWebhook({ url, scheme, secret, body, timestamp }),
          'timestamp_too_new',
        );
      });

      it('rejects an unsigned request with 400 missing_header', async () => {
        const body = JSON.stringify(taskCompletedSample());
        await expectRejected(
          () => postWebhook({ url, scheme, secret, body, signed: false }),
          'missing_header',
        );
      });

      it('rejects a timestamp that is not unix seconds with 400 invalid_timestamp', async () => {
        const body = JSON.stringify(taskCompletedSample());
        const header = legacy ? 'x-webhook-timestamp' : 'webhook-timestamp';
        await expectRejected(
          () => postWebhook({ url, scheme, secret, body, replace: { [header]: '2026-01-15' } }),
          'invalid_timestamp',
        );
      });

      it('rejects a correctly signed body that is not JSON with 400 invalid_json', async () => {
        await expectRejected(
          () => postWebhook({ url, scheme, secret, body: 'task completed, honestly' }),
          'invalid_json',
        );
      });

      it('never trusts a secret sent in a header (the original X-Webhook-Secret let anyone forge)', async () => {
        const body = JSON.stringify(taskCompletedSample());
        await expectRejected(
          () =>
            postWebhook({
              url,
              scheme,
              secret: secretFor(scheme),
              body,
              headers: { 'x-webhook-secret': secret },
            }),
          'no_matching_signature',
        );
      });
    });
  }
}
