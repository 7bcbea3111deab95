import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { buildIndex, loadGuildAudience, type Audience } from '../jobs/audience.ts';
import { planAlerts, routeCandidates, type Candidate, type Skip } from '../jobs/plan-alerts.ts';
import { planRulesOf } from '../jobs/queue-alerts.ts';
import { canonicalUrl } from '../news/feeds/canonical-url.ts';
import { checkUrl, FetchError } from '../news/http/fetch.ts';
import { dmUserOf } from '../store/direct-messages.ts';
import type { GuildSettings } from '../store/guilds.ts';
import type { StoryRecord } from '../store/stories.ts';
import { topicKey, topicLabel } from '../topics/topic-key.ts';
import { UserError, type Command, type CommandContext } from './command.ts';
import { requireGuild } from './guards.ts';

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
      if (err instanceof FetchError) throw new UserError(err.message);
      throw err;
    }
    const answer = await explain(ctx, guildId, canonicalUrl(url));
    await interaction.reply({ content: answer.slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
};

/**
 * The answer comes from the planner itself (routeCandidates and planAlerts, on this server's follows and
 * settings), so /why cannot disagree with what the bot does.
 */
export async function explain(ctx: Pick<CommandContext, 'store' | 'config' | 'log'>, guildId: string, canonical: string): Promise<string> {
  const mark = await ctx.store.seen.findByUrl(canonical);
  if (!mark) {
    return 'The bot has not seen this article in any feed it reads. If its site has a feed, an admin can add it with /feeds add.';
  }
  let storyId = mark.storyId;
  let story = await ctx.store.stories.get(storyId);
  if (story?.mergedInto) {
    // Found to copy an earlier story once its page was read: that story is the one that was posted.
    storyId = story.mergedInto;
    story = (await ctx.store.stories.get(storyId)) ?? story;
  }
  const audience = await loadGuildAudience(ctx, guildId);
  const settings = audience.guilds.get(guildId)!;
  for (const channelId of channelsOf(settings)) {
    const delivery = await ctx.store.deliveries.get(channelId, storyId);
    if (delivery) {
      const how = delivery.as === 'alert' ? 'as its own alert' : delivery.as === 'digest' ? 'in a digest' : 'in a “more on …” list';
      const when = `${delivery.at.slice(0, 16).replace('T', ' ')} UTC`;
      const link = delivery.messageId ? ` https://discord.com/channels/${guildId}/${channelId}/${delivery.messageId}` : '';
      if (story && canonicalUrl(story.url) !== canonical) {
        return `It is part of the story “${story.title}” (first reported by ${story.source}), posted in <#${channelId}> ${how} at ${when}: one alert per story, however many outlets write it up.${link}`;
      }
      return `It was posted in <#${channelId}> ${how} at ${when}.${link}`;
    }
  }
  if (!story) return 'The bot saw this article more than a month ago and no longer remembers its details.';
  if (story.firstSeenAs === 'backlog') return 'It was already in its feed when the bot started reading that feed, and older stories are not posted (no flood on a new feed).';
  if (story.firstSeenAs === 'reset') return 'Its feed replaced all its items at once; the bot treated them as already seen rather than repost old news.';
  if (audience.subscriptions.length === 0) return 'Nobody in this server follows a topic yet. Try /follow.';

  const candidate = candidateOf(story);
  const rules = planRulesOf(ctx.config);
  const { routes, skipped } = routeCandidates([candidate], buildIndex(audience, ctx.log), audience, rules);
  if (routes.length) {
    const plan = planAlerts(routes, () => false, audience, rules);
    // A channel's route says the most; a follow by DM (target dm:<user>) has no channel to name.
    const route = routes.find((r) => !dmUserOf(r.channelId)) ?? routes[0]!;
    const topic = [...route.topics.keys()].map(topicLabel).join(', ');
    if (dmUserOf(route.channelId)) return `It matches ${topic}, which its followers here get by direct message, not in a channel.`;
    const where = plan.digests.length ? 'for the next digest' : 'for the next delivery';
    return `It matches ${topic} and is waiting in <#${route.channelId}> ${where}.`;
  }
  if (skipped.length) return explainSkip(skipped, story, settings);
  if (story.feedUrl && !audience.feedSets.get(guildId)?.has(story.feedUrl)) {
    return `It came from ${story.source} (${story.feedUrl}), a feed this server does not read. An admin can add it with /feeds add.`;
  }
  return explainNoMatch(ctx, audience, candidate);
}

function channelsOf(settings: GuildSettings): string[] {
  return [...new Set([settings.defaultChannelId, ...Object.values(settings.topicChannels)].filter((c): c is string => !!c))];
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
function explainSkip(skipped: Skip[], story: StoryRecord, settings: GuildSettings): string {
  const order: Skip['reason'][] = ['too-old', 'feed-not-read', 'before-follow', 'no-channel', 'channel-paused', 'language', 'already-posted'];
  const skip = [...skipped].sort((a, b) => order.indexOf(b.reason) - order.indexOf(a.reason))[0]!;
  const topic = topicLabel(skip.topic);
  switch (skip.reason) {
    case 'feed-not-read':
      return `It matches ${topic}, but it came from ${story.source} (${story.feedUrl}), a feed this server does not read. An admin can add it with /feeds add.`;
    case 'too-old':
      return `It matches ${topic}, but it is dated ${story.published?.slice(0, 10) ?? 'long before'} and first appeared in its feed much later: that is history, not news, so it was not posted.`;
    case 'before-follow':
      return `It matches ${topic}, but it was already in its feed before the follow began, and a new follow posts only stories that appear after it.`;
    case 'no-channel':
      return `It matches ${topic}, but this server has no alert channel. An admin can set one with /alerts channel.`;
    case 'channel-paused': {
      const paused = settings.pausedChannels[skip.channelId!];
      const why = paused?.reason === 'admin' ? 'by an admin' : paused?.reason === 'deleted' ? 'the channel was deleted' : 'the bot lost permission to post there';
      return `It matches ${topic}, but alerts in <#${skip.channelId}> are paused (${why}).`;
    }
    case 'language': {
      // The limits the planner applied to this route: its channel's and its topic's.
      const limits = settings.languages ?? {};
      const allowed = [...new Set([...(limits[`channel:${skip.channelId}`] ?? []), ...(limits[`topic:${topicKey(skip.topic)}`] ?? [])])];
      return `It matches ${topic}, but ${skip.channelId?.startsWith('dm:') ? 'your DMs' : `<#${skip.channelId}>`} or ${topic} takes only articles in ${allowed.join(', ')} (set with /alerts language), and this one is in another language.`;
    }
    case 'already-posted':
      return `It matches ${topic} and was already posted in <#${skip.channelId}>.`;
  }
}

/** No follow matched: the same follows at the lowest bar tell "mentioned in passing" from "not mentioned at all". */
function explainNoMatch(ctx: Pick<CommandContext, 'log'>, audience: Audience, candidate: Candidate): string {
  const { title, text, categories } = candidate.article;
  const broad = buildIndex(audience, ctx.log, 'broad').match({ title, text, categories });
  const topics = [...new Set(audience.subscriptions.map((s) => topicLabel(s.topic)))].join(', ');
  if (broad.length) {
    return `It mentions ${broad.map((m) => m.terms.join(', ')).join('; ')}, but not strongly enough to count as a story about ${topics} (only in passing). /alerts sensitivity broad lowers the bar.`;
  }
  return `It matched none of this server’s follows (${topics}).`;
}
