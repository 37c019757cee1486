import {
  countActiveApiKeys,
  createApiKey,
  listApiKeys,
  revokeApiKey,
} from '../api-keys/api-key.repository.js';
import type { Db } from '../database/database.js';

export interface KeysCliDeps {
  db: Db;
  now: () => Date;
  /** Where the command writes; a plain key goes here once and nowhere else. */
  print: (line: string) => void;
}

const USAGE = [
  'usage: keys create <name> [--operator]',
  '                            create a key; it is printed once. An operator key signs in',
  '                            to the dashboard seeing every tenant',
  '       keys revoke <id>     revoke a key by its id (key_...)',
  '       keys list            list keys (ids and names only)',
];

/** `keys create|revoke|list`. Resolves with the process exit code. */
export async function runKeysCommand(args: readonly string[], deps: KeysCliDeps): Promise<number> {
  const operator = args.includes('--operator');
  const [command, argument] = args.filter((arg) => arg !== '--operator');
  if (command === 'create' && argument?.trim()) {
    const { key, plainKey } = await createApiKey(deps.db, argument.trim(), deps.now(), {
      operator,
    });
    const scope = operator ? 'operator key: its dashboard sees every tenant' : 'API key';
    deps.print(`Created ${scope} ${key.id} (${key.name}). Send it as the X-API-Key header.`);
    deps.print('It is shown only this once; store it now:');
    deps.print('');
    deps.print(`  ${plainKey}`);
    deps.print('');
    return 0;
  }
  if (operator && command !== 'create') {
    for (const line of USAGE) deps.print(line);
    return 2;
  }
  if (command === 'revoke' && argument) {
    if (await revokeApiKey(deps.db, argument, deps.now())) {
      deps.print(`Revoked ${argument}.`);
      return 0;
    }
    deps.print(`No active key with id ${argument}.`);
    return 1;
  }
  if (command === 'list') {
    const keys = await listApiKeys(deps.db);
    if (keys.length === 0) deps.print('No API keys.');
    for (const key of keys) {
      const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
      const scope = key.operator ? '  operator' : '';
      deps.print(
        `${key.id}  ${key.name}  created ${key.createdAt.toISOString()}  ${state}${scope}`,
      );
    }
    return 0;
  }
  for (const line of USAGE) deps.print(line);
  return 2;
}

/**
 * On a first start there is no way in: create one key and print it, once, so the quick start
 * works. Afterwards keys come from the `keys` command only.
 */
export async function ensureFirstApiKey(deps: KeysCliDeps): Promise<boolean> {
  if ((await countActiveApiKeys(deps.db)) > 0) return false;
  const { key, plainKey } = await createApiKey(deps.db, 'default', deps.now());
  deps.print('');
  deps.print(`No API key existed, so one was created: ${key.id} ("default").`);
  deps.print('It is shown only this once; send it as the X-API-Key header:');
  deps.print('');
  deps.print(`  ${plainKey}`);
  deps.print('');
  deps.print('Create more with: pnpm --filter @dramarelay/bot keys create <name>');
  deps.print('');
  return true;
}
