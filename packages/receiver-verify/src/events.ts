// Generated from docs/schemas/*.json by scripts/event-types.mjs: edit the schemas, then run
// `pnpm generate:events`. A test fails while this file and the schemas disagree.

/**
 * The body of a submission.rejected webhook: a link a Telegram user submitted for one of your tasks
 * was checked and rejected, unpaid; the user was told why (data.reason_text). The user may send
 * another link for the same task, which may be rejected again (another webhook) or verified
 * (task.completed). Sent to the endpoints of your API key that subscribe to it (POST
 * /api/endpoints), never to a task's callback_url. Fields are only ever added, never renamed or
 * removed; ignore the ones you do not know. Schema: docs/schemas/submission.rejected.json.
 */
export interface SubmissionRejectedEvent {
  /** The event type. */
  event: 'submission.rejected';
  /** When the link was rejected (data.rejected_at), ISO 8601 in UTC. */
  timestamp: string;
  data: {
    /**
     * The relay's id of the user's claim of the task (one per user and task; the same in a later
     * task.completed's deliveries).
     */
    claim_id: number;
    /** The relay's id of the task: the {id} of GET /api/tasks/{id}. */
    relay_task_id: number;
    /**
     * Your own id of the task, as you sent it in task_id (always a string); null when you sent
     * none.
     */
    task_id: string | null;
    /** The task's title. */
    task_title: string;
    /** The Telegram user id of the user who submitted the link. */
    user_id: number;
    /** The Telegram username without @, or null when the user has none. */
    username: string | null;
    /** Where the clip was re-uploaded. Today tiktok, youtube or instagram; more may come. */
    platform: string;
    /** The link the user submitted. */
    submission_link: string;
    /** When the user submitted the link. */
    submitted_at: string | null;
    /** When the link was rejected. */
    rejected_at: string;
    /**
     * Why, for programs: no_match (the video does not mention the task), unverifiable (the platform
     * could not be asked, after every retry), task_deleted (the task was deleted before the link
     * was verified), task_full (the task had paid its max_completions), unmatchable (the task gives
     * no drama name or keyword to look for). More may come.
     */
    reason: 'no_match' | 'unverifiable' | 'task_deleted' | 'task_full' | 'unmatchable';
    /** The message the user was sent in Telegram, word for word, in their language. */
    reason_text: string;
    /** The language of reason_text (the user's language in the bot), e.g. en, es, zh-CN. */
    language: string;
    /** What the check found, when the video could be read; null otherwise. */
    verification_details: {
      /** Whether the video matched the task. */
      matched: boolean;
      /** Percentage of the task's keywords found in the video's title and author. */
      match_rate: number;
      /** The keywords that were found. */
      matched_keywords: string[];
    } | null;
  };
}

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
 * The body of a task.created webhook: a task was created through POST /api/tasks (one webhook per
 * task of a batch; none for a task_id the key already used, which is returned, not created). Sent
 * to the endpoints of your API key that subscribe to it (POST /api/endpoints), never to a task's
 * callback_url. Fields are only ever added, never renamed or removed; ignore the ones you do not
 * know. Schema: docs/schemas/task.created.json.
 */
export interface TaskCreatedEvent {
  /** The event type. */
  event: 'task.created';
  /**
   * When the task was created (data.created_at), ISO 8601 in UTC. Not the send time: that is the
   * webhook-timestamp header.
   */
  timestamp: string;
  data: {
    /** The relay's id of the task: the {id} of GET /api/tasks/{id}. */
    relay_task_id: number;
    /**
     * Your own id of the task, as you sent it in task_id (always a string); null when you sent
     * none.
     */
    task_id: string | null;
    /** Your project_id, as you sent it; null when you sent none. */
    project_id: string | null;
    /** Your source, as you sent it; null when you sent none. */
    source: string | null;
    /** The task's title, e.g. 《霸道总裁爱上我》 (UTF-8, never \u-escaped by the sender). */
    title: string;
    /** The task's description; null when it has none. */
    description: string | null;
    /** The clip to re-upload; null when the task has none. */
    video_url: string | null;
    /** Its thumbnail; null when the task has none. */
    thumbnail_url: string | null;
    /** The clip's length in seconds; null when unknown. */
    duration: number | null;
    /** Node power points a verified completion pays. */
    node_power_reward: number;
    /**
     * What a re-upload must mention (the drama name in 《》 and keywords); null when none was given.
     */
    keywords_template: string | null;
    /** Hashtags suggested to users; null when none were given. */
    hashtags: string | null;
    /** The task's category; null when it has none. */
    category: string | null;
    /** How many completions the task pays at most; null: no limit. */
    max_completions: number | null;
    /**
     * As GET /api/tasks/{id} shows it: active (users can claim it), paused (by you), or expired
     * (active but past expires_at).
     */
    status: 'active' | 'paused' | 'expired';
    /** When the task stops being claimable, ISO 8601 in UTC. */
    expires_at: string;
    /** When the task was created. */
    created_at: string;
    /** When the task was last changed. */
    updated_at: string;
    /**
     * The task's own callback_url (it receives the task's task.completed); null when it has none.
     * The secret is never sent.
     */
    callback_url: string | null;
    /** How the callback_url is signed; null when the task has none. */
    callback_scheme: 'standard-webhooks' | 'legacy' | null;
  };
}

