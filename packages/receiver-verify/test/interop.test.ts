import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect, it } from 'vitest';
import * as node from '../src/node.js';
import * as web from '../src/web.js';
import { encoder, implementations } from './implementations.js';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const payloads = {
  'Chinese title': { event: 'task.completed', data: { task_title: '《霸道总裁爱上我》第1集' } },
  'emoji and accents': { note: 'Ça marche 🎬🔥 — 第二季 👍🏽', n: 3 },
  'ASCII only': { test: 2432232314 },
};
const now = new Date();

describe.each(implementations)('%s: interoperability', (_, api) => {
  describe.each(Object.entries(payloads))('%s', (_, payload) => {
    // Serialised once, like a sender must: these exact bytes are signed and sent.
    const body = JSON.stringify(payload);

    it('verifies what standardwebhooks signs', async () => {
      const signature = new StandardWebhook(secret).sign('msg_std', now, body);
      const headers = {
        'webhook-id': 'msg_std',
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      };
      await expect(api.verify(body, headers, secret)).resolves.toEqual(payload);
      await expect(api.verify(encoder.encode(body), headers, secret)).resolves.toEqual(payload);
    });

    it('verifies what svix signs, under svix-* header names', async () => {
      const signature = new SvixWebhook(secret).sign('msg_svix', now, body);
      const headers = {
        'svix-id': 'msg_svix',
        'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
        'svix-signature': signature,
      };
      await expect(api.verify(Buffer.from(body), headers, secret)).resolves.toEqual(payload);
    });

    it('signs what standardwebhooks and svix verify', async () => {
      const headers = await api.sign({ id: 'msg_ours', timestamp: now, body, secrets: secret });
      expect(new StandardWebhook(secret).verify(body, headers)).toEqual(payload);
      expect(new SvixWebhook(secret).verify(body, headers)).toEqual(payload);
      const svixHeaders = {
        'svix-id': headers['webhook-id']!,
        'svix-timestamp': headers['webhook-timestamp']!,
        'svix-signature': headers['webhook-signature']!,
      };
      expect(new SvixWebhook(secret).verify(Buffer.from(body), svixHeaders)).toEqual(payload);
    });

    it('signs raw bytes exactly as the same text', async () => {
      const input = { id: 'msg_bytes', timestamp: now, secrets: secret };
      const fromText = await api.sign({ ...input, body });
      const fromBytes = await api.sign({ ...input, body: encoder.encode(body) });
      expect(fromBytes).toEqual(fromText);
    });
  });

  it('verifies a rotation where standardwebhooks signed with the old secret', async () => {
    const oldSecret = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
    const body = JSON.stringify(payloads['Chinese title']);
    const headers = {
      'webhook-id': 'msg_rotation',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new StandardWebhook(oldSecret).sign('msg_rotation', now, body),
    };
    await expect(api.verify(body, headers, [secret, oldSecret])).resolves.toEqual(
      payloads['Chinese title'],
    );
  });

  it('rejects a body re-serialised with ASCII escapes (the original relay bug)', async () => {
    const body = JSON.stringify(payloads['Chinese title']);
    const headers = await api.sign({ id: 'msg_escape', timestamp: now, body, secrets: secret });
    const escaped = body.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
    expect(JSON.parse(escaped)).toEqual(payloads['Chinese title']);
    await expect(api.verify(escaped, headers, secret)).rejects.toMatchObject({
      reason: 'no_matching_signature',
    });
  });
});

describe('node and web implementations', () => {
  const body = JSON.stringify(payloads['emoji and accents']);

  it('verify what the other signs, with HMAC and Ed25519 keys mixed', async () => {
    const pair = await node.generateKeyPair();
    const secrets = [secret, pair.secretKey];
    const verifyWith = [secret, pair.publicKey];
    const fromNode = await node.sign({ id: 'msg_n', timestamp: now, body, secrets });
    const fromWeb = await web.sign({ id: 'msg_w', timestamp: now, body, secrets });
    await expect(web.verify(body, fromNode, verifyWith)).resolves.toEqual(
      payloads['emoji and accents'],
    );
    await expect(node.verify(body, fromWeb, verifyWith)).resolves.toEqual(
      payloads['emoji and accents'],
    );
    await expect(web.verify(body, fromNode, pair.publicKey)).resolves.toBeDefined();
    await expect(node.verify(body, fromWeb, pair.publicKey)).resolves.toBeDefined();
  });
});
