import type { AppContext } from '../context.ts';
import { defaultGuildSettings, type GuildSettings } from '../store/guilds.ts';
import type { Subscription } from '../store/subscriptions.ts';
import { TopicIndex, type Sensitivity } from '../topics/match.ts';
import { topicKey } from '../topics/topic-key.ts';
import { feedsOfGuild } from './feed-set.ts';

/** Who reads what: every subscription, every server's settings, and the feeds each server reads. */
export interface Audience {
  subscriptions: Subscription[];
  guilds: Map<string, GuildSettings>;
  feedSets: Map<string, Set<string>>;
  /** feed URL → the servers that read it (the inverse of feedSets). */
  readers: Map<string, string[]>;
}

/** The audience from its parts; `starterFeeds` is the operator's switch for the built-in feeds. */
export function audienceOf(subscriptions: Subscription[], guildSettings: GuildSettings[], starterFeeds: boolean): Audience {
  const guilds = new Map(guildSettings.map((g) => [g.guildId, g]));
  const subsByGuild = new Map<string, Subscription[]>();
  for (const s of subscriptions) {
    const list = subsByGuild.get(s.guildId);
    if (list) list.push(s);
    else subsByGuild.set(s.guildId, [s]);
  }
  const feedSets = new Map<string, Set<string>>();
  for (const guildId of new Set([...guilds.keys(), ...subsByGuild.keys()])) {
    const settings = guilds.get(guildId) ?? defaultGuildSettings(guildId);
    feedSets.set(guildId, feedsOfGuild(settings, subsByGuild.get(guildId) ?? [], starterFeeds));
  }
  const readers = new Map<string, string[]>();
  for (const [guildId, urls] of feedSets) {
    for (const url of urls) {
      const list = readers.get(url);
      if (list) list.push(guildId);
      else readers.set(url, [guildId]);
    }
  }
  return { subscriptions, guilds, feedSets, readers };
}

export async function loadAudience(ctx: Pick<AppContext, 'store' | 'config'>): Promise<Audience> {
  const [subscriptions, guilds] = await Promise.all([ctx.store.subscriptions.listAll(), ctx.store.guilds.listAll()]);
  return audienceOf(subscriptions, guilds, ctx.config.starterFeeds);
}

/** One server's audience (for /why: the same rules the planner applies, on that server's data only). */
export async function loadGuildAudience(ctx: Pick<AppContext, 'store' | 'config'>, guildId: string): Promise<Audience> {
  const [subscriptions, settings] = await Promise.all([ctx.store.subscriptions.listForGuild(guildId), ctx.store.guilds.get(guildId)]);
  return audienceOf(subscriptions, [settings], ctx.config.starterFeeds);
}

/**
 * The matcher over every subscription, each at its server's sensitivity for that topic (or at `override`, which
 * /why uses to tell "mentioned in passing" from "not mentioned").
 */
export function buildIndex(audience: Pick<Audience, 'subscriptions' | 'guilds'>, log: AppContext['log'], override?: Sensitivity): TopicIndex {
  const index = new TopicIndex();
  for (const sub of audience.subscriptions) {
    const sensitivity: Sensitivity = override ?? audience.guilds.get(sub.guildId)?.sensitivity[topicKey(sub.topic)] ?? 'normal';
    try {
      index.add(sub.id, sub.topic, sensitivity);
    } catch (err) {
      log.warn({ subscription: sub.id, err: (err as Error).message }, 'skipping a subscription whose query no longer parses');
    }
  }
  return index;
}
