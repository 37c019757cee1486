import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { at, implementations, reasonOf } from './implementations.js';

const body = JSON.stringify({ title: '《霸道总裁爱上我》', emoji: '🎬' });
const sent = 1767225600;
const options = { now: at(sent) };

/** A key pair made by node:crypto alone, as an independent oracle. */
function oracleKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(16);
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  return { privateKey, seed, raw };
}

describe.each(implementations)('%s: Ed25519 (v1a)', (_, api) => {
  it('generates whsk_ (seed + public key, 64 bytes) and whpk_ (32 bytes) keys', async () => {
    const { secretKey, publicKey } = await api.generateKeyPair();
    expect(secretKey).toMatch(/^whsk_[A-Za-z0-9+/]{86}==$/);
    expect(publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    const secretBytes = Buffer.from(secretKey.slice(5), 'base64');
    expect(secretBytes.subarray(32).toString('base64')).toBe(publicKey.slice(5));
  });

  it('signs with whsk_ and verifies with whpk_', async () => {
    const { secretKey, publicKey } = await api.generateKeyPair();
    const headers = await api.sign({ id: 'msg_ed', timestamp: sent, body, secrets: secretKey });
    expect(headers['webhook-signature']).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    await expect(api.verify(body, headers, publicKey, options)).resolves.toEqual(JSON.parse(body));
    const other = await api.generateKeyPair();
    expect(await reasonOf(api.verify(body, headers, other.publicKey, options))).toBe(
      'no_matching_signature',
    );
  });

  it('verifies a signature made by node:crypto over id.timestamp.body', async () => {
    const { privateKey, raw } = oracleKeys();
    const signature = nodeSign(null, Buffer.from(`msg_oracle.${sent}.${body}`), privateKey);
    const headers = {
      'webhook-id': 'msg_oracle',
      'webhook-timestamp': String(sent),
      'webhook-signature': `v1a,${signature.toString('base64')}`,
    };
    const publicKey = `whpk_${raw.toString('base64')}`;
    await expect(api.verify(body, headers, publicKey, options)).resolves.toEqual(JSON.parse(body));
  });

  it('signs with a bare 32-byte seed exactly as with the 64-byte key', async () => {
    const { seed, raw } = oracleKeys();
    const full = `whsk_${Buffer.concat([seed, raw]).toString('base64')}`;
    const short = `whsk_${seed.toString('base64')}`;
    const input = { id: 'msg_seed', timestamp: sent, body };
    const fromFull = await api.sign({ ...input, secrets: full });
    expect(await api.sign({ ...input, secrets: short })).toEqual(fromFull);
    const publicKey = `whpk_${raw.toString('base64')}`;
    await expect(api.verify(body, fromFull, publicKey, options)).resolves.toBeDefined();
  });

  it('signs and verifies a body given as bytes', async () => {
    const { secretKey, publicKey } = await api.generateKeyPair();
    const bytes = new TextEncoder().encode(body);
    const headers = await api.sign({
      id: 'msg_b',
      timestamp: sent,
      body: bytes,
      secrets: secretKey,
    });
    await expect(api.verify(bytes, headers, publicKey, options)).resolves.toEqual(JSON.parse(body));
    await expect(api.verify(body, headers, publicKey, options)).resolves.toEqual(JSON.parse(body));
  });

  it('emits one signature per secret, and any key in a mixed list may match', async () => {
    const { secretKey, publicKey } = await api.generateKeyPair();
    const hmacSecret = api.generateSecret();
    const headers = await api.sign({
      id: 'msg_mixed',
      timestamp: sent,
      body,
      secrets: [hmacSecret, secretKey],
    });
    expect(headers['webhook-signature']).toMatch(/^v1,\S{44} v1a,\S{88}$/);
    for (const secrets of [[publicKey], [hmacSecret], ['whsec_AAAA', publicKey]]) {
      await expect(api.verify(body, headers, secrets, options)).resolves.toBeDefined();
    }
  });

  it('rejects an Ed25519 signature with any base64 character replaced', async () => {
    const { secretKey, publicKey } = await api.generateKeyPair();
    const headers = await api.sign({ id: 'msg_t', timestamp: sent, body, secrets: secretKey });
    const signature = headers['webhook-signature']!;
    for (let i = 4; i < signature.length; i++) {
      for (const char of ['A', 'B', 'g', '+', '/', '=']) {
        if (char === signature[i]) continue;
        const tampered = signature.slice(0, i) + char + signature.slice(i + 1);
        const reason = await reasonOf(
          api.verify(body, { ...headers, 'webhook-signature': tampered }, publicKey, options),
        );
        expect(reason, `position ${i} → ${char}`).toBe('no_matching_signature');
      }
    }
  });
});
