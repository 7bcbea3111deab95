import type Keyv from 'keyv';
import { entriesOf } from './list-entries.ts';
import type { Store } from './index.ts';
import type { StoreLocks } from './locks.ts';
import type { Sensitivity } from './subscriptions.ts';

export type AlertMode = 'realtime' | 'hourly' | 'daily';

export interface PausedChannel {
  /** 'admin' when paused with /alerts pause; 'missing-access' / 'deleted' when Discord refused delivery. */
  reason: 'admin' | 'missing-access' | 'deleted';
  since: string;
  detail?: string;
}

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
  /** Problems already reported to admins (key → when), so each is said once, and again when fixed. */
  reportedProblems: Record<string, string>;
  /** Notices that could not be posted anywhere yet; shown by the next admin command. */
  pendingNotices: string[];
  /** Messages delivered today, for /status. */
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

/**
 * The rule when the bot is removed from a server (Discord's GUILD_DELETE without `unavailable`): everything the
 * server set up is deleted, its follows, settings, queued alerts and pending digests, so nothing is planned,
 * queued or retried for it again. Invited back, it starts fresh. (A server that is only unavailable during a
 * Discord outage keeps everything.)
 */
export async function forgetGuild(store: Store, guildId: string): Promise<void> {
  await Promise.all([store.guilds.remove(guildId), store.subscriptions.removeGuild(guildId)]);
  for (const item of await store.outbox.list()) if (item.guildId === guildId) await store.outbox.remove(item.id);
  for (const digest of await store.digests.listPending()) if (digest.guildId === guildId) await store.digests.clear(digest.channelId);
}
