import { StoryWindow } from '../news/stories/story-window.ts';
import type { Store } from '../store/index.ts';

/**
 * Where the same-story decision is made. An article is new or a copy of a known story depending on every
 * story seen so far, so decisions must happen one at a time against an index that includes all of them.
 */
export interface StoryGate {
  /** Wraps one feed's whole ingest. One process: serial, as the seen-set reads rely on earlier feeds' marks. */
  ingest<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs the decision for one feed's fresh articles with an up-to-date index; nobody else decides meanwhile. */
  decide<T>(fn: (index: StoryWindow) => Promise<T>): Promise<T>;
  /**
   * Once a story's page was read: the earlier story whose body it copies (a syndicated copy under a new
   * headline), or undefined, in which case its body is recorded for later copies. Decided one at a time, as
   * `decide` is, so two copies read at once cannot both be first.
   */
  matchBody(storyId: string, outlet: string, sketch: Uint32Array, at: number): Promise<string | undefined>;
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
  private index: StoryWindow | undefined;
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

  async decide<T>(fn: (index: StoryWindow) => Promise<T>): Promise<T> {
    const windowMs = this.deps.windowHours * 3_600_000;
    if (!this.index) this.index = new StoryWindow(await this.deps.store.stories.loadRecent(this.deps.now(), this.deps.windowHours), { windowMs });
    this.index.prune(this.deps.now().getTime() - windowMs);
    return fn(this.index);
  }

  matchBody(storyId: string, outlet: string, sketch: Uint32Array, at: number): Promise<string | undefined> {
    return this.decide(async (window) => matchBodyIn(window, this.deps.store, { storyId, outlet, sketch, at }));
  }
}

/**
 * Several processes: feeds are fetched and parsed in parallel everywhere, but decisions run under one store
 * lock (`ingest`), after catching up on the recent-story chunks other processes appended since this one last
 * looked. Decisions waiting in this process are taken in one batch per lock hold (group commit), so the lock
 * and the catch-up are paid once per batch rather than once per feed.
 */
export class SharedStoryGate implements StoryGate {
  private readonly index: StoryWindow;
  private cursor = new Map<number, number>();
  private readonly pending: { fn: (index: StoryWindow) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  private draining = false;
  constructor(private readonly deps: GateDeps & { lockTtlMs?: number; batch?: number }) {
    this.index = new StoryWindow([], { windowMs: deps.windowHours * 3_600_000 });
  }

  matchBody(storyId: string, outlet: string, sketch: Uint32Array, at: number): Promise<string | undefined> {
    return this.decide(async (window) => matchBodyIn(window, this.deps.store, { storyId, outlet, sketch, at }));
  }

  get indexedStories(): number {
    return this.index.size;
  }

  ingest<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  decide<T>(fn: (index: StoryWindow) => Promise<T>): Promise<T> {
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

async function matchBodyIn(window: StoryWindow, store: Store, body: { storyId: string; outlet: string; sketch: Uint32Array; at: number }): Promise<string | undefined> {
  const { storyId, outlet, sketch, at } = body;
  const earlier = window.findBody(sketch, outlet);
  if (earlier && earlier !== storyId) {
    // The copy's story becomes the original's in the window too, here and (through the log) in every process,
    // so a later rewrite of the copy's headline joins the original directly.
    const fold = { storyId, canonicalUrl: '', title: '', source: outlet, at, signature: [], foldInto: earlier };
    window.add(fold);
    await store.stories.addRecent([fold]);
    return earlier;
  }
  if (earlier === storyId || sketch.length === 0) return undefined;
  // Recorded where every process reads the window from, so a copy read by another process finds it too.
  const entry = { storyId, canonicalUrl: '', title: '', source: outlet, at, signature: [], body: [...sketch] };
  window.add(entry);
  await store.stories.addRecent([entry]);
  return undefined;
}
