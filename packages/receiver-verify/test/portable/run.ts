// Runs the BUILT package on Deno and Bun with no test framework: `pnpm build` first, then
// `pnpm test:deno` / `pnpm test:bun`. Prints "N passed, 0 failed"; exits 1 on any failure.
import vectors from '../../../test-utils/fixtures/standard-webhooks.json' with { type: 'json' };
import type * as Api from '../../src/web.js';

type Runtime = 'deno' | 'bun' | 'node';
const runtime: Runtime = 'Deno' in globalThis ? 'deno' : 'Bun' in globalThis ? 'bun' : 'node';

// Specifiers in variables, so `tsc` type-checks this file without a build.
const entries: [name: string, specifier: string][] = [['web', '../../dist/web.js']];
if (runtime !== 'node') entries.push(['node', '../../dist/node.js']);

let passed = 0;
let failed = 0;

async function check(name: string, run: () => unknown): Promise<void> {
  try {
    await run();
    passed++;
  } catch (error) {
    failed++;
    console.error(`FAIL ${name}:`, error);
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function equal(actual: unknown, expected: unknown, message: string): void {
  const [a, b] = [JSON.stringify(actual), JSON.stringify(expected)];
  assert(a === b, `${message}: expected ${b}, got ${a}`);
}

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { reason?: string }).reason ?? `not a verification error: ${String(error)}`;
  }
  return 'resolved';
}

const replaceAt = (text: string, i: number, char: string) =>
  text.slice(0, i) + char + text.slice(i + 1);
const encoder = new TextEncoder();
const title = '《霸道总裁爱上我》第1集 🎬';