/**
 * The body of a task.deleted webhook: DELETE /api/tasks/{id} deleted a task. data is the task as it
 * was, with deleted_at. Links still under review for it are rejected (submission.rejected, reason
 * task_deleted). Sent to the endpoints of your API key that subscribe to it (POST /api/endpoints),
 * never to a task's callback_url. Fields are only ever added, never renamed or removed; ignore the
 * ones you do not know. Schema: docs/schemas/task.deleted.json.
 */
export interface TaskDeletedEvent {
  /** The event type. */
  event: 'task.deleted';
  /** When the task was deleted (data.deleted_at), ISO 8601 in UTC. */
  timestamp: string;
  data: {
    /** The relay's id of the task: the {id} of GET /api/tasks/{id}. */
    relay_task_id: number;
    /**
     * Your own id of the task, as you sent it in task_id (always a string); null when you sent
     * none.
     */
    task_id: string | null;
    /** Your project_id, as you sent it; null when you sent none. */
    project_id: string | null;
    /** Your source, as you sent it; null when you sent none. */
    source: string | null;
    /** The task's title, e.g. 《霸道总裁爱上我》 (UTF-8, never \u-escaped by the sender). */
    title: string;
    /** The task's description; null when it has none. */
    description: string | null;
    /** The clip to re-upload; null when the task has none. */
    video_url: string | null;
    /** Its thumbnail; null when the task has none. */
    thumbnail_url: string | null;
    /** The clip's length in seconds; null when unknown. */
    duration: number | null;
    /** Node power points a verified completion pays. */
    node_power_reward: number;
    /**
     * What a re-upload must mention (the drama name in 《》 and keywords); null when none was given.
     */
    keywords_template: string | null;
    /** Hashtags suggested to users; null when none were given. */
    hashtags: string | null;
    /** The task's category; null when it has none. */
    category: string | null;
    /** How many completions the task pays at most; null: no limit. */
    max_completions: number | null;
    /**
     * As GET /api/tasks/{id} shows it: active (users can claim it), paused (by you), or expired
     * (active but past expires_at).
     */
    status: 'active' | 'paused' | 'expired';
    /** When the task stops being claimable, ISO 8601 in UTC. */
    expires_at: string;
    /** When the task was created. */
    created_at: string;
    /** When the task was last changed. */
    updated_at: string;
    /**
     * The task's own callback_url (it receives the task's task.completed); null when it has none.
     * The secret is never sent.
     */
    callback_url: string | null;
    /** How the callback_url is signed; null when the task has none. */
    callback_scheme: 'standard-webhooks' | 'legacy' | null;
    /** When the task was deleted. */
    deleted_at: string;
  };
}

/**
 * The body of a task.expired webhook: an active task passed its expires_at, so users can no longer
 * claim it. Sent once per expiry, by a background sweep (within a minute or so of expires_at);
 * moving expires_at later and letting it pass again sends another. A paused or deleted task does
 * not expire. Sent to the endpoints of your API key that subscribe to it (POST /api/endpoints),
 * never to a task's callback_url. Fields are only ever added, never renamed or removed; ignore the
 * ones you do not know. Schema: docs/schemas/task.expired.json.
 */
