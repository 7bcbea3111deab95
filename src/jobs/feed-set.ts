import starter from './starter-feeds.json' with { type: 'json' };
import { findTopic } from '../topics/catalog.ts';
import type { GuildSettings } from '../store/guilds.ts';
import type { Subscription } from '../store/subscriptions.ts';

const STARTER: Record<string, string[]> = starter.topics;

/** Starter feeds of one built-in topic (empty for a custom query). */
export function starterFeedsFor(topic: string): string[] {
  const id = findTopic(topic)?.id;
  return id ? (STARTER[id] ?? []) : [];
}

/**
 * The feeds a server reads: those its admins added, plus the starter feeds of the built-in topics its members
 * follow (unless the operator or the server turned starter feeds off). A server that follows only custom
 * queries and added no feed reads every starter feed, so a query has something to match against.
 */
export function feedsOfGuild(guild: GuildSettings, subscriptions: Subscription[], starterEnabled: boolean): Set<string> {
  const urls = new Set(guild.feeds.map((f) => f.url));
  if (!starterEnabled || !guild.starterFeeds) return urls;
  let customOnly = subscriptions.length > 0;
  for (const sub of subscriptions) {
    const feeds = starterFeedsFor(sub.topic);
    if (feeds.length) customOnly = false;
    for (const url of feeds) urls.add(url);
  }
  if (customOnly && guild.feeds.length === 0) for (const list of Object.values(STARTER)) for (const url of list) urls.add(url);
  return urls;
}
