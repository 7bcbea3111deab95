import { randomUUID } from 'node:crypto';

/**
 * The one atomic primitive every shared write is built on: set-if-absent with an expiry. Keyv itself has no
 * compare-and-set, so each backend implements this natively (Redis SET NX PX, an upsert that only takes over
 * an expired row in SQL) and the repositories build their locks on it.
 */
export interface Claims {
  /**
   * True when the caller now holds `key` for `ttlMs`: nobody held it, or the previous holder's time ran out.
   * `owner` identifies the holder so that only it can release the claim.
   */
  claim(key: string, ttlMs: number, owner?: string): Promise<boolean>;
  /** Gives `key` up if `owner` still holds it (a holder whose claim expired cannot release another's). */
  release(key: string, owner: string): Promise<void>;
  /** False for the in-memory store: nothing outside this process can see its claims. */
  readonly shared: boolean;
}

/** Claims inside one process, for the in-memory store. */
export function memoryClaims(now: () => number = Date.now): Claims {
  const held = new Map<string, { owner: string; until: number }>();
  return {
    shared: false,
    async claim(key, ttlMs, owner = randomUUID()) {
      const current = held.get(key);
      if (current && current.until > now()) return false;
      held.set(key, { owner, until: now() + ttlMs });
      return true;
    },
    async release(key, owner) {
      if (held.get(key)?.owner === owner) held.delete(key);
    },
  };
}

/** Runs SQL and returns rows; both Keyv SQL adapters expose one (`query`). */
export type SqlQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** The claims table's definition; the store creates it with its other tables (see keyv-factory's createTables). */
export function claimsTableSql(dialect: 'sqlite' | 'postgres', table: string): string {
  const keyType = dialect === 'postgres' ? 'VARCHAR(1024)' : 'TEXT';
  return `CREATE TABLE IF NOT EXISTS ${table} (key ${keyType} PRIMARY KEY, owner TEXT NOT NULL, expires BIGINT NOT NULL)`;
}

/**
 * Claims in a table next to Keyv's (created beforehand from `claimsTableSql`). One statement decides: insert
 * the key, or take over a row whose expiry has passed; RETURNING tells whether this caller won. SQLite (3.35+)
 * and PostgreSQL share the syntax, only the placeholders differ.
 */
export function sqlClaims(query: SqlQuery, dialect: 'sqlite' | 'postgres', table: string): Claims {
  const p = (n: number) => (dialect === 'postgres' ? `$${n}` : '?');
  const claimSql = `INSERT INTO ${table} (key, owner, expires) VALUES (${p(1)}, ${p(2)}, ${p(3)})
    ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires = excluded.expires WHERE ${table}.expires < ${p(4)}
    RETURNING key`;
  return {
    shared: true,
    async claim(key, ttlMs, owner = randomUUID()) {
      const now = Date.now();
      const rows = await query(claimSql, [key, owner, now + ttlMs, now]);
      return rows.length === 1;
    },
    async release(key, owner) {
      await query(`DELETE FROM ${table} WHERE key = ${p(1)} AND owner = ${p(2)}`, [key, owner]);
    },
  };
}

/** The subset of a node-redis client the claims use. */
export interface RedisLike {
  set(key: string, value: string, options: { condition: 'NX'; expiration: { type: 'PX'; value: number } }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

const RELEASE_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Claims as plain Redis keys: SET NX PX is atomic, and the key expires by itself. */
export function redisClaims(client: RedisLike, prefix: string): Claims {
  return {
    shared: true,
    async claim(key, ttlMs, owner = randomUUID()) {
      const reply = await client.set(`${prefix}claim:${key}`, owner, { condition: 'NX', expiration: { type: 'PX', value: Math.max(1, Math.round(ttlMs)) } });
      return reply === 'OK';
    },
    async release(key, owner) {
      await client.eval(RELEASE_IF_OWNER, { keys: [`${prefix}claim:${key}`], arguments: [owner] });
    },
  };
}
