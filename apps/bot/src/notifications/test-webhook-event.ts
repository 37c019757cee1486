/**
 * The `webhook.test` body (docs/schemas/webhook-test.schema.json): sent on request only, so
 * a receiver can be checked without Telegram and without completing a task. Receivers should
 * verify it like any event and may otherwise ignore it.
 */
export interface TestWebhookEvent {
  event: 'webhook.test';
  timestamp: string;
  data: {
    /** The task whose callback was tested; `null` for the key's default endpoint. */
    relay_task_id: number | null;
    /** The caller's own task id, as sent; `null` when none (or for the default endpoint). */
    task_id: string | null;
    /** `task`: the task's own callback_url; `default`: the key's default endpoint. */
    endpoint: 'task' | 'default';
    message: string;
  };
}

export function testWebhookEvent(input: {
  now: Date;
  task: { id: number; external_id: string | null } | null;
  endpoint: 'task' | 'default';
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
