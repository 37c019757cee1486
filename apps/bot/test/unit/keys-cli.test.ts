import { getTestDatabase, type TestDatabase } from '@dramarelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../../src/api-keys/api-key.repository.js';
import { ensureFirstApiKey, runKeysCommand } from '../../src/cli/keys.js';
import { createDatabase, type Db } from '../../src/database/database.js';
import { migrateAll } from '../../src/database/migrate.js';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await getTestDatabase();
  db = createDatabase({ connectionString: database.connectionString });
  await migrateAll(db);
});
afterAll(async () => {
  await db.destroy();
  await database.close();
});

async function run(...args: string[]) {
  const lines: string[] = [];
  const code = await runKeysCommand(args, {
    db,
    now: () => new Date(),
    print: (l) => lines.push(l),
  });
  return { code, output: lines.join('\n') };
}

describe('the keys command', () => {
  it('creates a working key and prints it once; list shows ids and names only', async () => {
    const created = await run('create', 'x2c production');
    expect(created.code).toBe(0);
    const plain = /drk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/.exec(created.output)?.[0];
    expect(plain).toBeDefined();
    const key = await authenticateApiKey(db, plain!);
    expect(key?.name).toBe('x2c production');

    const listed = await run('list');
    expect(listed.output).toContain(`${key!.id}  x2c production`);
    expect(listed.output).not.toContain(plain!);
  });

  it('revokes a key by id, after which it no longer authenticates', async () => {
    const plain = /drk_\S+/.exec((await run('create', 'temp')).output)![0];
    const key = await authenticateApiKey(db, plain);
    expect(await run('revoke', key!.id)).toEqual({ code: 0, output: `Revoked ${key!.id}.` });
    expect(await authenticateApiKey(db, plain)).toBeUndefined();
    expect(await run('revoke', key!.id)).toEqual({
      code: 1,
      output: `No active key with id ${key!.id}.`,
    });
  });

  it('creates an operator key with --operator, and list shows which keys are operators', async () => {
    const created = await run('create', 'ops', '--operator');
    expect(created.code).toBe(0);
    expect(created.output).toContain('operator key');
    const plain = /drk_\S+/.exec(created.output)![0];
    const key = await authenticateApiKey(db, plain);
    expect(key).toMatchObject({ name: 'ops', operator: true });
    const tenant = await authenticateApiKey(
      db,
      /drk_\S+/.exec((await run('create', 'x')).output)![0],
    );
    expect(tenant?.operator).toBe(false);
    expect((await run('list')).output).toContain(`${key!.id}  ops  created`);
    expect((await run('list')).output).toMatch(new RegExp(`${key!.id}  ops .* active  operator`));
    expect((await run('list', '--operator')).code).toBe(2);
  });

  it('prints usage for anything else', async () => {
    for (const args of [[], ['create'], ['delete', 'x']]) {
      const result = await run(...args);
      expect(result.code).toBe(2);
      expect(result.output).toMatch(/^usage: keys create <name>/);
    }
  });

  it('creates a first key on start only when there is no active key', async () => {
    const fresh = await getTestDatabase();
    const freshDb = createDatabase({ connectionString: fresh.connectionString });
    try {
      await migrateAll(freshDb);
      const lines: string[] = [];
      const deps = { db: freshDb, now: () => new Date(), print: (l: string) => lines.push(l) };
      expect(await ensureFirstApiKey(deps)).toBe(true);
      expect(await ensureFirstApiKey(deps)).toBe(false);
      expect(lines.join('\n').match(/drk_\S+/g)).toHaveLength(1);
    } finally {
      await freshDb.destroy();
      await fresh.close();
    }
  });
});
