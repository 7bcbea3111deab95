import { createHash } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { mentionBody, renderAlert, renderList } from '../discord/render.ts';
import type { Article, ArticleInsight } from '../news/article.ts';
import { enrichArticle } from '../news/enrich.ts';
import { defaultGuildSettings, type GuildSettings } from '../store/guilds.ts';
import type { Subscription } from '../store/subscriptions.ts';
import { TopicIndex, type Sensitivity } from '../topics/match.ts';
import { topicKey, topicLabel } from '../topics/topic-key.ts';
import { feedsOfGuild } from './feed-set.ts';

const CLOCK_SLACK_MS = 60_000;

/** An article a poll found, with the story it belongs to. */
export interface Candidate {
  article: Article;
  storyId: string;
}

/** Why an article was not posted to a server: kept per story so /why can answer. */
export type SkipReason = 'feed-not-read' | 'too-old' | 'no-channel' | 'channel-paused' | 'already-posted';

interface ChannelAlert {
  guildId: string;
  channelId: string;
  candidate: Candidate;
  topics: Map<string, string[]>;
  users: Set<string>;
  roles: Set<string>;
}

/** A Discord nonce (≤ 25 chars) that is the same for the same message, so a resend after a crash is dropped. */
export function nonceOf(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, 25);
}

/** Who reads what: every subscription, every server's settings, and the feeds each server reads. */
export interface Audience {
  subscriptions: Subscription[];
  guilds: Map<string, GuildSettings>;
  feedSets: Map<string, Set<string>>;
  /** feed URL → the servers that read it (the inverse of feedSets). */
  readers: Map<string, string[]>;
}

export async function loadAudience(ctx: AppContext): Promise<Audience> {
  const subscriptions = await ctx.store.subscriptions.listAll();
  const guilds = new Map((await ctx.store.guilds.listAll()).map((g) => [g.guildId, g]));
  const subsByGuild = new Map<string, Subscription[]>();
  for (const s of subscriptions) subsByGuild.set(s.guildId, [...(subsByGuild.get(s.guildId) ?? []), s]);
  const feedSets = new Map<string, Set<string>>();
  for (const guildId of new Set([...guilds.keys(), ...subsByGuild.keys()])) {
    const settings = guilds.get(guildId) ?? defaultGuildSettings(guildId);
    feedSets.set(guildId, feedsOfGuild(settings, subsByGuild.get(guildId) ?? [], ctx.config.starterFeeds));
  }
  const readers = new Map<string, string[]>();
  for (const [guildId, urls] of feedSets) for (const url of urls) readers.set(url, [...(readers.get(url) ?? []), guildId]);
  return { subscriptions, guilds, feedSets, readers };
}

/** Builds the matcher over every subscription, each at its server's sensitivity for that topic. */
export function buildIndex(subscriptions: Subscription[], guilds: Map<string, GuildSettings>, log: AppContext['log']): TopicIndex {
  const index = new TopicIndex();
  for (const sub of subscriptions) {
    const sensitivity: Sensitivity = guilds.get(sub.guildId)?.sensitivity[topicKey(sub.topic)] ?? 'normal';
    try {
      index.add(sub.id, sub.topic, sensitivity);
    } catch (err) {
      log.warn({ subscription: sub.id, err: (err as Error).message }, 'skipping a subscription whose query no longer parses');
    }
  }
  return index;
}

/**
 * Matching → per-channel alerts → outbox. Each story is matched once against every subscription (the index
 * makes that cost independent of the number of follows), enriched once, and queued at most once per channel.
 * A channel gets at most `maxAlertsPerPoll` alerts of their own per poll; the rest go into one list message.
 * Digest channels collect instead of posting.
 */
