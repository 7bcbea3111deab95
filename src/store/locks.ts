import { randomUUID } from 'node:crypto';
import type { Claims } from './claims.ts';
import { KeyedMutex } from './keyed-mutex.ts';

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

export interface LockOptions {
  /** How long the lock lasts if its holder dies without releasing it. */
  ttlMs?: number;
  /** How long to wait for a busy lock before giving up. */
  waitMs?: number;
  /** Longest pause between two tries; short for a hot lock whose sections are brief. */
  retryMaxMs?: number;
}

const DEFAULT_TTL_MS = 10_000;
const DEFAULT_WAIT_MS = 60_000;

/**
 * A lock with expiry for read-modify-write sections, built on the store's claims. Inside one process a
 * KeyedMutex queues callers first, so only one of them at a time polls the shared claim; across processes the
 * claim decides. A holder that crashes frees the key when its claim expires, so sections must finish well
 * within `ttlMs` (they are a read and a write of one record).
 */
export class StoreLocks {
  private readonly local = new KeyedMutex();
  constructor(private readonly claims: Claims) {}

  run<T>(key: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
    if (!this.claims.shared) return this.local.run(key, fn);
    return this.local.run(key, async () => {
      const owner = randomUUID();
      await this.acquire(`lock:${key}`, owner, opts.ttlMs ?? DEFAULT_TTL_MS, opts.waitMs ?? DEFAULT_WAIT_MS, opts.retryMaxMs ?? 50);
      try {
        return await fn();
      } finally {
        await this.claims.release(`lock:${key}`, owner).catch(() => undefined);
      }
    });
  }

  private async acquire(key: string, owner: string, ttlMs: number, waitMs: number, retryMaxMs: number): Promise<void> {
    const deadline = Date.now() + waitMs;
    let pause = 2;
    while (!(await this.claims.claim(key, ttlMs, owner))) {
      if (Date.now() > deadline) throw new LockTimeoutError(`Timed out after ${waitMs} ms waiting for the store lock ${key}`);
      // Jittered back-off: waiters on a hot key (a server's settings) do not retry in lockstep.
      await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
      pause = Math.min(pause * 2, retryMaxMs);
    }
  }
}
