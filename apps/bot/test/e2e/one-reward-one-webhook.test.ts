import { generateSecret } from '@dramarelay/receiver-verify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifierWebhooks } from '../../src/notifications/notifier-webhooks.js';
import { completeClaim } from '../../src/rewards/complete-claim.js';
import { claimTask, submitLink } from '../../src/submissions/claim.repository.js';
import { upsertUser } from '../../src/users/user.repository.js';
import type { Fetcher } from '../../src/verification/oembed.js';
import { createClaimVerifier } from '../../src/verification/verify-claim.js';
import { seedTask } from '../support/seed.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
});
afterAll(() => t.close());

const silent = pino({ level: 'silent' });
let nextUser = 7000;

async function pendingClaim(fields: Parameters<typeof seedTask>[2] = {}) {
  const now = new Date(t.clock.now());
  const userId = ++nextUser;
  await upsertUser(t.db, { id: userId, username: null, firstName: null, now });
  const task = await seedTask(t.db, t.clock.now(), {
    title: '《霸道总裁爱上我》',
    node_power_reward: 9,
    callback_url: 'http://127.0.0.1:9/unused',
    callback_secret: generateSecret(),
    callback_scheme: 'standard-webhooks',
    ...fields,
  });
  const { claim } = await claimTask(t.db, { taskId: task.id, userId, now });
  const videoId = String(userId).padStart(11, 'a');
  const link = `https://youtu.be/${videoId}`;
  const submitted = await submitLink(t.db, {
    claimId: claim.id,
    userId,
    link,
    platform: 'youtube',
    videoKey: `youtube:${videoId}`,
    now,
    checkAt: now,
  });
  if (!submitted.ok) throw new Error('submit failed');
  return { userId, claimId: claim.id, link, taskId: task.id };
}

/** oEmbed answering with a video that matches the task of `pendingClaim`. */
const matching: Fetcher = async () => ({
  status: 200,
  text: async () => JSON.stringify({ title: '霸道总裁爱上我 EP2', author_name: 'fan' }),
});

function capturingLogger() {
  const entries: { obj: object; msg: string }[] = [];
  return { entries, error: (obj: object, msg: string) => void entries.push({ obj, msg }) };
}

async function claimRow(claimId: number) {
  return t.db.selectFrom('claims').selectAll().where('id', '=', claimId).executeTakeFirstOrThrow();
}

async function effects(userId: number, claimId: number) {
  const ledger = await t.db
    .selectFrom('reward_ledger')
    .selectAll()
    .where('claim_id', '=', claimId)
    .execute();
  const user = await t.db
    .selectFrom('telegram_users')
    .select('node_power')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  // The notifier's own tables: read with SQL, they are not part of the app's schema type.
  const { rows } = await sql<{ messages: number; deliveries: number }>`
    select count(distinct m.id) as messages, count(d.id) as deliveries
    from webhook_messages m left join webhook_deliveries d on d.message_id = m.id
    where m.idempotency_key = ${`task.completed:${claimId}`}`.execute(t.db);
  const { messages, deliveries } = rows[0]!;
  return { rewards: ledger.length, balance: user.node_power, messages, deliveries };
}

describe('one claim pays once and notifies once', () => {
  it('two simultaneous verifications of one claim give one reward and one webhook', async () => {
    const { userId, claimId } = await pendingClaim();
    // Both checks are held until both have asked oEmbed: they race from the same starting point.
    let arrived = 0;
    let release!: () => void;
    const bothAsked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fetcher: Fetcher = async () => {
      if (++arrived === 2) release();
      await bothAsked;
      return {
        status: 200,
        text: async () => JSON.stringify({ title: '霸道总裁爱上我 EP2', author_name: 'fan' }),
      };
    };
    const verifier = createClaimVerifier({
      db: t.db,
      webhooks: notifierWebhooks(t.app.notifier, { allow: ['127.0.0.1'] }),
      logger: silent,
      clock: t.clock,
      oembed: { fetcher, pause: async () => {} },
    });

    const outcomes = await Promise.all([verifier.verify(claimId), verifier.verify(claimId)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['unchanged', 'verified']);
    expect(await effects(userId, claimId)).toEqual({
      rewards: 1,
      balance: 9,
      messages: 1,
      deliveries: 1,
    });
  });

  it('ten concurrent completions of one claim still give one reward and one webhook', async () => {
    const { userId, claimId, link } = await pendingClaim();
    const webhooks = notifierWebhooks(t.app.notifier, { allow: ['127.0.0.1'] });
    const details = { matched: true, match_rate: 100, matched_keywords: ['霸道总裁爱上我'] };
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        completeClaim(
          { db: t.db, webhooks, logger: silent },
          { claimId, link, details, now: new Date(t.clock.now()) },
        ),
      ),
    );
    expect(results.filter((r) => r.completed)).toHaveLength(1);
    expect(await effects(userId, claimId)).toEqual({
      rewards: 1,
      balance: 9,
      messages: 1,
      deliveries: 1,
    });
  });

  it('rolls the reward back when the webhook cannot be written, so nothing is half done', async () => {
    const { userId, claimId, link } = await pendingClaim();
    const broken = {
      ...notifierWebhooks(t.app.notifier, { allow: ['127.0.0.1'] }),
      enqueue: async () => {
        throw new Error('outbox unavailable');
      },
    };
    const details = { matched: true, match_rate: 100, matched_keywords: [] };
    await expect(
      completeClaim(
        { db: t.db, webhooks: broken, logger: silent },
        { claimId, link, details, now: new Date(t.clock.now()) },
      ),
    ).rejects.toThrow('outbox unavailable');
    expect(await effects(userId, claimId)).toEqual({
      rewards: 0,
      balance: 0,
      messages: 0,
      deliveries: 0,
    });
    const claim = await t.db
      .selectFrom('claims')
      .select('status')
      .where('id', '=', claimId)
      .executeTakeFirstOrThrow();
    expect(claim.status).toBe('pending_verification');
  });
});

