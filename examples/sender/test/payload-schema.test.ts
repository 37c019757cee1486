import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  fencedBlocks,
  repoPath,
  runToExit,
  taskCompletedSample,
} from '@dramarelay/example-support';
import { generateSecret, verifyWebhook } from '@dramarelay/receiver-verify';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { taskCompletedEvent } from '../../../apps/bot/src/notifications/task-completed-event.js';

const schemaPath = repoPath('docs/schemas/task.completed.json');
const guidePath = repoPath('docs/receiving-webhooks.md');

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

function errorsOf(payload: unknown) {
  return validate(payload) ? [] : validate.errors;
}

/** Runs the sender example against a server on 127.0.0.1 that keeps the raw request. */
async function captureSenderRequest(secret: string) {
  let captured: { body: Buffer; headers: IncomingHttpHeaders } | undefined;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    captured = { body: Buffer.concat(chunks), headers: request.headers };
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const result = await runToExit(process.execPath, ['--import', 'tsx', 'src/send.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { WEBHOOK_URL: `http://127.0.0.1:${port}/webhooks`, WEBHOOK_SECRET: secret },
    });
    expect(result.code, result.output).toBe(0);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return captured!;
}

describe('docs/schemas/task.completed.json', () => {
  it('accepts the bytes the sender example really delivered', async () => {
    const secret = generateSecret();
    const { body, headers } = await captureSenderRequest(secret);
    const { payload } = await verifyWebhook(body, headers, secret);

    expect(errorsOf(payload)).toEqual([]);
  });

  it('accepts what the bot builds with taskCompletedEvent()', () => {
    const event = taskCompletedEvent({
      task: { id: 42, external_id: null, title: '《霸道总裁爱上我》' },
      user: { id: 5_123_456_789, username: null },
      platform: 'youtube',
      link: 'https://youtube.com/shorts/abcdefghijk',
      submittedAt: new Date('2026-01-15T08:21:40Z'),
      verifiedAt: new Date('2026-01-15T08:30:12Z'),
      reward: 0,
      details: { matched: true, match_rate: 50, matched_keywords: ['霸道总裁爱上我'] },
    });

    expect(errorsOf(event)).toEqual([]);
  });

  it("accepts the examples' sample and the guide's own example payload", () => {
    const [guideExample] = fencedBlocks(guidePath).filter((block) => block.language === 'json');

    expect(errorsOf(taskCompletedSample())).toEqual([]);
    expect(errorsOf(JSON.parse(guideExample!.code))).toEqual([]);
  });

  const broken: [string, (payload: ReturnType<typeof taskCompletedSample>) => void][] = [
    ['without data.task_title', (p) => Reflect.deleteProperty(p.data, 'task_title')],
    [
      'with node_power_earned as a string',
      (p) => Object.assign(p.data, { node_power_earned: '50' }),
    ],
    [
      'with another verification_status',
      (p) => Object.assign(p.data, { verification_status: 'rejected' }),
    ],
    ['with a timestamp that is not ISO 8601', (p) => Object.assign(p, { timestamp: '15/01/2026' })],
    [
      'with a match_rate above 100',
      (p) => Object.assign(p.data.verification_details, { match_rate: 101 }),
    ],
    ['for another event', (p) => Object.assign(p, { event: 'task.created' })],
  ];
  it.each(broken)('refuses a payload %s', (_name, breakIt) => {
    const payload = taskCompletedSample();
    breakIt(payload);

    expect(errorsOf(payload)).not.toEqual([]);
  });
});
