import type { WebhookTestEvent } from '@dramarelay/receiver-verify';

/**
 * The `webhook.test` body: the type receiver-verify publishes, generated from
 * docs/schemas/webhook.test.json. Sent on request only, so a receiver can be checked without
 * Telegram and without completing a task.
 */
export type TestWebhookEvent = WebhookTestEvent;

export function testWebhookEvent(input: {
  now: Date;
  task: { id: number; external_id: string | null } | null;
  endpoint: TestWebhookEvent['data']['endpoint'];
}): TestWebhookEvent {
  return {
    event: 'webhook.test',
    timestamp: input.now.toISOString(),
    data: {
      relay_task_id: input.task?.id ?? null,
      task_id: input.task?.external_id ?? null,
      endpoint: input.endpoint,
      message: 'A test webhook from DramaRelay: if its signature verifies, your receiver works.',
    },
  };
}