export interface TaskExpiredEvent {
  /** The event type. */
  event: 'task.expired';
  /** When the task expired (data.expires_at), ISO 8601 in UTC. */
  timestamp: string;
  data: {
    /** The relay's id of the task: the {id} of GET /api/tasks/{id}. */
    relay_task_id: number;
    /**
     * Your own id of the task, as you sent it in task_id (always a string); null when you sent
     * none.
     */
    task_id: string | null;
    /** Your project_id, as you sent it; null when you sent none. */
    project_id: string | null;
    /** Your source, as you sent it; null when you sent none. */
    source: string | null;
    /** The task's title, e.g. 《霸道总裁爱上我》 (UTF-8, never \u-escaped by the sender). */
    title: string;
    /** The task's description; null when it has none. */
    description: string | null;
    /** The clip to re-upload; null when the task has none. */
    video_url: string | null;
    /** Its thumbnail; null when the task has none. */
    thumbnail_url: string | null;
    /** The clip's length in seconds; null when unknown. */
    duration: number | null;
    /** Node power points a verified completion pays. */
    node_power_reward: number;
    /**
     * What a re-upload must mention (the drama name in 《》 and keywords); null when none was given.
     */
    keywords_template: string | null;
    /** Hashtags suggested to users; null when none were given. */
    hashtags: string | null;
    /** The task's category; null when it has none. */
    category: string | null;
    /** How many completions the task pays at most; null: no limit. */
    max_completions: number | null;
    /**
     * As GET /api/tasks/{id} shows it: active (users can claim it), paused (by you), or expired
     * (active but past expires_at).
     */
    status: 'active' | 'paused' | 'expired';
    /** When the task stops being claimable, ISO 8601 in UTC. */
    expires_at: string;
    /** When the task was created. */
    created_at: string;
    /** When the task was last changed. */
    updated_at: string;
    /**
     * The task's own callback_url (it receives the task's task.completed); null when it has none.
     * The secret is never sent.
     */
    callback_url: string | null;
    /** How the callback_url is signed; null when the task has none. */
    callback_scheme: 'standard-webhooks' | 'legacy' | null;
  };
}

/**
 * The body of a task.paused webhook: PATCH (or PUT) /api/tasks/{id} set the status of an active
 * task to paused; users can no longer claim it. data is the task after the change; data.changed
 * names everything the same request changed. Resuming it (status active again) is a task.updated.
 * Sent to the endpoints of your API key that subscribe to it (POST /api/endpoints), never to a
 * task's callback_url. Fields are only ever added, never renamed or removed; ignore the ones you do
 * not know. Schema: docs/schemas/task.paused.json.
 */
export interface TaskPausedEvent {
  /** The event type. */
  event: 'task.paused';
  /** When the task was paused (data.updated_at), ISO 8601 in UTC. */
  timestamp: string;
  data: {
    /** The relay's id of the task: the {id} of GET /api/tasks/{id}. */
    relay_task_id: number;
    /**
     * Your own id of the task, as you sent it in task_id (always a string); null when you sent
     * none.
     */
    task_id: string | null;
    /** Your project_id, as you sent it; null when you sent none. */
    project_id: string | null;
    /** Your source, as you sent it; null when you sent none. */
    source: string | null;
    /** The task's title, e.g. 《霸道总裁爱上我》 (UTF-8, never \u-escaped by the sender). */
    title: string;
    /** The task's description; null when it has none. */
    description: string | null;
    /** The clip to re-upload; null when the task has none. */
    video_url: string | null;
    /** Its thumbnail; null when the task has none. */
    thumbnail_url: string | null;
    /** The clip's length in seconds; null when unknown. */
    duration: number | null;
    /** Node power points a verified completion pays. */
    node_power_reward: number;
    /**
     * What a re-upload must mention (the drama name in 《》 and keywords); null when none was given.
     */
    keywords_template: string | null;
    /** Hashtags suggested to users; null when none were given. */
    hashtags: string | null;
    /** The task's category; null when it has none. */
    category: string | null;
    /** How many completions the task pays at most; null: no limit. */
    max_completions: number | null;
    /**
     * As GET /api/tasks/{id} shows it: active (users can claim it), paused (by you), or expired
     * (active but past expires_at).
     */
    status: 'active' | 'paused' | 'expired';
    /** When the task stops being claimable, ISO 8601 in UTC. */
    expires_at: string;
    /** When the task was created. */
    created_at: string;
    /** When the task was last changed. */
    updated_at: string;
    /**
     * The task's own callback_url (it receives the task's task.completed); null when it has none.
     * The secret is never sent.
     */
    callback_url: string | null;
    /** How the callback_url is signed; null when the task has none. */
    callback_scheme: 'standard-webhooks' | 'legacy' | null;
    /**
     * The fields whose value the change set, by their names in the API (task_id, title, status,
     * expires_at, callback_url, callback_secret, ...). A changed callback_secret is named, its
     * value never sent.
     */
    changed: string[];
  };
}

