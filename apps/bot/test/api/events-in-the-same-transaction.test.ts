import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionWebhooks } from '../../src/notifications/completion-webhooks.js';
import { notifierWebhooks } from '../../src/notifications/notifier-webhooks.js';
import { findClaim } from '../../src/submissions/claim.repository.js';
import { deleteTask, updateTask } from '../../src/tasks/change-task.js';
import { createTasks } from '../../src/tasks/create-tasks.js';
import { createExpirySweeper } from '../../src/tasks/expiry-sweeper.js';
import { findTaskById } from '../../src/tasks/task.repository.js';
import { upsertUser } from '../../src/users/user.repository.js';
import { createClaimVerifier } from '../../src/verification/verify-claim.js';
import { seedTask } from '../support/seed.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ withBot: false });
});
afterAll(() => t.close());

/** A delivery engine whose writes fail, after the change they report was written. */
const failing: Pick<CompletionWebhooks, 'send'> = {
  send: async () => {
    throw new Error('the outbox write failed');
  },
};

const deps = () => ({
  db: t.db,
  webhooks: failing,
  now: () => new Date(t.clock.now()),
  checkUrl: () => ({ ok: true as const }),
  generateSecret: () => 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  rules: { expiryHours: 24, defaultReward: 10 },
});

describe('a change whose event cannot be written does not happen', () => {
  it('creates no task', async () => {
    const { id: apiKeyId } = await t.newKey();
    await expect(createTasks(deps(), apiKeyId, [{ title: 'Never' }])).rejects.toThrow('outbox');
    const count = await t.db
      .selectFrom('tasks')
      .where('api_key_id', '=', apiKeyId)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('leaves a task unchanged, and undeleted', async () => {
    const task = await seedTask(t.db, t.clock.now(), { title: 'Kept' });
    await expect(
      updateTask(deps(), task.api_key_id, task.id, { title: 'Changed', status: 'paused' }),
    ).rejects.toThrow('outbox');
    await expect(deleteTask(deps(), task.api_key_id, task.id)).rejects.toThrow('outbox');
    expect(await findTaskById(t.db, task.id)).toEqual(task);
  });

  it('keeps an expiry unannounced, so the next sweep announces it', async () => {
    const task = await seedTask(t.db, t.clock.now(), {
      expires_at: new Date(t.clock.now() - 1000),
    });
    const broken = createExpirySweeper({ db: t.db, webhooks: failing, clock: t.clock });
    await expect(broken.runOnce()).rejects.toThrow('outbox');
    expect((await findTaskById(t.db, task.id))?.expiry_announced_for).toBeNull();
    expect(await t.app.expirySweeper.runOnce()).toBe(1);
    expect((await findTaskById(t.db, task.id))?.expiry_announced_for).toEqual(task.expires_at);
  });

  it('leaves a link under review when its rejection cannot be announced', async () => {
    const task = await seedTask(t.db, t.clock.now(), { deleted_at: new Date(t.clock.now()) });
    const now = new Date(t.clock.now());
    await upsertUser(t.db, { id: 4242, username: null, firstName: null, now });
    const claim = await t.db
      .insertInto('claims')
      .values({
        task_id: task.id,
        user_id: 4242,
        status: 'pending_verification',
        platform: 'tiktok',
        submission_link: 'https://www.tiktok.com/@a/video/7100000000000000042',
        submitted_at: now,
        next_verification_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const verifier = createClaimVerifier({
      db: t.db,
      webhooks: { ...notifierWebhooks(t.app.notifier, {}), ...failing },
      logger: { error: () => {} },
      clock: t.clock,
      oembed: { fetcher: () => Promise.reject(new Error('not asked')) },
    });
    await expect(verifier.verify(claim.id)).rejects.toThrow('outbox');
    expect((await findClaim(t.db, claim.id))?.status).toBe('pending_verification');
    const outcome = await t.app.verifier.verify(claim.id);
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'task_deleted' });
  });
});
