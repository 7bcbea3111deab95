import type Keyv from 'keyv';
import { entriesOf } from './list-entries.ts';
import type { StoreLocks } from './locks.ts';

/** What the bot remembers about one feed URL, shared by every server that reads it. */
export interface FeedRecord {
  url: string;
  title?: string;
  etag?: string;
  lastModified?: string;
  addedAt: string;
  /** False until the first successful read, which marks the backlog as seen instead of alerting it. */
  initialized: boolean;
  lastPolledAt?: string;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
  /** What kind of failure `lastError` is (a FailureKind of i18n/catalog/failures.ts), so it can be worded in a reader's language. */
  lastErrorKind?: string;
  /** The HTTP status of that failure, when the site answered with one. */
  lastErrorStatus?: number;
  /** Consecutive failures; 0 when the last read worked. */
  failures: number;
  /** When the current run of failures began. */
  failingSince?: string;
  /** Back-off: the feed is not read again before this time. */
  nextAttemptAt?: string;
  itemCount?: number;
  /**
   * Set while the feed's document is broken but its complete items are read anyway: what admins see instead
   * of "ok" ("malformed, 3 items recovered (line 12: …)"). Cleared by the next sound read.
   */
  health?: string;
}

export class FeedRepository {
  constructor(
    private readonly kv: Keyv,
    private readonly locks: StoreLocks,
  ) {}

  async get(url: string): Promise<FeedRecord | undefined> {
    return (await this.kv.get<FeedRecord>(url)) ?? undefined;
  }

  /** Adds the feed if it is new; returns the record either way. */
  async ensure(url: string, now: Date, title?: string): Promise<FeedRecord> {
    // Every poll ensures every feed: the lock is only needed when the feed is actually new.
    const known = await this.get(url);
    if (known) return known;
    return this.locks.run(`feeds:${url}`, async () => {
      const existing = await this.get(url);
      if (existing) return existing;
      const record: FeedRecord = { url, title, addedAt: now.toISOString(), initialized: false, failures: 0 };
      await this.kv.set(url, record);
      return record;
    });
  }

  /** Read-modify-write under a per-feed lock; returns the stored record. */
  async update(url: string, change: (feed: FeedRecord) => FeedRecord): Promise<FeedRecord | undefined> {
    return this.locks.run(`feeds:${url}`, async () => {
      const existing = await this.get(url);
      if (!existing) return undefined;
      const next = change({ ...existing });
      await this.kv.set(url, next);
      return next;
    });
  }

  async remove(url: string): Promise<boolean> {
    return this.locks.run(`feeds:${url}`, () => this.kv.delete(url));
  }

  async list(): Promise<FeedRecord[]> {
    const out: FeedRecord[] = [];
    for await (const [, value] of entriesOf<FeedRecord>(this.kv)) out.push(value);
    return out;
  }
}