export async function planAlerts(ctx: AppContext, candidates: Candidate[], audience?: Audience): Promise<{ queued: number; digested: number; ids: string[] }> {
  const ids: string[] = [];
  if (candidates.length === 0) return { queued: 0, digested: 0, ids };
  const { store } = ctx;
  const { subscriptions, guilds, feedSets } = audience ?? (await loadAudience(ctx));
  if (subscriptions.length === 0) return { queued: 0, digested: 0, ids };
  const subsById = new Map(subscriptions.map((s) => [s.id, s]));
  const feedsOf = (guildId: string) => feedSets.get(guildId) ?? new Set<string>();
  const index = buildIndex(subscriptions, guilds, ctx.log);
  const lookbackMs = ctx.config.lookbackMinutes * 60_000;

  const byChannel = new Map<string, Map<string, ChannelAlert>>();
  for (const candidate of candidates) {
    const { article } = candidate;
    const matches = index.match({ title: article.title, text: article.text, categories: article.categories });
    for (const match of matches) {
      const sub = subsById.get(match.key);
      if (!sub) continue;
      const guild = guilds.get(sub.guildId);
      if (!guild) continue;
      if (!feedsOf(sub.guildId).has(article.source.feedUrl)) continue;
      // A new follow never brings old news: only what was published after it (minus the look-back, plus a
      // minute of slack for second-precision feed dates and publishers' clocks).
      if (Date.parse(article.published) < Date.parse(sub.createdAt) - lookbackMs - CLOCK_SLACK_MS) continue;
      const key = topicKey(sub.topic);
      const channelId = guild.topicChannels[key] ?? guild.defaultChannelId;
      if (!channelId || guild.pausedChannels[channelId]) continue;
      let alerts = byChannel.get(channelId);
      if (!alerts) byChannel.set(channelId, (alerts = new Map()));
      let alert = alerts.get(candidate.storyId);
      if (!alert) {
        alert = { guildId: sub.guildId, channelId, candidate, topics: new Map(), users: new Set(), roles: new Set() };
        alerts.set(candidate.storyId, alert);
      }
      if (!alert.topics.has(sub.topic)) alert.topics.set(sub.topic, match.terms);
      if (sub.ping) alert.users.add(sub.userId);
      const role = guild.topicRoles[key];
      if (role) alert.roles.add(role);
    }
  }

  let queued = 0;
  // Delivery order is the order planned here (each channel's alerts by publication, its overflow list last),
  // not wall-clock time: two puts in one millisecond, or a clock step, must not reorder a channel's alerts.
  const planned = ctx.now().toISOString();
  let sequence = 0;
  const nextOrder = () => `${planned}|${String(sequence++).padStart(8, '0')}`;
  let digested = 0;
  const insights = new Map<string, ArticleInsight>();
  for (const [channelId, alerts] of byChannel) {
    const fresh: ChannelAlert[] = [];
    for (const alert of alerts.values()) {
      if (!(await store.deliveries.get(channelId, alert.candidate.storyId))) fresh.push(alert);
    }
    if (fresh.length === 0) continue;
    fresh.sort((a, b) => a.candidate.article.published.localeCompare(b.candidate.article.published));
    const guild = guilds.get(fresh[0]!.guildId)!;
    const mode = guild.channelModes[channelId] ?? 'realtime';
    if (mode !== 'realtime') {
      for (const alert of fresh) {
        const a = alert.candidate.article;
        await store.digests.add(alert.guildId, channelId, {
          storyId: alert.candidate.storyId,
          title: a.title,
          url: a.url,
          source: a.source.name,
          published: a.published,
          topic: [...alert.topics.keys()].map(topicLabel).join(', '),
        }, ctx.now());
        digested++;
      }
      continue;
    }
    const own = fresh.slice(0, ctx.config.maxAlertsPerPoll);
    const overflow = fresh.slice(ctx.config.maxAlertsPerPoll);
    for (const alert of own) {
      const insight = await insightFor(ctx, alert.candidate, insights);
      const story = await store.stories.get(alert.candidate.storyId);
      const embed = renderAlert({
        article: alert.candidate.article,
        insight,
        topicLabel: [...alert.topics.keys()].map(topicLabel).join(' · '),
        terms: [...new Set([...alert.topics.values()].flat())],
        alsoReportedBy: story?.alsoReportedBy.map((r) => r.source).filter((s) => s !== alert.candidate.article.source.name),
      });
      const id = `${channelId}|${alert.candidate.storyId}`;
      await store.outbox.put({
        id,
        guildId: alert.guildId,
        channelId,
        storyIds: [alert.candidate.storyId],
        kind: 'alert',
        body: { ...mentionBody([...alert.users], [...alert.roles]), embeds: [embed] },
        nonce: nonceOf(id),
        createdAt: ctx.now().toISOString(),
        order: nextOrder(),
        attempts: 0,
      });
      ids.push(id);
      queued++;
    }
    if (overflow.length) {
      const topics = [...new Set(overflow.flatMap((a) => [...a.topics.keys()].map(topicLabel)))];
      const id = `${channelId}|more|${overflow.map((a) => a.candidate.storyId).join('|')}`;
      const embed = renderList(
        `More on ${topics.join(', ')} (${overflow.length})`,
        overflow.map((a) => ({ title: a.candidate.article.title, url: a.candidate.article.url, source: a.candidate.article.source.name })),
        `Busy news cycle: ${ctx.config.maxAlertsPerPoll} stories posted on their own, these ${overflow.length} listed together.`,
      );
      ids.push(`${channelId}|more|${nonceOf(id)}`);
      await store.outbox.put({
        id: `${channelId}|more|${nonceOf(id)}`,
        guildId: overflow[0]!.guildId,
        channelId,
        storyIds: overflow.map((a) => a.candidate.storyId),
        kind: 'overflow',
        body: { ...mentionBody([], []), embeds: [embed] },
        nonce: nonceOf(id),
        createdAt: ctx.now().toISOString(),
        order: nextOrder(),
        attempts: 0,
      });
      queued++;
    }
  }
  return { queued, digested, ids };
}

async function insightFor(ctx: AppContext, candidate: Candidate, cache: Map<string, ArticleInsight>): Promise<ArticleInsight> {
  const hit = cache.get(candidate.storyId) ?? (await ctx.store.insights.get(candidate.storyId));
  if (hit) return hit;
  const insight = await enrichArticle(candidate.article, { fetch: ctx.fetch, sentences: ctx.config.summarySentences, pages: ctx.pages });
  cache.set(candidate.storyId, insight);
  await ctx.store.insights.set(candidate.storyId, insight);
  return insight;
}
