import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createClient } from '@keyv/redis';

/**
 * The store backends a suite runs on: SQLite always; Redis and PostgreSQL when TEST_REDIS_URL /
 * TEST_POSTGRES_URL point at a server (`.ci/run` sets both). Each backend gets a prefix unique to this run,
 * so CI and a developer sharing one server never see each other's keys, and `cleanup` removes them.
 */
export interface TestBackend {
  name: 'sqlite' | 'redis' | 'postgres';
  url: string;
  prefix: string;
  cleanup(): Promise<void>;
}

export interface BackendChoice {
  name: TestBackend['name'];
  /** Undefined when the backend is skipped; `reason` then says why. */
  make?: () => TestBackend;
  reason?: string;
}

export function uniquePrefix(): string {
  // Starts with a letter: PostgreSQL table names are built from it.
  return `t${randomBytes(5).toString('hex')}_`;
}

export function backendChoices(): BackendChoice[] {
  const redisUrl = process.env.TEST_REDIS_URL;
  const pgUrl = process.env.TEST_POSTGRES_URL;
  return [
    { name: 'sqlite', make: sqliteBackend },
    redisUrl
      ? { name: 'redis', make: () => redisBackend(redisUrl) }
      : { name: 'redis', reason: 'TEST_REDIS_URL is not set (e.g. TEST_REDIS_URL=redis://127.0.0.1:6379)' },
    pgUrl
      ? { name: 'postgres', make: () => postgresBackend(pgUrl) }
      : { name: 'postgres', reason: 'TEST_POSTGRES_URL is not set (e.g. TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test)' },
  ];
}

export function sqliteBackend(): TestBackend {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-store-'));
  return {
    name: 'sqlite',
    url: `sqlite://${join(dir, 'newsbot.sqlite')}`,
    prefix: '',
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function redisBackend(url: string): TestBackend {
  const prefix = uniquePrefix();
  return {
    name: 'redis',
    url,
    prefix,
    async cleanup() {
      await deleteRedisPrefix(url, prefix);
    },
  };
}

export async function deleteRedisPrefix(url: string, prefix: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length) await client.del(keys);
    }
  } finally {
    await client.close();
  }
}

export function postgresBackend(url: string): TestBackend {
  const prefix = uniquePrefix();
  return {
    name: 'postgres',
    url,
    prefix,
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP TABLE IF EXISTS ${prefix}newsbot_kv, ${prefix}newsbot_claims`);
      } finally {
        await client.end();
      }
    },
  };
}
