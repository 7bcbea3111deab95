import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { PageReader } from './news/enrich.ts';
import type { FetchOptions } from './news/http/fetch.ts';
import type { Store } from './store/index.ts';

/** What jobs need from Discord: posting through REST (no gateway needed) and a server's system channel. */
export interface DiscordPort {
  /** Posts a message; rejects with discord.js's DiscordAPIError (status, code) when Discord refuses. */
  send(channelId: string, body: Record<string, unknown>): Promise<{ id: string }>;
  /** Starts a public thread on a message the bot posted (a story's coverage thread); resolves to the thread. */
  startThread(channelId: string, messageId: string, name: string): Promise<{ id: string }>;
  /** Edits a message the bot posted (an alert gaining "Also reported by"); rejects as `send` does. */
  edit(channelId: string, messageId: string, body: Record<string, unknown>): Promise<unknown>;
  /**
   * Opens (or gets back, Discord keeps one per member) the bot's DM channel with a member: POST /users/@me/channels.
   * Opening works even when the member refuses DMs; Discord refuses the message then (50007).
   */
  openDm(userId: string): Promise<{ id: string }>;
  /** The server's system channel: from the gateway cache, or (a worker without gateway) a cached REST lookup. */
  systemChannelOf(guildId: string): string | undefined | Promise<string | undefined>;
}

/** The explicit context handed to jobs and commands: nothing here is a module-level singleton. */
export interface AppContext {
  config: Config;
  store: Store;
  log: Logger;
  now: () => Date;
  fetch: Partial<FetchOptions>;
  discord: DiscordPort;
  /** Where fetched pages are read: the app's worker pool; absent, they are read on the calling thread. */
  pages?: PageReader;
}

export function fetchOptionsOf(config: Config): Partial<FetchOptions> {
  return {
    timeoutMs: config.fetchTimeoutMs,
    maxBytes: config.fetchMaxBytes,
    maxRedirects: config.fetchMaxRedirects,
    allowPrivate: config.allowPrivateUrls,
  };
}
