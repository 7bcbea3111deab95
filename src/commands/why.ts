import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { buildIndex, loadGuildAudience, type Audience } from '../jobs/audience.ts';
import { planAlerts, routeCandidates, type Candidate, type Skip } from '../jobs/plan-alerts.ts';
import { planRulesOf } from '../jobs/queue-alerts.ts';
import { canonicalUrl } from '../news/feeds/canonical-url.ts';
import { checkUrl, FetchError } from '../news/http/fetch.ts';
import { dmUserOf } from '../store/direct-messages.ts';
import type { GuildSettings } from '../store/guilds.ts';
import type { StoryRecord } from '../store/stories.ts';
import { topicKey } from '../topics/topic-key.ts';
import { topicName } from '../i18n/topic-names.ts';
import { UserError, type Command, type CommandContext } from './command.ts';
import { requireGuild } from './guards.ts';
import { messagesFor } from '../i18n/messages.ts';
import { failureReason } from '../i18n/failure-reason.ts';

export const why: Command = {
  data: new SlashCommandBuilder()
    .setName('why')
    .setDescription('Was this article posted here, and if not, why not?')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) => o.setName('url').setDescription('Link to the article').setRequired(true).setMaxLength(2000)),
  async execute(interaction, ctx) {
    const guildId = requireGuild(interaction);
    const url = interaction.options.getString('url', true);
    try {
      checkUrl(url, true);
    } catch (err) {
      if (err instanceof FetchError) throw new UserError((_m, locale) => failureReason(err, locale, url));
      throw err;
    }
    const answer = await explain(ctx, guildId, canonicalUrl(url), interaction.locale);
    await interaction.reply({ content: answer.slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
};

/**
 * The answer comes from the planner itself (routeCandidates and planAlerts, on this server's follows and
 * settings), so /why cannot disagree with what the bot does.
 */
export async function explain(ctx: Pick<CommandContext, 'store' | 'config' | 'log'>, guildId: string, canonical: string, locale?: string): Promise<string> {
  const m = messagesFor(locale).why;
  const mark = await ctx.store.seen.findByUrl(canonical);
  if (!mark) return m.notSeen;
  // A story found to copy an earlier one once its page was read: that story is the one that was posted.
  const story = await ctx.store.stories.current(mark.storyId);
  const storyId = story?.storyId ?? mark.storyId;
  const audience = await loadGuildAudience(ctx, guildId);
  const settings = audience.guilds.get(guildId)!;
  for (const channelId of channelsOf(settings, audience.subscriptions)) {
    const delivery = await ctx.store.deliveries.get(channelId, storyId);
    if (delivery) {
      const how = delivery.as === 'alert' ? m.how.alert : delivery.as === 'digest' ? m.how.digest : m.how.list;
      const when = `${delivery.at.slice(0, 16).replace('T', ' ')} UTC`;
      // A forum post is a thread whose id is its first message's: the message lives in the post, not the forum.
      const place = settings.forumChannels?.[channelId] ? delivery.messageId : channelId;
      const link = delivery.messageId ? ` https://discord.com/channels/${guildId}/${place}/${delivery.messageId}` : '';
      if (story && canonicalUrl(story.url) !== canonical) {
        return `${m.partOfStory(story.title, story.source, `<#${channelId}>`, how, when)}${link}`;
      }
      return `${m.posted(`<#${channelId}>`, how, when)}${link}`;
    }
  }
  if (!story) return m.forgotten;
  if (story.firstSeenAs === 'backlog') return m.backlog;
  if (story.firstSeenAs === 'reset') return m.reset;
  if (audience.subscriptions.length === 0) return m.nobodyFollows;

  const candidate = candidateOf(story);
  const rules = planRulesOf(ctx.config);
  const { routes, skipped } = routeCandidates([candidate], buildIndex(audience, ctx.log), audience, rules);
  if (routes.length) {
    const plan = planAlerts(routes, () => false, audience, rules);
    // A channel's route says the most; a follow by DM (target dm:<user>) has no channel to name.
    const route = routes.find((r) => !dmUserOf(r.channelId)) ?? routes[0]!;
    const topic = [...route.topics.keys()].map((t) => topicName(t, locale)).join(messagesFor(locale).common.listJoin);
    if (dmUserOf(route.channelId)) return m.byDm(topic);
    return m.waiting(topic, `<#${route.channelId}>`, plan.digests.length > 0);
  }
  if (skipped.length) return explainSkip(skipped, story, settings, locale);
  if (story.feedUrl && !audience.feedSets.get(guildId)?.has(story.feedUrl)) return m.feedNotRead(story.source, story.feedUrl);
  return explainNoMatch(ctx, audience, candidate, locale);
}

/** Every channel the server's alerts can be in: its default, its topics' channels, and channels following on their own. */
function channelsOf(settings: GuildSettings, subscriptions: readonly { channelId?: string }[]): string[] {
  return [...new Set([settings.defaultChannelId, ...Object.values(settings.topicChannels), ...subscriptions.map((s) => s.channelId)].filter((c): c is string => !!c))];
}

/** The story as the planner saw it: its title, lead and categories, kept for this. */
export function candidateOf(story: StoryRecord): Candidate {
  return {
    storyId: story.storyId,
    firstSeen: story.firstSeen,
    article: {
      id: story.storyId,
      url: story.url,
      canonicalUrl: canonicalUrl(story.url),
      title: story.title,
      published: story.published ?? story.firstSeen,
      text: story.lead ?? '',
      categories: story.categories ?? [],
      source: { name: story.source, feedUrl: story.feedUrl ?? '' },
    },
  };
}

/** The rule that stopped it, for the follow that got furthest through the planner. */
function explainSkip(skipped: Skip[], story: StoryRecord, settings: GuildSettings, locale: string | undefined): string {
  const m = messagesFor(locale).why;
  const order: Skip['reason'][] = ['too-old', 'feed-not-read', 'before-follow', 'no-channel', 'channel-paused', 'language', 'already-posted'];
  const skip = [...skipped].sort((a, b) => order.indexOf(b.reason) - order.indexOf(a.reason))[0]!;
  const topic = topicName(skip.topic, locale);
  switch (skip.reason) {
    case 'feed-not-read':
      return m.skip.feedNotRead(topic, story.source, story.feedUrl ?? '');
    case 'too-old':
      return m.skip.tooOld(topic, story.published?.slice(0, 10));
    case 'before-follow':
      return m.skip.beforeFollow(topic);
    case 'no-channel':
      return m.skip.noChannel(topic);
    case 'channel-paused': {
      const paused = settings.pausedChannels[skip.channelId!];
      const why = paused?.reason === 'admin' ? m.skip.pausedWhy.admin : paused?.reason === 'deleted' ? m.skip.pausedWhy.deleted : m.skip.pausedWhy.permissions;
      return m.skip.paused(topic, `<#${skip.channelId}>`, why);
    }
    case 'language': {
      // The limits the planner applied to this route: its channel's and its topic's.
      const limits = settings.languages ?? {};
      const allowed = [...new Set([...(limits[`channel:${skip.channelId}`] ?? []), ...(limits[`topic:${topicKey(skip.topic)}`] ?? [])])];
      return m.skip.language(topic, skip.channelId?.startsWith('dm:') ? m.skip.yourDms : `<#${skip.channelId}>`, allowed.join(', '));
    }
    case 'already-posted':
      return m.skip.alreadyPosted(topic, `<#${skip.channelId}>`);
  }
}

/** No follow matched: the same follows at the lowest bar tell "mentioned in passing" from "not mentioned at all". */
function explainNoMatch(ctx: Pick<CommandContext, 'log'>, audience: Audience, candidate: Candidate, locale: string | undefined): string {
  const { why: m, common } = messagesFor(locale);
  const { title, text, categories } = candidate.article;
  const broad = buildIndex(audience, ctx.log, 'broad').match({ title, text, categories });
  const topics = [...new Set(audience.subscriptions.map((s) => topicName(s.topic, locale)))].join(common.listJoin);
  if (broad.length) return m.inPassing(broad.map((b) => b.terms.join(', ')).join('; '), topics);
  return m.noMatch(topics);
}
