import { sql } from 'kysely';
import type { Db } from '../database/database.js';

/**
 * Credits a claim's reward inside the caller's transaction. The ledger's unique claim_id makes
 * a second credit a no-op; the balance moves only when the ledger row was written.
 */
export async function creditClaimReward(
  db: Db,
  input: { userId: number; claimId: number; amount: number; now: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('reward_ledger')
    .values({
      user_id: input.userId,
      claim_id: input.claimId,
      amount: input.amount,
      created_at: input.now,
    })
    .onConflict((oc) => oc.column('claim_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  await db
    .updateTable('telegram_users')
    .set({ node_power: sql<number>`node_power + ${input.amount}`, updated_at: input.now })
    .where('id', '=', input.userId)
    .execute();
  return true;
}

export interface Standing {
  nodePower: number;
  /** 1-based; users with equal node power share a rank. */
  rank: number;
  completedTasks: number;
}

export async function getStanding(db: Db, userId: number): Promise<Standing | undefined> {
  const row = await db
    .selectFrom('telegram_users as me')
    .select((eb) => [
      'me.node_power',
      eb
        .selectFrom('telegram_users as other')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('other.node_power', '>', 'me.node_power')
        .as('ahead'),
      eb
        .selectFrom('reward_ledger')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('reward_ledger.user_id', '=', 'me.id')
        .as('completed'),
    ])
    .where('me.id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    nodePower: row.node_power,
    rank: Number(row.ahead ?? 0) + 1,
    completedTasks: Number(row.completed ?? 0),
  };
}

export interface RankingEntry {
  rank: number;
  userId: number;
  name: string;
  nodePower: number;
}

export async function topRanking(db: Db, limit = 20): Promise<RankingEntry[]> {
  const rows = await db
    .selectFrom('telegram_users')
    .select([
      'id',
      'username',
      'first_name',
      'node_power',
      sql<number>`rank() over (order by node_power desc)`.as('rank'),
    ])
    .where('node_power', '>', 0)
    .orderBy('node_power', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    rank: Number(r.rank),
    userId: r.id,
    name: r.username ? `@${r.username}` : (r.first_name ?? String(r.id)),
    nodePower: r.node_power,
  }));
}
