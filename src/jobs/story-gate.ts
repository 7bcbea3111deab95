import { StoryIndex } from '../news/stories/same-story.ts';
import type { Store } from '../store/index.ts';

/**
 * Where the same-story decision is made. An article is new or a copy of a known story depending on every
 * story seen so far, so decisions must happen one at a time against an index that includes all of them.
 */
export interface StoryGate {
  /** Wraps one feed's whole ingest. One process: serial, as the seen-set reads rely on earlier feeds' marks. */
  ingest<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs the decision for one feed's fresh articles with an up-to-date index; nobody else decides meanwhile. */
  decide<T>(fn: (index: StoryIndex) => Promise<T>): Promise<T>;
  /** Stories in the in-memory window (the bot's largest long-lived structure), for the cycle's log line. */
  readonly indexedStories: number;
}

interface GateDeps {
  store: Store;
  now: () => Date;
  windowHours: number;
}

/** One process: the index lives in memory (rebuilt from the store at start) and ingests run one at a time. */
export class LocalStoryGate implements StoryGate {
  private index: StoryIndex | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly deps: GateDeps) {}

  get indexedStories(): number {
    return this.index?.size ?? 0;
  }

  ingest<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async decide<T>(fn: (index: StoryIndex) => Promise<T>): Promise<T> {
    if (!this.index) this.index = new StoryIndex(await this.deps.store.stories.loadRecent(this.deps.now(), this.deps.windowHours));
    this.index.prune(this.deps.now().getTime() - this.deps.windowHours * 3_600_000);
    return fn(this.index);
  }
}

/**
 * Several processes: feeds are fetched and parsed in parallel everywhere, but decisions run under one store
 * lock (`ingest`), after catching up on the recent-story chunks other processes appended since this one last
 * looked. Decisions waiting in this process are taken in one batch per lock hold (group commit), so the lock
 * and the catch-up are paid once per batch rather than once per feed.
 */
export class SharedStoryGate implements StoryGate {
  private readonly index = new StoryIndex();
  private cursor = new Map<number, number>();
  private readonly pending: { fn: (index: StoryIndex) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  private draining = false;
  constructor(private readonly deps: GateDeps & { lockTtlMs?: number; batch?: number }) {}

  get indexedStories(): number {
    return this.index.size;
  }

  ingest<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  decide<T>(fn: (index: StoryIndex) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.pending.length) {
        try {
          await this.deps.store.locks.run(
            'ingest',
            async () => {
              const now = this.deps.now();
              const { entries, cursor } = await this.deps.store.stories.readRecent(this.cursor, now, this.deps.windowHours);
              for (const entry of entries) this.index.add(entry);
              this.cursor = cursor;
              this.index.prune(now.getTime() - this.deps.windowHours * 3_600_000);
              for (const job of this.pending.splice(0, this.deps.batch ?? 32)) {
                await job.fn(this.index).then(job.resolve, job.reject);
              }
            },
            { ttlMs: this.deps.lockTtlMs ?? 20_000, waitMs: 5 * 60_000, retryMaxMs: 5 },
          );
        } catch (err) {
          for (const job of this.pending.splice(0)) job.reject(err);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
