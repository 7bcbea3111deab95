import type { Config } from './config.ts';
import { fetchOptionsOf, type AppContext, type DiscordPort } from './context.ts';
import { createLogger, type Logger } from './logger.ts';
import type { FetchOptions } from './news/http/fetch.ts';
import { createPagePool } from './news/page-pool.ts';
import { openStore, type Store, type StoreOptions } from './store/index.ts';
import { watchStoreFaults } from './store/store-errors.ts';

/**
 * What a process runs: everything in one (`all`), the Discord gateway (`gateway`, or one `shard` of it under
 * the ShardingManager), the job loop over REST (`worker`), or the command line (`cli`, no store, no Discord).
 */
export type Role = 'all' | 'gateway' | 'shard' | 'worker' | 'cli';

/** The parts every role shares, built once per process (no module-level singletons: tests build their own). */
export interface AppBase {
  readonly role: Role;
  readonly config: Config;
  readonly log: Logger;
  readonly now: () => Date;
  readonly fetch: Partial<FetchOptions>;
  /** Releases what the app opened (the caller's own store, if it handed one in, stays open). */
  close(): Promise<void>;
}

/** A role that keeps state: the store, and the context jobs and commands receive. */
export interface App extends AppBase {
  readonly store: Store;
  /** The context for jobs and commands, given the way this role reaches Discord. */
  context(discord: DiscordPort): AppContext;
}

export interface AppOptions {
  log?: Logger;
  now?: () => Date;
  /** An already open store (tests, a restart on the same file); otherwise STORE_URL is opened. */
  store?: Store;
  /**
   * Called once when the store refuses a write for good (disk full, read-only database) while the app runs:
   * going on would answer members and read feeds while keeping nothing, so the caller stops the process.
   */
  onStoreFault?: (err: unknown) => void;
}

/** How the configuration opens the store: one place, so tests open theirs exactly as the bot does. */
export function storeOptionsOf(config: Pick<Config, 'keyPrefix' | 'storeBusyTimeoutMs' | 'storyWindowHours'>): StoreOptions {
  return { prefix: config.keyPrefix, busyTimeoutMs: config.storeBusyTimeoutMs, storyWindowMs: config.storyWindowHours * 3_600_000 };
}

export function createApp(config: Config, role: 'cli', opts?: Pick<AppOptions, 'log' | 'now'>): Promise<AppBase>;
export function createApp(config: Config, role: Exclude<Role, 'cli'>, opts?: AppOptions): Promise<App>;
/** Builds the process's parts from the validated configuration: logger, clock, fetch limits, store. */
export async function createApp(config: Config, role: Role, opts: AppOptions = {}): Promise<AppBase | App> {
  const log = opts.log ?? createLogger(config.logLevel, config.discordToken ? [config.discordToken] : []);
  const now = opts.now ?? (() => new Date());
  const fetch = fetchOptionsOf(config);
  const closers: (() => Promise<void>)[] = [];
  // helpers: wire here (resources every role shares, e.g. the page-understanding worker pool; push their close)
  // Pages are read in worker threads, so no page stalls the gateway, a command or a delivery; the CLI reads its
  // one page on its own thread rather than start threads for it.
  const pages =
    role === 'cli' || config.pageWorkers === 0
      ? undefined
      : createPagePool({
          threads: config.pageWorkers,
          deadlineMs: config.pageDeadlineMs,
          onError: (err) => log.error({ err: err.message }, 'a page-reading thread failed'),
        });
  if (pages) closers.push(() => pages.close());
  const base = {
    role,
    config,
    log,
    now,
    fetch,
    async close() {
      for (const close of closers.splice(0).reverse()) await close().catch((err: unknown) => log.error({ err: (err as Error).message }, 'error while closing'));
    },
  };
  if (role === 'cli') return base;

  let store = opts.store ?? (await openStore(config.storeUrl, storeOptionsOf(config)));
  if (!opts.store) closers.unshift(() => store.close());
  if (opts.onStoreFault) {
    let told = false;
    const onFault = opts.onStoreFault;
    store = watchStoreFaults(store, (err) => {
      if (told) return;
      told = true;
      onFault(err);
    });
  }
  const app: App = {
    ...base,
    store,
    context: (discord) => ({ config, store, log, now, fetch, discord, pages }),
  };
  return app;
}
