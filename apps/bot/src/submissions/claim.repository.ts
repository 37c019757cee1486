import { type ExpressionBuilder, type Selectable, sql, type UpdateObject } from 'kysely';
import type { AppTables, Db } from '../database/database.js';
import { hasRoom } from '../tasks/task.repository.js';
import type { ClaimTable } from './claim.table.js';
import type { Platform } from './platform-link.js';

export type Claim = Selectable<ClaimTable>;

export interface OpenClaim {
  id: number;
  taskId: number;
  title: string;
  status: Claim['status'];
}

/** Claims a task for a user; a second claim of the same task returns the first one. */
export async function claimTask(
  db: Db,
  input: { taskId: number; userId: number; now: Date },
): Promise<{ claim: Claim; created: boolean }> {
  const inserted = await db
    .insertInto('claims')
    .values({
      task_id: input.taskId,
      user_id: input.userId,
      status: 'claimed',
      created_at: input.now,
      updated_at: input.now,
    })
    .onConflict((oc) => oc.columns(['user_id', 'task_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { claim: inserted, created: true };
  const existing = await db
    .selectFrom('claims')
    .selectAll()
    .where('user_id', '=', input.userId)
    .where('task_id', '=', input.taskId)
    .executeTakeFirstOrThrow();
  return { claim: existing, created: false };
}

export async function findClaim(db: Db, claimId: number): Promise<Claim | undefined> {
  return db.selectFrom('claims').selectAll().where('id', '=', claimId).executeTakeFirst();
}

/** Claims the user can still submit a link for (not verified, task still active). */
export async function listOpenClaims(db: Db, userId: number, now: Date): Promise<OpenClaim[]> {
  const rows = await db
    .selectFrom('claims')
    .innerJoin('tasks', 'tasks.id', 'claims.task_id')
    .select(['claims.id', 'claims.task_id', 'claims.status', 'tasks.title'])
    .where('claims.user_id', '=', userId)
    .where('claims.status', '<>', 'verified')
    .where('tasks.deleted_at', 'is', null)
    .where('tasks.status', '=', 'active')
    .where('tasks.expires_at', '>', now)
    .orderBy('claims.id', 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => ({ id: r.id, taskId: r.task_id, title: r.title, status: r.status }));
}

/** The user's verified claim that this video (`parseVideoLink`'s `videoKey`) earned, if any. */
export async function findVerifiedClaimOfVideo(
  db: Db,
  userId: number,
  videoKey: string,
): Promise<OpenClaim | undefined> {
  const row = await db
    .selectFrom('claims')
    .innerJoin('tasks', 'tasks.id', 'claims.task_id')
    .select(['claims.id', 'claims.task_id', 'claims.status', 'tasks.title'])
    .where('claims.user_id', '=', userId)
    .where('claims.video_key', '=', videoKey)
    .where('claims.status', '=', 'verified')
    .executeTakeFirst();
  return row && { id: row.id, taskId: row.task_id, title: row.title, status: row.status };
}

export type SubmitLinkResult =
  | { ok: true; claim: Claim }
  | { ok: false; reason: 'not_found' | 'already_verified' | 'link_taken' | 'task_full' }
  /** The task was deleted or paused, or has expired: it takes no links. */
  | { ok: false; reason: 'task_closed'; taskId: number };

/**
 * Puts a link under review for a claim of this user, while its task is active (not deleted,
 * not paused, not expired) and not full. A verified claim is final; a video that is already under review
 * or verified elsewhere is refused by a unique index on its video key, not a check.
 */
export async function submitLink(
  db: Db,
  input: {
    claimId: number;
    userId: number;
    link: string;
    platform: Platform;
    /** The video's identity (`parseVideoLink`'s `videoKey`): one video earns once. */
    videoKey: string;
    now: Date;
    /** When the background checker may take it (now, for a link just sent). */
    checkAt: Date;
  },
): Promise<SubmitLinkResult> {
  try {
    const claim = await db
      .updateTable('claims')
      .set({
        status: 'pending_verification',
        submission_link: input.link,
        video_key: input.videoKey,
        platform: input.platform,
        submitted_at: input.now,
        verified_at: null,
        verification_attempts: 0,
        next_verification_at: input.checkAt,
        last_verification_error: null,
        verification_details: null,
        updated_at: input.now,
      })
      .where('id', '=', input.claimId)
      .where('user_id', '=', input.userId)
      .where('status', '<>', 'verified')
      .where('task_id', 'in', (eb) =>
        eb
          .selectFrom('tasks')
          .select('id')
          .where('deleted_at', 'is', null)
          .where('status', '=', 'active')
          .where('expires_at', '>', input.now)
          .where(hasRoom),
      )
      .returningAll()
      .executeTakeFirst();
    if (claim) return { ok: true, claim };
  } catch (error) {
    if (isUniqueViolation(error, 'claims_live_video_unique')) {
      return { ok: false, reason: 'link_taken' };
    }
    throw error;
  }
  const existing = await findClaim(db, input.claimId);
  if (!existing || existing.user_id !== input.userId) return { ok: false, reason: 'not_found' };
  if (existing.status === 'verified') return { ok: false, reason: 'already_verified' };
  const open = await db
    .selectFrom('tasks')
    .select((eb) => hasRoom(eb).as('room'))
    .where('id', '=', existing.task_id)
    .where('deleted_at', 'is', null)
    .where('status', '=', 'active')
    .where('expires_at', '>', input.now)
    .executeTakeFirst();
  if (open && !open.room) return { ok: false, reason: 'task_full' };
  return { ok: false, reason: 'task_closed', taskId: existing.task_id };
}

/**
 * Leases up to `limit` claims whose check is due by pushing their next check `leaseMs` ahead,
 * so concurrent sweepers (or processes) never check the same link at the same time.
 */
export async function leaseDueVerifications(
  db: Db,
  input: { now: Date; limit: number; leaseMs: number },
): Promise<Claim[]> {
  const leaseUntil = new Date(input.now.getTime() + input.leaseMs);
  return db
    .updateTable('claims')
    .set({ next_verification_at: leaseUntil })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('claims')
        .select('id')
        .where('status', '=', 'pending_verification')
        .where('next_verification_at', '<=', input.now)
        .orderBy('next_verification_at')
        .limit(input.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

/**
 * Changes a claim only while `link` is the one under review: never a claim already verified
 * or rejected, nor one whose user has since sent another link. `undefined` otherwise.
 */
export function updateLinkUnderReview(
  db: Db,
  claim: { claimId: number; link: string },
  values: UpdateObject<AppTables, 'claims'>,
): Promise<Claim | undefined> {
  return db
    .updateTable('claims')
    .set(values)
    .where('id', '=', claim.claimId)
    .where('status', '=', 'pending_verification')
    .where('submission_link', '=', claim.link)
    .returningAll()
    .executeTakeFirst();
}

/** Keeps a link under review after a check that could not be made; only if it is still the link. */
export function scheduleVerificationRetry(
  db: Db,
  input: { claimId: number; link: string; error: string; nextAt: Date; now: Date },
): Promise<Claim | undefined> {
  return updateLinkUnderReview(db, input, {
    verification_attempts: sql<number>`verification_attempts + 1`,
    next_verification_at: input.nextAt,
    last_verification_error: input.error,
    updated_at: input.now,
  });
}

export function rejectSubmission(
  db: Db,
  input: {
    claimId: number;
    link: string;
    error: string;
    details: Claim['verification_details'];
    now: Date;
  },
): Promise<Claim | undefined> {
  return updateLinkUnderReview(db, input, {
    status: 'rejected',
    verification_attempts: sql<number>`verification_attempts + 1`,
    next_verification_at: null,
    last_verification_error: input.error,
    verification_details: input.details ? JSON.stringify(input.details) : null,
    updated_at: input.now,
  });
}

/** A completion that produced a webhook, or whose webhook the delivery engine refused. */
function hadCompletionWebhook(eb: ExpressionBuilder<AppTables, 'claims'>) {
  return eb.or([eb('webhook_delivery_id', 'is not', null), eb('webhook_error', 'is not', null)]);
}

/**
 * The claims of a key's task that produced a completion webhook, or whose webhook the
 * delivery engine refused, newest first.
 */
export async function listCompletedClaimsOfTask(db: Db, taskId: number): Promise<Claim[]> {
  return db
    .selectFrom('claims')
    .selectAll()
    .where('task_id', '=', taskId)
    .where(hadCompletionWebhook)
    .orderBy('verified_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The task owning a delivery, so a key can act only on its own deliveries. */
export async function findClaimByDelivery(
  db: Db,
  deliveryId: string,
  apiKeyId: string,
): Promise<Claim | undefined> {
  return db
    .selectFrom('claims')
    .innerJoin('tasks', 'tasks.id', 'claims.task_id')
    .selectAll('claims')
    .where('claims.webhook_delivery_id', '=', deliveryId)
    .where('tasks.api_key_id', '=', apiKeyId)
    .executeTakeFirst();
}

export interface ClaimCounts {
  claims: number;
  completions: number;
}

export async function countClaimsByTask(
  db: Db,
  taskIds: readonly number[],
): Promise<Map<number, ClaimCounts>> {
  const counts = new Map<number, ClaimCounts>();
  if (taskIds.length === 0) return counts;
  const rows = await db
    .selectFrom('claims')
    .select((eb) => [
      'task_id',
      eb.fn.countAll<number>().as('claims'),
      eb.fn.count<number>('id').filterWhere('status', '=', 'verified').as('completions'),
    ])
    .where('task_id', 'in', taskIds)
    .groupBy('task_id')
    .execute();
  for (const row of rows) {
    counts.set(row.task_id, { claims: Number(row.claims), completions: Number(row.completions) });
  }
  return counts;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === '23505' &&
    (error as { constraint?: unknown }).constraint === constraint
  );
}

/** Each task's latest completion webhook: its delivery, or why it was refused. */
export type LatestWebhook =
  | { deliveryId: string; error: null }
  | { deliveryId: null; error: string };

/** The webhook of each task's latest completion (sent or refused). */
export async function latestWebhooks(
  db: Db,
  taskIds: readonly number[],
): Promise<Map<number, LatestWebhook>> {
  const latest = new Map<number, LatestWebhook>();
  if (taskIds.length === 0) return latest;
  const rows = await db
    .selectFrom('claims')
    .select(['task_id', 'webhook_delivery_id', 'webhook_error'])
    .distinctOn('task_id')
    .where('task_id', 'in', taskIds)
    .where(hadCompletionWebhook)
    .orderBy('task_id')
    .orderBy('verified_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const row of rows) {
    latest.set(
      row.task_id,
      row.webhook_delivery_id !== null
        ? { deliveryId: row.webhook_delivery_id, error: null }
        : { deliveryId: null, error: row.webhook_error ?? '' },
    );
  }
  return latest;
}
