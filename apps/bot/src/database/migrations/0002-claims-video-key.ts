import { type Kysely, type Migration, sql } from 'kysely';

/**
 * One video earns once, whatever link spells it: claims get a `video_key` (platform + the
 * video's own id, see `parseVideoLink`), and the unique index on live links moves from the
 * exact link to it.
 *
 * Existing links are already stored in canonical form, so their keys are derived here in SQL
 * (this migration must not change when the app's code does). Videos that were already under
 * review or verified more than once keep the key on one claim (a verified one first, then the
 * oldest); a later duplicate still under review is rejected, and a later duplicate already
 * verified (paid before this migration) keeps no key.
 */
export const claimsVideoKey: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('claims').addColumn('video_key', 'text').execute();

    await sql`
      update claims set video_key = case
        when submission_link ~ '^https://www\\.tiktok\\.com/@[^/]+/video/[0-9]+$'
          then 'tiktok:' || coalesce(
            nullif(ltrim(substring(submission_link from '/video/([0-9]+)$'), '0'), ''), '0')
        when submission_link ~ '^https://vm\\.tiktok\\.com/[A-Za-z0-9]+/$'
          then 'tiktok-short:' || substring(submission_link from '^https://vm\\.tiktok\\.com/([A-Za-z0-9]+)/$')
        when submission_link ~ '^https://www\\.youtube\\.com/watch\\?v=[A-Za-z0-9_-]{11}$'
          then 'youtube:' || substring(submission_link from 'v=([A-Za-z0-9_-]{11})$')
        when submission_link ~ '^https://www\\.instagram\\.com/(p|reel)/[A-Za-z0-9_-]+/$'
          then 'instagram:' || substring(submission_link from '/(?:p|reel)/([A-Za-z0-9_-]+)/$')
      end
      where submission_link is not null`.execute(db);

    await sql`
      with ranked as (
        select id, row_number() over (
          partition by video_key order by (status = 'verified') desc, id
        ) as rank
        from claims
        where video_key is not null and status in ('pending_verification', 'verified')
      )
      update claims set
        status = case when claims.status = 'verified' then 'verified' else 'rejected' end,
        video_key = case when claims.status = 'verified' then null else claims.video_key end,
        next_verification_at = null,
        last_verification_error = case when claims.status = 'verified'
          then claims.last_verification_error
          else 'the same video was already submitted for another claim' end,
        updated_at = now()
      from ranked
      where ranked.id = claims.id and ranked.rank > 1`.execute(db);

    await db.schema
      .createIndex('claims_live_video_unique')
      .on('claims')
      .column('video_key')
      .unique()
      .where(sql.ref('status'), 'in', ['pending_verification', 'verified'])
      .execute();
    await db.schema.dropIndex('claims_live_link_unique').execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema
      .createIndex('claims_live_link_unique')
      .on('claims')
      .column('submission_link')
      .unique()
      .where(sql.ref('status'), 'in', ['pending_verification', 'verified'])
      .execute();
    await db.schema.dropIndex('claims_live_video_unique').execute();
    await db.schema.alterTable('claims').dropColumn('video_key').execute();
  },
};
