import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { CommandContext } from '../../commands/command.ts';
import { fromFeedPreview } from '../../commands/summary.ts';
import { candidateOf } from '../../commands/why.ts';
import { buildIndex, loadGuildAudience } from '../../jobs/audience.ts';
import { channelFollower } from '../../store/subscriptions.ts';
import { topicKey, topicLabel } from '../../topics/topic-key.ts';
import { parseButtonId } from '../render-buttons.ts';
import { renderSummary } from '../render.ts';

const TOO_OLD = 'This alert is too old: the bot no longer keeps its story, so it cannot say more about it.';

/**
 * A press of one of the bot's buttons. Everything a button needs is in its custom id and the store, never in
 * this process's memory, so buttons keep working after a restart and on any process; the answer is private.
 */
export async function handleButton(interaction: ButtonInteraction, ctx: CommandContext): Promise<void> {
  const parsed = parseButtonId(interaction.customId);
  if (!parsed) return;
  const state = await ctx.store.buttons.get(parsed.key);
  const story = state ? await ctx.store.stories.get(state.storyId) : undefined;
  if (!state || !story) {
    await interaction.reply({ content: TOO_OLD, flags: MessageFlags.Ephemeral });
    return;
  }
  const userId = interaction.user.id;
  if (parsed.action === 'unfollow') {
    const topic = state.topics[parsed.index ?? 0];
    if (!topic) {
      await interaction.reply({ content: TOO_OLD, flags: MessageFlags.Ephemeral });
      return;
    }
    const removed = await ctx.store.subscriptions.unfollow(state.guildId, userId, topic);
    const content = removed
      ? `You no longer follow ${topicLabel(topic)}. /follow topic:${topic} brings it back.`
      : `You do not follow ${topicLabel(topic)}${(await channelFollows(ctx, state.guildId, topic)).length ? ': this channel follows it on its own (an admin can stop that with /alerts unfollow)' : ''}, so there is nothing to unfollow.`;
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }
  if (parsed.action === 'summary') {
    const insight = await ctx.store.insights.get(state.storyId);
    if (insight?.summary.length) {
      await interaction.reply({ embeds: [renderSummary({ ...insight, url: story.url })], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    // Listed without its page being read: what the feed carried is summarised, as /summary's fallback does.
    const fromFeed = await fromFeedPreview(ctx, story.url, 'The page has not been read yet.');
    if (fromFeed) await interaction.reply({ embeds: [renderSummary(fromFeed)], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    else await interaction.reply({ content: `${story.title}\n${story.url}`.slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }
  await interaction.reply({ content: await explainMatch(ctx, state.guildId, state.channelId, userId, story), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

async function channelFollows(ctx: CommandContext, guildId: string, topic: string) {
  return (await ctx.store.subscriptions.listForGuild(guildId)).filter((s) => s.channelId && topicKey(s.topic) === topicKey(topic));
}

/** Which of this member's follows, and of the channel's own, matched the story: with the terms and the bar. */
async function explainMatch(ctx: CommandContext, guildId: string, channelId: string, userId: string, story: Parameters<typeof candidateOf>[0]): Promise<string> {
  const audience = await loadGuildAudience(ctx, guildId);
  const settings = audience.guilds.get(guildId)!;
  const { title, text, categories } = candidateOf(story).article;
  const matches = buildIndex(audience, ctx.log).match({ title, text, categories });
  const subs = new Map(audience.subscriptions.map((s) => [s.id, s]));
  const lines: string[] = [];
  for (const m of matches) {
    const sub = subs.get(m.key);
    if (!sub) continue;
    const mine = sub.userId === userId;
    const channels = sub.userId === channelFollower(channelId);
    if (!mine && !channels) continue;
    const bar = settings.sensitivity[topicKey(sub.topic)] ?? 'normal';
    lines.push(`• ${mine ? 'Your follow of' : 'This channel follows'} ${topicLabel(sub.topic)}: matched ${m.terms.slice(0, 8).join(', ')} (sensitivity ${bar})`);
  }
  const others = matches.filter((m) => {
    const sub = subs.get(m.key);
    return sub && sub.userId !== userId && !sub.channelId;
  }).length;
  if (lines.length === 0) {
    return `None of your follows matched “${story.title}”; ${others ? `${others} other ${others === 1 ? 'follow' : 'follows'} in this server did` : 'it reached this channel through the server’s follows'}. /follow adds a topic for you.`;
  }
  return [`“${story.title}” reached you because:`, ...lines, ...(others ? [`(and ${others} other ${others === 1 ? 'follow' : 'follows'} in this server)`] : [])].join('\n').slice(0, 2000);
}
