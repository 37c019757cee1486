// Generated from docs/schemas/*.json by scripts/event-types.mjs: edit the schemas, then run
// `pnpm generate:events`. A test fails while this file and the schemas disagree.

/**
 * The body of a task.completed webhook: a user's re-upload of a task's drama was verified and paid.
 * Fields are only ever added, never renamed or removed; ignore the ones you do not know. Schema:
 * docs/schemas/task.completed.json.
 */
export interface TaskCompletedEvent {
  /** The event type. */
  event: 'task.completed';
  /**
   * When the completion happened (the same instant as data.verified_at), ISO 8601 in UTC. Not the
   * send time: that is the webhook-timestamp header.
   */
  timestamp: string;
  data: {
    /**
     * Your own id of the task, as you sent it in task_id when you created it (always a string);
     * null when you sent none.
     */
    task_id: string | null;
    /** The relay's id of the task: the {id} of GET /api/tasks/{id}. */
    relay_task_id: number;
    /** The task's title, e.g. 《霸道总裁爱上我》 (UTF-8, never \u-escaped by the sender). */
    task_title: string;
    /** The Telegram user id of the user who completed the task. */
    user_id: number;
    /** The Telegram username without @, or null when the user has none. */
    username: string | null;
    /** Where the clip was re-uploaded. Today tiktok, youtube or instagram; more may come. */
    platform: string;
    /** The link the user submitted and the relay verified. */
    submission_link: string;
    /** When the user submitted the link. */
    submitted_at: string;
    /** When the link was verified and the reward credited. */
    verified_at: string;
    /** Node power points credited to the user for this task. */
    node_power_earned: number;
    /** Always verified: only verified completions are sent. */
    verification_status: 'verified';
    verification_details: {
      /** Whether the video matched the task (the drama name in 《》 is required). */
      matched: boolean;
      /** Percentage of the task's keywords found in the video's title and author. */
      match_rate: number;
      /** The keywords that were found. */
      matched_keywords: string[];
    };
  };
}

/**
 * The body of a webhook.test webhook: sent only when you ask for it (POST
 * /api/tasks/{id}/test-webhook or POST /api/endpoint/test-webhook), to check that your receiver
 * verifies signatures. It is signed and retried like every other event; it describes no completion
 * and pays nothing. Fields are only ever added; ignore the ones you do not know. Schema:
 * docs/schemas/webhook.test.json.
 */
export interface WebhookTestEvent {
  /** The event type. */
  event: 'webhook.test';
  /**
   * When the test was requested, ISO 8601 in UTC. The send time is the webhook-timestamp header.
   */
  timestamp: string;
  data: {
    /**
     * The relay's id of the task whose callback was tested; null for a test of the key's default
     * endpoint.
     */
    relay_task_id: number | null;
    /**
     * Your own id of that task, as you sent it; null when you sent none, and for a test of the
     * default endpoint.
     */
    task_id: string | null;
    /**
     * task: the task's own callback_url was tested; default: the key's default endpoint (PUT
     * /api/endpoint).
     */
    endpoint: 'task' | 'default';
    /** A sentence for people reading logs. */
    message: string;
  };
}

/** Every event payload the relay sends; switch on its `event` field. */
export type RelayEvent = TaskCompletedEvent | WebhookTestEvent;
