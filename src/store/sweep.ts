import type { SqlQuery } from './claims.ts';

/**
 * Deletes expired rows. Keyv enforces a TTL only when a key is read again, and most keys never are (a seen
 * mark for an item that left its feed, a delivery record, a spent claim), so without a sweep an SQL store
 * grows for as long as the bot runs. Redis expires keys by itself and needs none.
 *
 * Batches keep each write transaction short, so polls and commands are never held up for long.
 */
export type Sweeper = (nowMs: number) => Promise<number>;

const BATCH = 2_000;

export function sqlSweeper(query: SqlQuery, dialect: 'sqlite' | 'postgres', kvTable: string, claimsTable: string): Sweeper {
  // Keyv stores every value as JSON `{"value":…,"expires":<epoch ms>}`; values without a TTL have no expires.
  const expiredKv =
    dialect === 'sqlite'
      ? `DELETE FROM ${kvTable} WHERE rowid IN (SELECT rowid FROM ${kvTable} WHERE json_valid(value) AND json_extract(value, '$.expires') < ? LIMIT ${BATCH}) RETURNING 1 AS gone`
      : `DELETE FROM ${kvTable} WHERE key IN (SELECT key FROM ${kvTable} WHERE value LIKE '%"expires":%' AND (value::jsonb ->> 'expires')::bigint < $1 LIMIT ${BATCH}) RETURNING 1 AS gone`;
  const expiredClaims = `DELETE FROM ${claimsTable} WHERE expires < ${dialect === 'postgres' ? '$1' : '?'} RETURNING 1 AS gone`;
  return async (nowMs) => {
    let removed = 0;
    for (;;) {
      const rows = await query(expiredKv, [nowMs]);
      removed += rows.length;
      if (rows.length < BATCH) break;
    }
    removed += (await query(expiredClaims, [nowMs])).length;
    return removed;
  };
}
