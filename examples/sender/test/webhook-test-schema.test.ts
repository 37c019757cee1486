import { readFileSync } from 'node:fs';
import { fencedBlocks, repoPath } from '@dramarelay/example-support';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { testWebhookEvent } from '../../../apps/bot/src/notifications/test-webhook-event.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(
  JSON.parse(readFileSync(repoPath('docs/schemas/webhook.test.json'), 'utf8')),
);
const errorsOf = (payload: unknown) => (validate(payload) ? [] : validate.errors);

describe('docs/schemas/webhook.test.json', () => {
  it('accepts what the bot sends for a task and for the default endpoint', () => {
    const now = new Date('2026-01-15T08:30:12Z');
    const task = testWebhookEvent({
      now,
      task: { id: 42, external_id: 'x2c-1' },
      endpoint: 'task',
    });
    const fallback = testWebhookEvent({ now, task: null, endpoint: 'default' });
    expect(errorsOf(task)).toEqual([]);
    expect(errorsOf(fallback)).toEqual([]);
  });

  it("accepts the guide's example and refuses a completion's body", () => {
    const example = fencedBlocks(repoPath('docs/receiving-webhooks.md')).find(
      (block) => block.language === 'json' && block.code.includes('"webhook.test"'),
    );
    expect(errorsOf(JSON.parse(example!.code))).toEqual([]);
    expect(
      errorsOf({ event: 'task.completed', timestamp: '2026-01-15T08:30:12Z', data: {} }),
    ).not.toEqual([]);
  });
});
