import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Keyv from 'keyv';
import type { Pool } from 'pg';
import { claimsTableSql, memoryClaims, redisClaims, sqlClaims, type Claims, type RedisLike, type SqlQuery } from './claims.ts';
import { sqlSweeper, type Sweeper } from './sweep.ts';

/** Opens one Keyv namespace; every repository asks this for its own, so the backend is chosen in one place. */
export type KeyvFactory = (namespace: string) => Keyv;

export class StoreError extends Error {
  override name = 'StoreError';
}

export interface StoreBackend {
  open: KeyvFactory;
  /** Set-if-absent with expiry, atomic on this backend (and across processes sharing it). */
  claims: Claims;
  /** Deletes rows whose TTL has passed; returns how many (0 where the backend expires keys by itself). */
  sweepExpired: Sweeper;
  /** Closes every namespace opened through `open`, and the connection behind them. */
  close(): Promise<void>;
  kind: 'sqlite' | 'redis' | 'postgres' | 'memory';
}

export interface StoreOptions {
  /**
   * Put in front of every namespace (and claim): lets several independent stores share one Redis or
   * PostgreSQL server, as tests do. Letters, digits, `_` and `-` only, because Keyv splits keys on `:`.
   */
  prefix?: string;
  /**
   * SQLite only: how long a write waits for another process's write before failing with "database is locked"
   * (STORE_BUSY_TIMEOUT_MS). Default 10 s.
   */
  busyTimeoutMs?: number;
  /** The same-story window (STORY_WINDOW_HOURS): posted alerts are kept while their story can still grow. */
  storyWindowMs?: number;
}

/** Keyv lists a namespace page by page; bigger pages mean fewer round trips when listing thousands of feeds. */
const ITERATION_LIMIT = 500;
/** PostgreSQL table for Keyv's data: wider keys than @keyv/postgres's default 255 (seen-set keys hold titles). */
const PG_TABLE = 'newsbot_kv';
const PG_KEY_SIZE = 1024;
const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

/**
 * Picks the Keyv adapter from STORE_URL. SQLite is built in; Redis and PostgreSQL load their Keyv adapter on
 * demand. Each namespace gets its own adapter instance because Keyv adapters carry the namespace as mutable
 * state; on Redis and PostgreSQL those instances share one connection (pool) that this backend owns.
 */
export async function openStoreBackend(storeUrl: string, options: StoreOptions = {}): Promise<StoreBackend> {
  const prefix = options.prefix ?? '';
  if (!/^[\w-]*$/.test(prefix)) throw new StoreError(`A store prefix may hold only letters, digits, _ and -, got "${prefix}"`);
  const ns = (namespace: string) => `${prefix}${namespace}`;
  const opened: Keyv[] = [];
  const track = (k: Keyv) => {
    opened.push(k);
    return k;
  };
  const scheme = storeUrl.split(':')[0]!.toLowerCase();
  if (scheme === 'memory') {
    return {
      kind: 'memory',
      claims: memoryClaims(),
      sweepExpired: async () => 0,
      open: (namespace) => track(new Keyv({ namespace: ns(namespace), throwOnErrors: true })),
      close: async () => {
        await Promise.allSettled(opened.map((k) => k.disconnect()));
      },
    };
  }
  if (scheme === 'sqlite') return openSqlite(storeUrl, ns, prefix, track, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  if (scheme === 'redis' || scheme === 'rediss') return openRedis(storeUrl, ns, prefix, track);
  if (scheme === 'postgres' || scheme === 'postgresql') return openPostgres(storeUrl, ns, prefix, track);
  throw new StoreError(`STORE_URL must start with sqlite://, redis:// or postgresql://, got "${scheme}:"`);
}

async function openSqlite(storeUrl: string, ns: (n: string) => string, prefix: string, track: (k: Keyv) => Keyv, busyTimeoutMs: number): Promise<StoreBackend> {
  const file = storeUrl.replace(/^sqlite:\/\//i, '');
  if (file && file !== ':memory:') {
    try {
      mkdirSync(dirname(resolve(file)), { recursive: true });
    } catch (err) {
      throw new StoreError(`Cannot create the folder for the database ${file}: ${(err as Error).message}`);
    }
  }
  const { default: KeyvSqlite } = await import('@keyv/sqlite');
  // One connection for every namespace and for the claims: SQLite lets one writer in at a time, and separate
  // connections in one process would wait on each other through the busy handler's sleeps.
  const primary = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: busyTimeoutMs, iterationLimit: ITERATION_LIMIT });
  // Each namespace view below adds its Keyv's error listener to this one adapter: one per repository, not a leak.
  primary.setMaxListeners(0);
  const query: SqlQuery = (sql, params) => primary.query(sql, ...params) as Promise<Record<string, unknown>[]>;
  if (file && file !== ':memory:') {
    // WAL: readers never wait for the writer, and a commit appends to the log instead of rewriting pages,
    // which matters now that every read-modify-write also writes and deletes a lock row.
    await useWal(query, busyTimeoutMs);
    await query('PRAGMA synchronous = NORMAL', []);
  }
  const claimsTable = `${prefix.replace(/-/g, '_')}newsbot_claims`;
  // SQLite takes the file's write lock for a CREATE and re-reads the schema once it has it, so IF NOT EXISTS
  // holds between processes here; PostgreSQL needs more (createPostgresTables).
  await query(claimsTableSql('sqlite', claimsTable), []);
  const claims = sqlClaims(query, 'sqlite', claimsTable);
  return {
    kind: 'sqlite',
    claims,
    // @keyv/sqlite's table is `keyv` unless told otherwise.
    sweepExpired: sqlSweeper(query, 'sqlite', 'keyv', claimsTable),
    // A view of the primary adapter with its own namespace (Keyv sets it on the adapter); queries go through
    // the primary's connection.
    open: (namespace) => track(guard(new Keyv({ store: Object.create(primary) as typeof primary, namespace: ns(namespace), throwOnErrors: true }))),
    close: async () => {
      await primary.disconnect().catch(() => undefined);
    },
  };
}

