import type { Selectable } from 'kysely';
import type { Db } from '../database/database.js';
import type { Locale } from '../i18n/locales.js';
import type { TelegramUserTable } from './user.table.js';

export type TelegramUser = Selectable<TelegramUserTable>;

export interface SeenUser {
  id: number;
  username: string | null;
  firstName: string | null;
  now: Date;
}

/** Records a user on every update; profile fields follow Telegram, nothing else changes. */
export async function upsertUser(db: Db, user: SeenUser): Promise<TelegramUser> {
  return db
    .insertInto('telegram_users')
    .values({
      id: user.id,
      username: user.username,
      first_name: user.firstName,
      language: null,
      invited_by: null,
      awaiting_link_claim_id: null,
      created_at: user.now,
      updated_at: user.now,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        username: user.username,
        first_name: user.firstName,
        updated_at: user.now,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Records who invited a user: once, never oneself, and only an inviter who exists.
 * Returns whether it was recorded.
 */
export async function recordInvite(db: Db, userId: number, inviterId: number): Promise<boolean> {
  if (userId === inviterId) return false;
  const result = await db
    .updateTable('telegram_users')
    .set({ invited_by: inviterId })
    .where('id', '=', userId)
    .where('invited_by', 'is', null)
    .where((eb) =>
      eb.exists(eb.selectFrom('telegram_users as inviter').where('inviter.id', '=', inviterId)),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setUserLanguage(db: Db, userId: number, language: Locale): Promise<void> {
  await db.updateTable('telegram_users').set({ language }).where('id', '=', userId).execute();
}

export async function setAwaitingLink(
  db: Db,
  userId: number,
  claimId: number | null,
): Promise<void> {
  await db
    .updateTable('telegram_users')
    .set({ awaiting_link_claim_id: claimId })
    .where('id', '=', userId)
    .execute();
}

export async function findUser(db: Db, userId: number): Promise<TelegramUser | undefined> {
  return db.selectFrom('telegram_users').selectAll().where('id', '=', userId).executeTakeFirst();
}
