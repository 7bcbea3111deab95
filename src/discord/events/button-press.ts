import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { CommandContext } from '../../commands/command.ts';
import { fromFeedPreview } from '../../commands/summary.ts';
import { candidateOf } from '../../commands/why.ts';
import { buildIndex, loadGuildAudience } from '../../jobs/audience.ts';
import { channelFollower } from '../../store/subscriptions.ts';
import { topicKey } from '../../topics/topic-key.ts';
import { topicName } from '../../i18n/topic-names.ts';
import { parseButtonId } from '../render-buttons.ts';
import { renderSummary } from '../render.ts';
import { messagesFor } from '../../i18n/messages.ts';


/**
 * A press of one of the bot's buttons. Everything a button needs is in its custom id and the store, never in
 * this process's memory, so buttons keep working after a restart and on any process; the answer is private.
 */
export async function handleButton(interaction: ButtonInteraction, ctx: CommandContext): Promise<void> {
  const parsed = parseButtonId(interaction.customId);
  if (!parsed) return;
  const { locale } = interaction;
  const m = messagesFor(locale).why.button;
  const state = await ctx.store.buttons.get(parsed.key);
  const story = state ? await ctx.store.stories.get(state.storyId) : undefined;
  if (!state || !story) {
    await interaction.reply({ content: m.tooOld, flags: MessageFlags.Ephemeral });
    return;
  }
  const userId = interaction.user.id;
  if (parsed.action === 'unfollow') {
    const topic = state.topics[parsed.index ?? 0];
    if (!topic) {
      await interaction.reply({ content: m.tooOld, flags: MessageFlags.Ephemeral });
      return;
    }
    const removed = await ctx.store.subscriptions.unfollow(state.guildId, userId, topic);
    const content = removed ? m.unfollowed(topicName(topic, locale), topic) : m.notFollowing(topicName(topic, locale), (await channelFollows(ctx, state.guildId, topic)).length > 0);
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }
  if (parsed.action === 'summary') {
    const insight = await ctx.store.insights.get(state.storyId);
    if (insight?.summary.length) {
      await interaction.reply({ embeds: [renderSummary({ ...insight, url: story.url }, locale)], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    // Listed without its page being read: what the feed carried is summarised, as /summary's fallback does.
    const fromFeed = await fromFeedPreview(ctx, story.url, messagesFor(locale).members.summary.notReadYet);
    if (fromFeed) await interaction.reply({ embeds: [renderSummary(fromFeed, locale)], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    else await interaction.reply({ content: `${story.title}\n${story.url}`.slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }
  await interaction.reply({ content: await explainMatch(ctx, state.guildId, state.channelId, userId, story, locale), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

async function channelFollows(ctx: CommandContext, guildId: string, topic: string) {
  return (await ctx.store.subscriptions.listForGuild(guildId)).filter((s) => s.channelId && topicKey(s.topic) === topicKey(topic));
}

/** Which of this member's follows, and of the channel's own, matched the story: with the terms and the bar. */
async function explainMatch(ctx: CommandContext, guildId: string, channelId: string, userId: string, story: Parameters<typeof candidateOf>[0], locale: string): Promise<string> {
  const m = messagesFor(locale).why.button;
  const audience = await loadGuildAudience(ctx, guildId);
  const settings = audience.guilds.get(guildId)!;
  const { title, text, categories } = candidateOf(story).article;
  const matches = buildIndex(audience, ctx.log).match({ title, text, categories });
  const subs = new Map(audience.subscriptions.map((s) => [s.id, s]));
  const lines: string[] = [];
  for (const match of matches) {
    const sub = subs.get(match.key);
    if (!sub) continue;
    const mine = sub.userId === userId;
    const channels = sub.userId === channelFollower(channelId);
    if (!mine && !channels) continue;
    const bar = m.sensitivity[settings.sensitivity[topicKey(sub.topic)] ?? 'normal'] ?? 'normal';
    lines.push((mine ? m.yourFollow : m.channelFollow)(topicName(sub.topic, locale), match.terms.slice(0, 8).join(', '), bar));
  }
  const others = matches.filter((m) => {
    const sub = subs.get(m.key);
    return sub && sub.userId !== userId && !sub.channelId;
  }).length;
  if (lines.length === 0) return m.noneOfYours(story.title, others);
  return [m.reachedYou(story.title), ...lines, ...(others ? [m.others(others)] : [])].join('\n').slice(0, 2000);
}
