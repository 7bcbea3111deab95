import type { Article } from '../news/article.ts';
import { articleLanguage } from '../news/language.ts';
import { dmTarget } from '../store/direct-messages.ts';
import type { AlertMode } from '../store/guilds.ts';
import type { TopicMatch } from '../topics/match.ts';
import { topicKey } from '../topics/topic-key.ts';
import type { Audience } from './audience.ts';

/** Processes' clocks may disagree by this much when one records a follow and another reads the feed. */
const CLOCK_SLACK_MS = 60_000;

/** An article a poll found, with the story it belongs to. */
export interface Candidate {
  article: Article;
  storyId: string;
  /** When the bot first found the article in a feed (ISO). */
  firstSeen: string;
}

/** Why a matched story does not reach a follow's channel, in the order the planner applies the rules. */
export type SkipReason = 'too-old' | 'feed-not-read' | 'before-follow' | 'no-channel' | 'channel-paused' | 'language' | 'already-posted';

export interface Skip {
  storyId: string;
  guildId: string;
  subscriptionId: string;
  topic: string;
  reason: SkipReason;
  /** The channel it would have gone to, when the rules got that far. */
  channelId?: string;
}

/** One story bound for one channel, with every follow that brought it there. */
export interface Route {
  guildId: string;
  channelId: string;
  candidate: Candidate;
  /** topic (as followed) → the terms that matched it */
  topics: Map<string, string[]>;
  /** members who asked to be mentioned */
  users: Set<string>;
  roles: Set<string>;
  /** For a member's DMs: the server channel whose alert mode (realtime or a digest) the DMs follow. */
  modeChannelId?: string;
}

export interface PlanRules {
  /** An article dated this long before it first appeared in a feed is history (MAX_ARTICLE_AGE_HOURS). */
  maxAgeMs: number;
  /** Alerts a channel gets on their own per poll; the rest go into one list. */
  maxAlertsPerPoll: number;
}

/** What each channel gets from one poll. */
export interface AlertPlan {
  /** Posted as alerts of their own, in planned order. */
  alerts: Route[];
  /** One "more on …" list message per busy channel, after its own alerts. */
  lists: { guildId: string; channelId: string; routes: Route[] }[];
  /** Collected for an hourly or daily digest instead of posted. */
  digests: { route: Route; mode: Exclude<AlertMode, 'realtime'> }[];
  skipped: Skip[];
}

/**
 * Matching → channels. Each story is matched once against every follow (the index makes that cost independent
 * of the number of follows); a match reaches the channel its server routes that topic to, unless a rule says
 * otherwise, and then the skip says which. Pure: the same input always gives the same routes, and /why runs it.
 */
