import starter from './starter-feeds.json' with { type: 'json' };
import { primaryLanguage } from '../news/language.ts';
import { findTopic } from '../topics/catalog.ts';
import type { GuildSettings } from '../store/guilds.ts';
import type { Subscription } from '../store/subscriptions.ts';

/** A starter feed: its URL, and its language when it is not English. */
export interface StarterFeed {
  url: string;
  lang: string;
}

const STARTER: Record<string, StarterFeed[]> = Object.fromEntries(
  Object.entries(starter.topics as Record<string, (string | { url: string; lang: string })[]>).map(([topic, feeds]) => [
    topic,
    feeds.map((f) => (typeof f === 'string' ? { url: f, lang: 'en' } : f)),
  ]),
);

/**
 * Starter feeds of one built-in topic (empty for a custom query) that suit a server of `locale`: English ones
 * for everyone (most servers read English news, and the catalogue is English first), others only where the
 * server's Discord locale is their language: an English server following japan is not given NHK in Japanese.
 */
export function starterFeedsFor(topic: string, locale?: string): StarterFeed[] {
  const id = findTopic(topic)?.id;
  const lang = locale ? primaryLanguage(locale) : 'en';
  return (id ? (STARTER[id] ?? []) : []).filter((f) => f.lang === 'en' || f.lang === lang);
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
    const feeds = starterFeedsFor(sub.topic, guild.locale);
    if (feeds.length) customOnly = false;
    for (const f of feeds) urls.add(f.url);
  }
  if (customOnly && guild.feeds.length === 0) {
    for (const topic of Object.keys(STARTER)) for (const f of starterFeedsFor(topic, guild.locale)) urls.add(f.url);
  }
  return urls;
}