/**
 * WAL is a property of the file, set by whichever connection comes first. Switching to it needs the file to
 * itself, and when another process is opening the same new file at that moment SQLite can answer SQLITE_BUSY
 * at once instead of waiting out the busy timeout (seen about once in 190 rounds of 8 openings at once). So:
 * nothing to do once another connection has switched it, and a busy answer is retried until the timeout.
 */
async function useWal(query: SqlQuery, busyTimeoutMs: number): Promise<void> {
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      const [current] = await query('PRAGMA journal_mode', []);
      if (String(current?.journal_mode).toLowerCase() !== 'wal') await query('PRAGMA journal_mode = WAL', []);
      return;
    } catch (err) {
      if (!/SQLITE_BUSY/.test((err as Error).message) || Date.now() >= deadline) throw err;
      // Apart, so that several openings do not retry in step.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
  }
}

async function openRedis(storeUrl: string, ns: (n: string) => string, prefix: string, track: (k: Keyv) => Keyv): Promise<StoreBackend> {
  const mod = await importAdapter<typeof import('@keyv/redis')>('@keyv/redis', 'redis');
  const client = mod.createClient({ url: storeUrl });
  client.on('error', () => {});
  // Every namespace's adapter listens on this one shared client (connect, error, reconnecting…): one per
  // repository, not a leak, so Node's warning at eleven is lifted as for SQLite's shared connection.
  (client as unknown as { setMaxListeners(n: number): void }).setMaxListeners(0);
  try {
    await client.connect();
  } catch (err) {
    throw new StoreError(`Cannot connect to Redis at ${redactUrl(storeUrl)}: ${(err as Error).message}`);
  }
  return {
    kind: 'redis',
    claims: redisClaims(client as unknown as RedisLike, prefix),
    sweepExpired: async () => 0,
    open: (namespace) => track(guard(new Keyv({ store: new mod.default(client as never), namespace: ns(namespace), throwOnErrors: true }))),
    // The adapters share the client: closing it once closes them all.
    close: async () => {
      await client.close().catch(() => undefined);
    },
  };
}

