import { generateApiKeySecret } from '../../src/api-keys/api-key-secret.js';
import type { Db } from '../../src/database/database.js';
import type { NewTask, Task } from '../../src/tasks/task.repository.js';

const seedKeys = new WeakMap<Db, Promise<string>>();

/**
 * Writes an API key straight to the database with the first release's columns only, so that
 * migration tests can seed an old schema; returns its id and plain form.
 */
export async function seedApiKey(
  db: Db,
  name: string,
  now: number,
): Promise<{ id: string; plainKey: string }> {
  const secret = generateApiKeySecret();
  const row = await db
    .insertInto('api_keys')
    .values({
      id: secret.id,
      name,
      key_hash: secret.keyHash,
      created_at: new Date(now),
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, plainKey: secret.plainKey };
}

/** Writes a task straight to the database, for bot tests that do not go through the API. */
export async function seedTask(db: Db, now: number, fields: Partial<NewTask> = {}): Promise<Task> {
  if (!seedKeys.has(db)) {
    seedKeys.set(
      db,
      seedApiKey(db, 'seed', now).then((key) => key.id),
    );
  }
  const apiKeyId = await seedKeys.get(db)!;
  return db
    .insertInto('tasks')
    .values(taskRow(apiKeyId, now, fields))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A task row of `apiKeyId` with plain defaults, for writing straight to the database. */
export function taskRow(apiKeyId: string, now: number, fields: Partial<NewTask> = {}): NewTask {
  return {
    api_key_id: apiKeyId,
    external_id: null,
    title: 'Drama clip',
    description: null,
    video_url: 'https://cdn.example.com/clip.mp4',
    thumbnail_url: null,
    duration: null,
    node_power_reward: 10,
    keywords_template: null,
    hashtags: null,
    category: null,
    project_id: null,
    source: null,
    callback_url: null,
    callback_secret: null,
    callback_scheme: null,
    status: 'active',
    expires_at: new Date(now + 24 * 3_600_000),
    created_at: new Date(now),
    updated_at: new Date(now),
    deleted_at: null,
    ...fields,
  };
}
