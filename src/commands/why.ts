import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { buildIndex } from '../jobs/plan-alerts.ts';
import { topicKey, topicLabel } from '../topics/topic-key.ts';
import { feedsOfGuild } from '../jobs/feed-set.ts';
import { canonicalUrl } from '../news/feeds/canonical-url.ts';
import { checkUrl, FetchError } from '../news/http/fetch.ts';
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

/** The reasons, in the order the pipeline would have applied them. */
export async function explain(ctx: Pick<CommandContext, 'store' | 'config' | 'log'>, guildId: string, canonical: string): Promise<string> {
  const mark = await ctx.store.seen.findByUrl(canonical);
  if (!mark) {
    return 'The bot has not seen this article in any feed it reads. If its site has a feed, an admin can add it with /feeds add.';
  }
  const story = await ctx.store.stories.get(mark.storyId);
  const [settings, subs] = await Promise.all([ctx.store.guilds.get(guildId), ctx.store.subscriptions.listForGuild(guildId)]);
  const channels = [...new Set([settings.defaultChannelId, ...Object.values(settings.topicChannels)].filter((c): c is string => !!c))];
  for (const channelId of channels) {
    const delivery = await ctx.store.deliveries.get(channelId, mark.storyId);
    if (delivery) {
      const how = delivery.as === 'alert' ? 'as its own alert' : delivery.as === 'digest' ? 'in a digest' : 'in a “more on …” list';
      const dup = story && canonicalUrl(story.url) !== canonical ? ` (as “${story.title}” from ${story.source}: the same story)` : '';
      return `It was posted in <#${channelId}> ${how} at ${delivery.at.slice(0, 16).replace('T', ' ')} UTC${dup}.`;
    }
  }
  if (!story) return 'The bot saw this article more than a month ago and no longer remembers its details.';
  const reads = feedsOfGuild(settings, subs, ctx.config.starterFeeds);
  if (story.feedUrl && !reads.has(story.feedUrl)) {
    return `It came from ${story.source} (${story.feedUrl}), a feed this server does not read. An admin can add it with /feeds add.`;
  }
  if (story.firstSeenAs === 'backlog') return 'It was already in its feed when the bot started reading that feed, and older stories are not posted (no flood on a new feed).';
  if (story.firstSeenAs === 'reset') return 'Its feed replaced all its items at once; the bot treated them as already seen rather than repost old news.';
  if (subs.length === 0) return 'Nobody in this server follows a topic yet. Try /follow.';
  const input = { title: story.title, text: story.lead ?? '', categories: story.categories ?? [] };
  const guilds = new Map([[guildId, settings]]);
  const matched = buildIndex(subs, guilds, ctx.log).match(input);
  if (matched.length === 0) {
    // The same follows at the lowest bar tell "mentioned in passing" apart from "not mentioned at all".
    const everyTopicBroad = Object.fromEntries(subs.map((s) => [topicKey(s.topic), 'broad' as const]));
    const broad = buildIndex(subs, new Map([[guildId, { ...settings, sensitivity: everyTopicBroad }]]), ctx.log).match(input);
    const topics = [...new Set(subs.map((s) => topicLabel(s.topic)))].join(', ');
    if (broad.length) {
      return `It mentions ${broad.map((m) => m.terms.join(', ')).join('; ')}, but not strongly enough to count as a story about ${topics} (only in passing). /alerts sensitivity broad lowers the bar.`;
    }
    return `It matched none of this server’s follows (${topics}).`;
  }
  const first = subs.find((s) => s.id === matched[0]!.key)!;
  const channelId = settings.topicChannels[topicKey(first.topic)] ?? settings.defaultChannelId;
  if (!channelId) return `It matches ${topicLabel(first.topic)}, but this server has no alert channel. An admin can set one with /alerts channel.`;
  const paused = settings.pausedChannels[channelId];
  if (paused) return `It matches ${topicLabel(first.topic)}, but alerts in <#${channelId}> are paused (${paused.reason === 'admin' ? 'by an admin' : paused.reason === 'deleted' ? 'the channel was deleted' : 'the bot lost permission to post there'}).`;
  if (story.published && Date.parse(story.published) < Date.parse(first.createdAt)) {
    return `It matches ${topicLabel(first.topic)}, but it was published before the follow began, and a new follow posts only newer stories.`;
  }
  return `It matches ${topicLabel(first.topic)} and is waiting to be posted in <#${channelId}> (digest, or the next delivery).`;
}