for (const [entry, specifier] of entries) {
  const api: typeof Api = await import(specifier);
  const label = (name: string) => `${runtime}/${entry}: ${name}`;

  for (const vector of vectors.vectors) {
    const headers = {
      'webhook-id': vector.id,
      'webhook-timestamp': String(vector.timestamp),
      'webhook-signature': vector.signature,
    };
    const options = { now: () => vector.timestamp * 1000 };
    const verifyWith = (
      changes: Partial<typeof headers>,
      body: string | Uint8Array = vector.body,
    ) => reason(api.verify(body, { ...headers, ...changes }, vector.secret, options));

    await check(label(`vector ${vector.id} verifies and signs`), async () => {
      equal(
        await api.verify(vector.body, headers, vector.secret, options),
        JSON.parse(vector.body),
        'payload',
      );
      const signed = await api.sign({
        id: vector.id,
        timestamp: vector.timestamp,
        body: vector.body,
        secrets: vector.secret,
      });
      equal(signed['webhook-signature'], vector.signature, 'signature');
    });

    await check(label(`vector ${vector.id}: every changed body byte fails`), async () => {
      const body = encoder.encode(vector.body);
      for (let i = 0; i < body.length; i++) {
        const tampered = body.slice();
        tampered[i]! ^= 1;
        equal(await verifyWith({}, tampered), 'no_matching_signature', `byte ${i}`);
      }
    });

    await check(
      label(`vector ${vector.id}: every changed id, timestamp, signature character fails`),
      async () => {
        for (let i = 0; i < vector.id.length; i++) {
          const id = replaceAt(vector.id, i, vector.id[i] === 'x' ? 'y' : 'x');
          equal(await verifyWith({ 'webhook-id': id }), 'no_matching_signature', `id ${i}`);
        }
        const timestamp = String(vector.timestamp);
        for (let i = 0; i < timestamp.length; i++) {
          const changed = replaceAt(timestamp, i, String((Number(timestamp[i]) + 1) % 10));
          const delta = Number(changed) - vector.timestamp;
          const expected =
            delta > 300
              ? 'timestamp_too_new'
              : delta < -300
                ? 'timestamp_too_old'
                : 'no_matching_signature';
          equal(await verifyWith({ 'webhook-timestamp': changed }), expected, `timestamp ${i}`);
          equal(
            await verifyWith({ 'webhook-timestamp': replaceAt(timestamp, i, 'x') }),
            'invalid_timestamp',
            `timestamp ${i}`,
          );
        }
        for (let i = 3; i < vector.signature.length; i++) {
          for (const char of 'AEQgw019+/=') {
            if (char === vector.signature[i]) continue;
            const signature = replaceAt(vector.signature, i, char);
            equal(
              await verifyWith({ 'webhook-signature': signature }),
              'no_matching_signature',
              `signature ${i}`,
            );
          }
        }
      },
    );
  }

  await check(label('Chinese text and emoji, as text and as bytes, with rotation'), async () => {
    const body = JSON.stringify({ event: 'task.completed', data: { task_title: title } });
    const secrets = [api.generateSecret(), api.generateSecret()];
    const headers = await api.sign({
      id: 'msg_zh',
      timestamp: new Date(),
      body,
      secrets: secrets[1]!,
    });
    equal(await api.verify(body, headers, secrets), JSON.parse(body), 'text');
    equal(
      await api.verify(encoder.encode(body), new Headers(headers), secrets),
      JSON.parse(body),
      'bytes',
    );
    const escaped = body.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
    equal(
      await reason(api.verify(escaped, headers, secrets)),
      'no_matching_signature',
      're-serialised',
    );
  });

  await check(label('svix-* header names'), async () => {
    const body = '{"ok":true}';
    const secret = api.generateSecret();
    const signed = await api.sign({ id: 'msg_svix', timestamp: new Date(), body, secrets: secret });
    const svix = {
      'Svix-Id': signed['webhook-id'],
      'Svix-Timestamp': signed['webhook-timestamp'],
      'Svix-Signature': signed['webhook-signature'],
    };
    equal(
      await api.verifyWebhook(body, svix, secret),
      {
        scheme: 'standard-webhooks',
        id: 'msg_svix',
        timestamp: Number(signed['webhook-timestamp']),
        payload: { ok: true },
      },
      'svix',
    );
  });

  await check(label('legacy scheme against a Web Crypto HMAC oracle'), async () => {
    const body = JSON.stringify({ task_title: title });
    const secret = 'x2c-秘密';
    const key = await crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const digest = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(body)));
    const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    const headers = await api.sign({
      scheme: 'legacy',
      id: 'unused',
      timestamp: 1767225600,
      body,
      secrets: secret,
      eventType: 'task.completed',
    });
    equal(
      headers,
      {
        'x-webhook-event': 'task.completed',
        'x-webhook-timestamp': '1767225600',
        'x-webhook-signature': `sha256=${hex}`,
      },
      'headers',
    );
    const verified = await api.verifyWebhook(body, headers, secret, { now: () => 1767225600_000 });
    equal(
      [verified.scheme, verified.eventType, verified.payload],
      ['legacy', 'task.completed', { task_title: title }],
      'verified',
    );
    equal(
      await reason(api.verify(`${body} `, headers, secret, { now: () => 1767225600_000 })),
      'no_matching_signature',
      'tampered',
    );
  });

  await check(label('Ed25519 v1a: generate, sign, verify, tamper'), async () => {
    const { secretKey, publicKey } = await api.generateKeyPair();
    const body = JSON.stringify({ title });
    const headers = await api.sign({
      id: 'msg_ed',
      timestamp: new Date(),
      body,
      secrets: [api.generateSecret(), secretKey],
    });
    assert(/^v1,\S{44} v1a,\S{88}$/.test(headers['webhook-signature']!), 'two signatures');
    equal(await api.verify(body, headers, publicKey), { title }, 'verified');
    const other = await api.generateKeyPair();
    equal(
      await reason(api.verify(body, headers, other.publicKey)),
      'no_matching_signature',
      'other key',
    );
    equal(
      await reason(api.verify(`${body} `, headers, publicKey)),
      'no_matching_signature',
      'tampered',
    );
  });

  await check(label('verifyRequest reads a Request once'), async () => {
    const body = JSON.stringify({ title });
    const secret = api.generateSecret();
    const headers = await api.sign({ id: 'msg_req', timestamp: new Date(), body, secrets: secret });
    const request = new Request('https://example.test/hooks', { method: 'POST', body, headers });
    equal(await api.verifyRequest(request, secret), { title }, 'payload');
    assert(request.bodyUsed, 'body used');
    const forged = new Request('https://example.test/hooks', {
      method: 'POST',
      body: '{"title":"x"}',
      headers,
    });
    equal(await reason(api.verifyRequest(forged, secret)), 'no_matching_signature', 'forged');
  });

  await check(label('misuse throws a TypeError synchronously'), () => {
    for (const secret of ['', 'whsec_!!', 'whpk_AAAA']) {
      let thrown: unknown;
      try {
        void api.verify('{}', {}, secret);
      } catch (error) {
        thrown = error;
      }
      assert(thrown instanceof TypeError, `TypeError for ${JSON.stringify(secret)}`);
      assert(
        thrown.message.startsWith('@dramarelay/receiver-verify:'),
        'message names the package',
      );
    }
  });
}

console.log(`${runtime}: ${entries.map(([name]) => `dist/${name}.js`).join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) {
  const deno = (globalThis as { Deno?: { exit(code: number): never } }).Deno;
  if (deno) deno.exit(1);
  process.exit(1);
}
