import { getTestDatabase, type TestDatabase } from '@dramarelay/test-utils';
import { migrateWebhookTables } from '@dramarelay/webhook-notifier/kysely';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../../src/database/database.js';
import { migrateAppTables } from '../../src/database/migrate.js';
import { initial } from '../../src/database/migrations/0001-initial.js';
import type { ClaimStatus } from '../../src/submissions/claim.table.js';
import { parseVideoLink } from '../../src/submissions/platform-link.js';
import { upsertUser } from '../../src/users/user.repository.js';
import { seedTask } from '../support/seed.js';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await getTestDatabase();
  db = createDatabase({ connectionString: database.connectionString, maxConnections: 2 });
  // A database as the first release left it: 0001 only.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ '0001-initial': initial }) },
    migrationTableName: 'app_migrations',
    migrationLockTableName: 'app_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  // The notifier's tables, which the app's later migrations (0005) build on; `migrateAll` runs
  // them first.
  await migrateWebhookTables(db);
});
afterAll(async () => {
  await db.destroy();
  await database.close();
});

const NOW = Date.UTC(2026, 0, 1);
let nextUser = 100;

async function claimWith(taskId: number, status: ClaimStatus, link: string | null) {
  const userId = ++nextUser;
  await upsertUser(db, { id: userId, username: null, firstName: null, now: new Date(NOW) });
  const claim = await db
    .insertInto('claims')
    .values({
      task_id: taskId,
      user_id: userId,
      status,
      submission_link: link,
      platform: link ? 'tiktok' : null,
      submitted_at: link ? new Date(NOW) : null,
      verified_at: status === 'verified' ? new Date(NOW) : null,
      next_verification_at: status === 'pending_verification' ? new Date(NOW) : null,
      created_at: new Date(NOW),
      updated_at: new Date(NOW),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return claim.id;
}

const keyOf = (link: string) => {
  const parsed = parseVideoLink(link);
  if (!parsed.ok) throw new Error(`not a link: ${link}`);
  return parsed.videoKey;
};

describe('migration 0002: claims keyed by video', () => {
  it('gives existing links the key the app gives them, and settles videos already paid twice', async () => {
    const task = await seedTask(db, NOW);
    const links = {
      tiktok: 'https://www.tiktok.com/@a/video/7100000000000000001',
      tiktokOtherName: 'https://www.tiktok.com/@B/video/7100000000000000001',
      short: 'https://vm.tiktok.com/ZMabc123/',
      youtube: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      post: 'https://www.instagram.com/p/C1a2B3c4D5e/',
      reel: 'https://www.instagram.com/reel/C1a2B3c4D5e/',
      twiceA: 'https://www.tiktok.com/@x/video/7200000000000000002',
      twiceB: 'https://www.tiktok.com/@y/video/7200000000000000002',
      rejected: 'https://www.tiktok.com/@z/video/7100000000000000001',
    };
    const ids = {
      tiktokPending: await claimWith(task.id, 'pending_verification', links.tiktokOtherName),
      tiktokVerified: await claimWith(task.id, 'verified', links.tiktok),
      short: await claimWith(task.id, 'pending_verification', links.short),
      youtube: await claimWith(task.id, 'verified', links.youtube),
      post: await claimWith(task.id, 'pending_verification', links.post),
      reel: await claimWith(task.id, 'pending_verification', links.reel),
      twiceA: await claimWith(task.id, 'verified', links.twiceA),
      twiceB: await claimWith(task.id, 'verified', links.twiceB),
      rejected: await claimWith(task.id, 'rejected', links.rejected),
      noLink: await claimWith(task.id, 'claimed', null),
    };

    expect(await migrateAppTables(db)).toEqual([
      '0002-claims-video-key',
      '0003-claims-webhook-error',
      '0004-tasks-max-completions',
      '0005-key-endpoint-records',
      '0006-dashboard-sessions',
    ]);

    const rows = await db
      .selectFrom('claims')
      .select(['id', 'status', 'video_key', 'last_verification_error'])
      .execute();
    const row = (id: number) => rows.find((r) => r.id === id);
    const duplicate = 'the same video was already submitted for another claim';
    // The verified claim keeps the video; the one still in review under another name is rejected.
    expect(row(ids.tiktokVerified)).toMatchObject({
      status: 'verified',
      video_key: keyOf(links.tiktok),
    });
    expect(row(ids.tiktokPending)).toMatchObject({
      status: 'rejected',
      last_verification_error: duplicate,
    });
    expect(row(ids.short)).toMatchObject({
      status: 'pending_verification',
      video_key: keyOf(links.short),
    });
    expect(row(ids.youtube)).toMatchObject({ status: 'verified', video_key: keyOf(links.youtube) });
    // Both in review: the older keeps it.
    expect(row(ids.post)).toMatchObject({
      status: 'pending_verification',
      video_key: keyOf(links.post),
    });
    expect(row(ids.reel)).toMatchObject({ status: 'rejected', last_verification_error: duplicate });
    // Both paid already: they stay verified, and one holds the key.
    expect(row(ids.twiceA)).toMatchObject({ status: 'verified', video_key: keyOf(links.twiceA) });
    expect(row(ids.twiceB)).toMatchObject({ status: 'verified', video_key: null });
    expect(row(ids.rejected)).toMatchObject({
      status: 'rejected',
      video_key: keyOf(links.rejected),
    });
    expect(row(ids.noLink)).toMatchObject({ status: 'claimed', video_key: null });

    // From now on the key, not the spelling of the link, is unique among live claims.
    const again = await claimWith(task.id, 'claimed', null);
    await expect(
      db
        .updateTable('claims')
        .set({
          status: 'pending_verification',
          submission_link: 'https://www.tiktok.com/@c/video/7100000000000000001',
          video_key: keyOf('https://www.tiktok.com/@c/video/7100000000000000001'),
        })
        .where('id', '=', again)
        .execute(),
    ).rejects.toMatchObject({ code: '23505', constraint: 'claims_live_video_unique' });
  });
});