async function openPostgres(storeUrl: string, ns: (n: string) => string, prefix: string, track: (k: Keyv) => Keyv): Promise<StoreBackend> {
  const mod = await importAdapter<typeof import('@keyv/postgres')>('@keyv/postgres', 'postgresql');
  const { default: pg } = await import('pg');
  // @keyv/postgres keeps one module-wide pool per URL and ends it on any adapter's disconnect; a pool per
  // store, owned here, lets two stores (or a store and its reopen) live in one process.
  const pool = new pg.Pool({ connectionString: storeUrl, max: 10 });
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new StoreError(`Cannot connect to PostgreSQL at ${redactUrl(storeUrl)}: ${(err as Error).message}`);
  }
  const query: SqlQuery = async (sql, params) => (await pool.query(sql, params)).rows as Record<string, unknown>[];
  class PooledKeyvPostgres extends mod.default {
    override async connect() {
      // The adapter sends CREATE TABLE IF NOT EXISTS for its table when built; createPostgresTables made it
      // already, so that statement is answered here instead of costing every namespace a round trip, and the
      // pool a connection each, at every start.
      return (sql: string, values?: unknown[]) => (/^\s*CREATE /i.test(sql) ? Promise.resolve([]) : query(sql, values ?? [])) as Promise<never[]>;
    }
    override async disconnect() {}
  }
  const table = `${prefix.replace(/-/g, '_')}${PG_TABLE}`;
  const claimsTable = `${prefix.replace(/-/g, '_')}newsbot_claims`;
  // Created up front (not lazily by each adapter) so the first writes cannot race the CREATE TABLE.
  try {
    await createPostgresTables(pool, `newsbot-create:${table}`, [
      `CREATE TABLE IF NOT EXISTS ${table} (key VARCHAR(${PG_KEY_SIZE}) PRIMARY KEY, value TEXT)`,
      claimsTableSql('postgres', claimsTable),
    ]);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  const claims = sqlClaims(query, 'postgres', claimsTable);
  return {
    kind: 'postgres',
    claims,
    sweepExpired: sqlSweeper(query, 'postgres', table, claimsTable),
    open: (namespace) =>
      track(
        guard(
          new Keyv({
            store: new PooledKeyvPostgres({ uri: storeUrl, table, keySize: PG_KEY_SIZE, iterationLimit: ITERATION_LIMIT }),
            namespace: ns(namespace),
            throwOnErrors: true,
          }),
        ),
      ),
    close: async () => {
      await pool.end().catch(() => undefined);
    },
  };
}

/**
 * PostgreSQL error codes a CREATE TABLE IF NOT EXISTS gets when another session created the same table after
 * this one looked for it: 23505 (the catalog's unique index), 42710 (the table's row type exists) or 42P07 (the
 * relation exists), depending on how far this session got when the other committed.
 */
const PG_ALREADY_EXISTS = new Set(['23505', '42710', '42P07']);

/**
 * CREATE TABLE IF NOT EXISTS is not safe against itself in PostgreSQL: two sessions that both find the table
 * missing both create it, and one fails (PG_ALREADY_EXISTS). Every opening takes one advisory lock, named after
 * the store's table, around its creations, so a second opening waits for the first and then finds the tables.
 * A creator that does not take the lock (an older newsbot during an upgrade, another tool) can still race;
 * its error means the table is there, so those codes count as success.
 */
async function createPostgresTables(pool: Pool, lockName: string, statements: string[]): Promise<void> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockName]);
    for (const sql of statements) {
      try {
        await client.query(sql);
      } catch (err) {
        if (!PG_ALREADY_EXISTS.has((err as { code?: string }).code ?? '')) throw err;
      }
    }
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName]);
  } catch (err) {
    failed = err as Error;
    throw err;
  } finally {
    // A session lock lives as long as its connection: on failure the connection is closed rather than returned
    // to the pool, which frees a lock still held.
    client.release(failed);
  }
}

async function importAdapter<T>(adapterPackage: string, scheme: string): Promise<T> {
  try {
    return (await import(adapterPackage)) as T;
  } catch {
    // A dependency of newsbot: missing only when the install is incomplete.
    throw new StoreError(`STORE_URL uses ${scheme}, which needs the ${adapterPackage} package, but it is not installed: run npm install (or npm ci) again`);
  }
}

/** Connection URLs can carry a password; messages show the host only. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * Keyv emits store errors as events as well as rejecting (throwOnErrors); without a listener Node would crash
 * the process on the event. The rejection still reaches the caller, so nothing fails silently.
 */
function guard(k: Keyv): Keyv {
  k.on('error', () => {});
  return k;
}