describe('a completion that cannot be notified, or cannot be recorded', () => {
  it.each([
    [
      'its callback secret cannot sign (stored before secrets were checked)',
      { callback_secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAB==' },
      'invalid_secret',
    ],
    [
      'its callback URL is no longer allowed (the SSRF policy was tightened)',
      { callback_url: 'http://10.0.0.7/hook' },
      'destination_refused',
    ],
  ])(
    'still pays a verified link exactly once when %s, shows and logs why without the secret',
    async (_name, fields, reason) => {
      const owner = await t.newKey();
      const { userId, claimId, taskId } = await pendingClaim({ ...fields, api_key_id: owner.id });
      const secret = (
        await t.db
          .selectFrom('tasks')
          .select('callback_secret')
          .where('id', '=', taskId)
          .executeTakeFirstOrThrow()
      ).callback_secret!;
      const logger = capturingLogger();
      const verifier = createClaimVerifier({
        db: t.db,
        webhooks: notifierWebhooks(t.app.notifier, { allow: ['127.0.0.1'] }),
        logger,
        clock: t.clock,
        oembed: { fetcher: matching, pause: async () => {} },
      });

      expect(await verifier.verify(claimId)).toMatchObject({ status: 'verified', reward: 9 });
      expect(await verifier.verify(claimId)).toEqual({ status: 'unchanged', claimId });
      expect(await effects(userId, claimId)).toEqual({
        rewards: 1,
        balance: 9,
        messages: 0,
        deliveries: 0,
      });
      expect(await claimRow(claimId)).toMatchObject({
        status: 'verified',
        webhook_delivery_id: null,
        webhook_error: expect.stringMatching(new RegExp(`^${reason}: `)),
      });
      const log = await (
        await t.request(`/api/tasks/${taskId}/deliveries`, { headers: owner.headers })
      ).json();
      expect(log.deliveries).toEqual([
        {
          claim_id: claimId,
          user_id: userId,
          delivery_id: null,
          status: 'refused',
          attempts: 0,
          last_attempt_at: null,
          last_status_code: null,
          last_error: expect.stringMatching(new RegExp(`^${reason}: `)),
          next_attempt_at: null,
          attempt_log: [],
        },
      ]);
      expect(JSON.stringify(log)).not.toContain(secret);
      const shown = await (
        await t.request(`/api/tasks/${taskId}`, { headers: owner.headers })
      ).json();
      expect(shown.task).toMatchObject({
        completions: 1,
        callback_status: 'refused',
        callback_attempts: 0,
        callback_last_error: expect.stringMatching(new RegExp(`^${reason}: `)),
        callback_delivery_id: null,
      });
      expect(logger.entries).toEqual([
        {
          obj: expect.objectContaining({ taskId, claimId, reason }),
          msg: 'task.completed webhook refused; the reward was paid without it',
        },
      ]);
      expect(JSON.stringify(logger.entries)).not.toContain(secret);
    },
  );

  it('retries a completion that keeps failing with growing delays, then rejects it instead of retrying forever', async () => {
    const { userId, claimId } = await pendingClaim();
    const logger = capturingLogger();
    const verifier = createClaimVerifier({
      db: t.db,
      webhooks: {
        ...notifierWebhooks(t.app.notifier, { allow: ['127.0.0.1'] }),
        enqueue: async () => {
          throw new Error('outbox unavailable');
        },
      },
      logger,
      clock: t.clock,
      oembed: { fetcher: matching, pause: async () => {} },
      recheck: { maxAttempts: 2, firstDelayMs: 60_000, maxDelayMs: 600_000 },
    });

    const nextCheckAt = new Date(t.clock.now() + 60_000);
    expect(await verifier.verify(claimId)).toMatchObject({ status: 'pending', nextCheckAt });
    expect(await claimRow(claimId)).toMatchObject({
      status: 'pending_verification',
      verification_attempts: 1,
      next_verification_at: nextCheckAt,
    });
    expect(await verifier.verify(claimId)).toMatchObject({
      status: 'rejected',
      reason: 'unverifiable',
    });
    expect(await claimRow(claimId)).toMatchObject({
      status: 'rejected',
      next_verification_at: null,
    });
    expect(await effects(userId, claimId)).toEqual({
      rewards: 0,
      balance: 0,
      messages: 0,
      deliveries: 0,
    });
    expect(logger.entries.map((e) => e.msg)).toEqual([
      'completing a verified link failed',
      'completing a verified link failed',
    ]);
  });

  it('pays nothing and sends nothing for a task deleted before its link is verified', async () => {
    const { userId, claimId, link, taskId } = await pendingClaim();
    await t.db
      .updateTable('tasks')
      .set({ deleted_at: new Date(t.clock.now()) })
      .where('id', '=', taskId)
      .execute();
    const details = { matched: true, match_rate: 100, matched_keywords: ['霸道总裁爱上我'] };
    const result = await completeClaim(
      {
        db: t.db,
        webhooks: notifierWebhooks(t.app.notifier, { allow: ['127.0.0.1'] }),
        logger: silent,
      },
      { claimId, link, details, now: new Date(t.clock.now()) },
    );
    expect(result).toMatchObject({ completed: false, reason: 'task_deleted' });
    expect(await claimRow(claimId)).toMatchObject({
      status: 'rejected',
      last_verification_error: 'the task was deleted before the link was verified',
    });
    expect(await effects(userId, claimId)).toEqual({
      rewards: 0,
      balance: 0,
      messages: 0,
      deliveries: 0,
    });
  });
});
