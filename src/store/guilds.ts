import type Keyv from 'keyv';
import { entriesOf } from './list-entries.ts';
import type { StoreLocks } from './locks.ts';
import type { Sensitivity } from './subscriptions.ts';

export type AlertMode = 'realtime' | 'hourly' | 'daily';
export type CoverageMode = 'thread' | 'edit' | 'off';

export interface PausedChannel {
  /** 'admin' when paused with /alerts pause; 'missing-access' / 'deleted' when Discord refused delivery. */
  reason: 'admin' | 'missing-access' | 'deleted';
  since: string;
  detail?: string;
}

/**
 * A problem admins are told about once: a channel the bot cannot post in, a feed that fails, a forum whose
 * posts go out without their topic tags, or a forum that requires a tag the bot cannot apply.
 */
export type ProblemKey = `channel:${string}` | `feed:${string}` | `forum-untagged:${string}` | `forum-tag-required:${string}`;

export const problemKey = {
  channel: (channelId: string): ProblemKey => `channel:${channelId}`,
  feed: (url: string): ProblemKey => `feed:${url}`,
  forumUntagged: (forumId: string): ProblemKey => `forum-untagged:${forumId}`,
  forumTagRequired: (forumId: string): ProblemKey => `forum-tag-required:${forumId}`,
};

/** Everything a server's admins set, in one record per server. */
export interface GuildSettings {
  guildId: string;
  defaultChannelId?: string;
  /** topic key (built-in id or normalized query) → channel id */
  topicChannels: Record<string, string>;
  channelModes: Record<string, AlertMode>;
  pausedChannels: Record<string, PausedChannel>;
  topicRoles: Record<string, string>;
  sensitivity: Record<string, Sensitivity>;
  healthChannelId?: string;
  /** Feeds this server's admins added. */
  feeds: { url: string; addedAt: string; addedBy: string }[];
  /** Whether the built-in starter feeds of followed topics are read for this server. */
  starterFeeds: boolean;
  /**
   * Languages an alert may be in, per `channel:<id>` or `topic:<key>` (two-letter codes); absent = any.
   * Older records have no such field.
   */
  languages?: Record<string, string[]>;
  /**
   * What a channel's alerts do when their story gains articles (/alerts coverage): 'thread' (default) edits the
   * alert's "Also reported by" and lists the new articles in a thread on it; 'edit' only edits; 'off' neither.
   */
  coverageModes?: Record<string, CoverageMode>;
  /**
   * Alert channels that are forum (type 15) or media (16) channels, where each story becomes a post; set by the
   * /alerts commands that name them. Older records have no such field.
   */
  forumChannels?: Record<string, 'forum' | 'media'>;
  /** The server's preferred locale as Discord last reported it (e.g. "ja", "en-US"): its alerts' and starter feeds' language. */
  locale?: string;
  /** The server's name as Discord last reported it: a member's DM alerts say which server they come from. */
  name?: string;
  /** Problems already reported to admins (key → when), so each is said once, and again when fixed. */
  reportedProblems: Partial<Record<ProblemKey, string>>;
  /** Notices that could not be posted anywhere yet; shown by the next admin command. */
  pendingNotices: string[];
  /** When an alert was last delivered in this server, for /status. */
  lastDeliveryAt?: string;
}

export function defaultGuildSettings(guildId: string): GuildSettings {
  return {
    guildId,
    topicChannels: {},
    channelModes: {},
    pausedChannels: {},
    topicRoles: {},
    sensitivity: {},
    feeds: [],
    starterFeeds: true,
    reportedProblems: {},
    pendingNotices: [],
  };
}

export class GuildRepository {
  constructor(
    private readonly kv: Keyv,
    private readonly locks: StoreLocks,
  ) {}

  /** Whether anything is stored for this server: false for one the bot never served, or has forgotten. */
  async has(guildId: string): Promise<boolean> {
    return (await this.kv.get(guildId)) !== undefined;
  }

  async get(guildId: string): Promise<GuildSettings> {
    const stored = await this.kv.get<GuildSettings>(guildId);
    return { ...defaultGuildSettings(guildId), ...stored };
  }

  async update(guildId: string, change: (g: GuildSettings) => void): Promise<GuildSettings> {
    return this.locks.run(`guilds:${guildId}`, async () => {
      const settings = await this.get(guildId);
      change(settings);
      await this.kv.set(guildId, settings);
      return settings;
    });
  }

  async listAll(): Promise<GuildSettings[]> {
    const out: GuildSettings[] = [];
    for await (const [key, value] of entriesOf<GuildSettings>(this.kv)) out.push({ ...defaultGuildSettings(key), ...value });
    return out;
  }

  async remove(guildId: string): Promise<void> {
    await this.locks.run(`guilds:${guildId}`, () => this.kv.delete(guildId));
  }
}