/**
 * The body of a task.updated webhook: PATCH (or PUT) /api/tasks/{id} changed a task, other than
 * pausing it (that is task.paused). data is the task after the change; data.changed names what
 * changed. A request that changes no value sends nothing. Sent to the endpoints of your API key
 * that subscribe to it (POST /api/endpoints), never to a task's callback_url. Fields are only ever
 * added, never renamed or removed; ignore the ones you do not know. Schema:
 * docs/schemas/task.updated.json.
 */
export interface TaskUpdatedEvent {
  /** The event type. */
  event: 'task.updated';
  /** When the task was changed (data.updated_at), ISO 8601 in UTC. */
  timestamp: string;
  data: {
    /** The relay's id of the task: the {id} of GET /api/tasks/{id}. */
    relay_task_id: number;
    /**
     * Your own id of the task, as you sent it in task_id (always a string); null when you sent
     * none.
     */
    task_id: string | null;
    /** Your project_id, as you sent it; null when you sent none. */
    project_id: string | null;
    /** Your source, as you sent it; null when you sent none. */
    source: string | null;
    /** The task's title, e.g. 《霸道总裁爱上我》 (UTF-8, never \u-escaped by the sender). */
    title: string;
    /** The task's description; null when it has none. */
    description: string | null;
    /** The clip to re-upload; null when the task has none. */
    video_url: string | null;
    /** Its thumbnail; null when the task has none. */
    thumbnail_url: string | null;
    /** The clip's length in seconds; null when unknown. */
    duration: number | null;
    /** Node power points a verified completion pays. */
    node_power_reward: number;
    /**
     * What a re-upload must mention (the drama name in 《》 and keywords); null when none was given.
     */
    keywords_template: string | null;
    /** Hashtags suggested to users; null when none were given. */
    hashtags: string | null;
    /** The task's category; null when it has none. */
    category: string | null;
    /** How many completions the task pays at most; null: no limit. */
    max_completions: number | null;
    /**
     * As GET /api/tasks/{id} shows it: active (users can claim it), paused (by you), or expired
     * (active but past expires_at).
     */
    status: 'active' | 'paused' | 'expired';
    /** When the task stops being claimable, ISO 8601 in UTC. */
    expires_at: string;
    /** When the task was created. */
    created_at: string;
    /** When the task was last changed. */
    updated_at: string;
    /**
     * The task's own callback_url (it receives the task's task.completed); null when it has none.
     * The secret is never sent.
     */
    callback_url: string | null;
    /** How the callback_url is signed; null when the task has none. */
    callback_scheme: 'standard-webhooks' | 'legacy' | null;
    /**
     * The fields whose value the change set, by their names in the API (task_id, title, status,
     * expires_at, callback_url, callback_secret, ...). A changed callback_secret is named, its
     * value never sent.
     */
    changed: string[];
  };
}

/**
 * The body of a webhook.test webhook: sent only when you ask for it (POST
 * /api/tasks/{id}/test-webhook, POST /api/endpoint/test-webhook or POST
 * /api/endpoints/{id}/test-webhook), to check that your receiver verifies signatures. It is signed
 * and retried like every other event; it describes no completion and pays nothing. Fields are only
 * ever added; ignore the ones you do not know. Schema: docs/schemas/webhook.test.json.
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
     * The relay's id of the task whose callback was tested; null for a test of another endpoint.
     */
    relay_task_id: number | null;
    /**
     * Your own id of that task, as you sent it; null when you sent none, and for a test of the
     * default endpoint.
     */
    task_id: string | null;
    /**
     * task: the task's own callback_url was tested; default: the key's default endpoint (PUT
     * /api/endpoint); endpoint: another of the key's endpoints (POST
     * /api/endpoints/{id}/test-webhook).
     */
    endpoint: 'task' | 'default' | 'endpoint';
    /** A sentence for people reading logs. */
    message: string;
  };
}

/** Every event payload the relay sends; switch on its `event` field. */
export type RelayEvent =
  | SubmissionRejectedEvent
  | TaskCompletedEvent
  | TaskCreatedEvent
  | TaskDeletedEvent
  | TaskExpiredEvent
  | TaskPausedEvent
  | TaskUpdatedEvent
  | WebhookTestEvent;