export function routeCandidates(candidates: Candidate[], index: { match(input: { title: string; text: string; categories: string[] }): TopicMatch[] }, audience: Audience, rules: Pick<PlanRules, 'maxAgeMs'>): { routes: Route[]; skipped: Skip[] } {
  const subsById = new Map(audience.subscriptions.map((s) => [s.id, s]));
  const routes = new Map<string, Route>();
  const skipped: Skip[] = [];
  for (const candidate of candidates) {
    const { article } = candidate;
    // Feeds publish late, so the feed's date does not decide what is news; but a piece dated long before it
    // first appeared (an archive page, an old item revived) is history.
    const tooOld = Date.parse(article.published) < Date.parse(candidate.firstSeen) - rules.maxAgeMs;
    // Detected once per article, and only when some channel or topic limits languages.
    let lang: string | null | undefined;
    for (const match of index.match({ title: article.title, text: article.text, categories: article.categories })) {
      const sub = subsById.get(match.key);
      if (!sub) continue;
      const skip = (reason: SkipReason, channelId?: string) => skipped.push({ storyId: candidate.storyId, guildId: sub.guildId, subscriptionId: sub.id, topic: sub.topic, reason, channelId });
      if (tooOld) {
        skip('too-old');
        continue;
      }
      if (!audience.feedSets.get(sub.guildId)?.has(article.source.feedUrl)) {
        skip('feed-not-read');
        continue;
      }
      // A follow gets what first appears in a feed after it was made, whatever date the feed gives it: what
      // was already there is history (a new follow never floods a channel).
      if (Date.parse(candidate.firstSeen) < Date.parse(sub.createdAt) - CLOCK_SLACK_MS) {
        skip('before-follow');
        continue;
      }
      const guild = audience.guilds.get(sub.guildId);
      const key = topicKey(sub.topic);
      // A channel follow names its channel; a member's follow goes where the server routes the topic, or to the
      // member's DMs (a target queueAlerts resolves to their DM channel) when they asked for that.
      const toDm = sub.deliver === 'dm' && !sub.channelId;
      const channelId = toDm ? dmTarget(sub.userId) : (sub.channelId ?? guild?.topicChannels[key] ?? guild?.defaultChannelId);
      if (!channelId) {
        skip('no-channel');
        continue;
      }
      if (guild?.pausedChannels[channelId]) {
        skip('channel-paused', channelId);
        continue;
      }
      if (guild?.languages && !languageAllowed(guild.languages, channelId, key, () => (lang ??= articleLanguage(article) ?? null))) {
        skip('language', channelId);
        continue;
      }
      const routeKey = `${channelId}|${candidate.storyId}`;
      let route = routes.get(routeKey);
      if (!route) {
        // DM delivery changes where a member's alerts go, not how often: the DMs keep the topic channel's mode.
        const modeChannelId = toDm ? (guild?.topicChannels[key] ?? guild?.defaultChannelId) : undefined;
        routes.set(routeKey, (route = { guildId: sub.guildId, channelId, candidate, topics: new Map(), users: new Set(), roles: new Set(), ...(modeChannelId ? { modeChannelId } : {}) }));
      }
      if (!route.topics.has(sub.topic)) route.topics.set(sub.topic, match.terms);
      // A DM reaches only its member, who is notified anyway: no mentions in it.
      if (toDm) continue;
      if (sub.ping && !sub.channelId) route.users.add(sub.userId);
      const role = guild?.topicRoles[key];
      if (role) route.roles.add(role);
    }
  }
  return { routes: [...routes.values()], skipped };
}

/**
 * An admin's language limit (/alerts language) for a channel and for a topic: both must allow the article's
 * language. An article whose language cannot be told is let through: a missed story is worse than a stray one.
 */
function languageAllowed(limits: Record<string, string[]>, channelId: string, topicKey: string, lang: () => string | null): boolean {
  const lists = [limits[`channel:${channelId}`], limits[`topic:${topicKey}`]].filter((l): l is string[] => !!l?.length);
  if (lists.length === 0) return true;
  const found = lang();
  return !found || lists.every((list) => list.includes(found));
}

/**
 * Routes → what each channel gets: a story already posted in a channel is not planned again; a channel gets
 * at most `maxAlertsPerPoll` alerts of its own per poll, oldest first, and the rest in one list; digest
 * channels collect instead of posting. Pure, like routeCandidates.
 */
export function planAlerts(routes: Route[], isPosted: (channelId: string, storyId: string) => boolean, audience: Pick<Audience, 'guilds'>, rules: Pick<PlanRules, 'maxAlertsPerPoll'>): AlertPlan {
  const plan: AlertPlan = { alerts: [], lists: [], digests: [], skipped: [] };
  const byChannel = new Map<string, Route[]>();
  for (const route of routes) {
    if (isPosted(route.channelId, route.candidate.storyId)) {
      for (const topic of route.topics.keys()) {
        plan.skipped.push({ storyId: route.candidate.storyId, guildId: route.guildId, subscriptionId: '', topic, reason: 'already-posted', channelId: route.channelId });
      }
      continue;
    }
    const list = byChannel.get(route.channelId);
    if (list) list.push(route);
    else byChannel.set(route.channelId, [route]);
  }
  for (const [channelId, fresh] of byChannel) {
    fresh.sort((a, b) => a.candidate.article.published.localeCompare(b.candidate.article.published));
    const mode = audience.guilds.get(fresh[0]!.guildId)?.channelModes[fresh[0]!.modeChannelId ?? channelId] ?? 'realtime';
    if (mode !== 'realtime') {
      for (const route of fresh) plan.digests.push({ route, mode });
      continue;
    }
    plan.alerts.push(...fresh.slice(0, rules.maxAlertsPerPoll));
    const overflow = fresh.slice(rules.maxAlertsPerPoll);
    if (overflow.length) plan.lists.push({ guildId: overflow[0]!.guildId, channelId, routes: overflow });
  }
  return plan;
}
