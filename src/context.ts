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
  /** Forum and media channels (absent in ports that never post in one). */
  forum?: ForumPort;
}

/** A forum tag as Discord describes it (Forum Tag object). */
export interface ForumTag {
  id: string;
  name: string;
  moderated?: boolean;
  emoji_id?: string | null;
  emoji_name?: string | null;
}

/** What posting in forum and media channels takes: posts, and the forum's tags. */
export interface ForumPort {
  /** GET /channels/:id: the forum's flags and tags. */
  get(forumId: string): Promise<{ flags?: number; available_tags?: ForumTag[] }>;
  /** PATCH /channels/:id with the full tag list (new tags without an id); resolves to the forum's tags after. */
  setTags(forumId: string, tags: (ForumTag | { name: string })[]): Promise<ForumTag[]>;
  /** Starts a post: POST /channels/:forum/threads. The thread's id is its starter message's. */
  post(forumId: string, post: { name: string; message: Record<string, unknown>; applied_tags: string[] }): Promise<{ id: string }>;
  /** Unarchives a post the bot may write in (PATCH /channels/:thread), so its starter message can be edited. */
  unarchive(threadId: string): Promise<unknown>;
  /** The bot's own unarchived posts in a forum (GET /guilds/:guild/threads/active, filtered), newest first. */
  ownActivePosts(guildId: string, forumId: string): Promise<{ id: string; name: string }[]>;
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
