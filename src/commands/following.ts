import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { topicKey } from '../topics/topic-key.ts';
import { topicName } from '../i18n/topic-names.ts';
import type { Subscription } from '../store/subscriptions.ts';
import type { Command } from './command.ts';
import { requireGuild } from './guards.ts';
import { messagesFor } from '../i18n/messages.ts';

export const following: Command = {
  data: new SlashCommandBuilder().setName('following').setDescription('What you and this server follow, and where the alerts go').setContexts(InteractionContextType.Guild),
  async execute(interaction, ctx) {
    const guildId = requireGuild(interaction);
    const m = messagesFor(interaction.locale).members.following;
    const named = (topic: string) => topicName(topic, interaction.locale);
    const [subs, settings] = await Promise.all([ctx.store.subscriptions.listForGuild(guildId), ctx.store.guilds.get(guildId)]);
    const where = (topic: string, channelId?: string) => {
      const channel = channelId ?? settings.topicChannels[topicKey(topic)] ?? settings.defaultChannelId;
      if (!channel) return m.noChannel;
      return settings.pausedChannels[channel] ? m.paused(`<#${channel}>`) : `<#${channel}>`;
    };
    const mine = subs.filter((s) => s.userId === interaction.user.id);
    const lines = [m.yours];
    const dmsPaused = mine.some((s) => s.deliver === 'dm') && !!(await ctx.store.directMessages.get(interaction.user.id)).paused;
    const destination = (s: Subscription) =>
      s.deliver === 'dm' ? `${m.yourDms}${dmsPaused ? m.dmsPaused : ''}` : `${where(s.topic)}${s.ping ? m.mentionsYou : ''}`;
    lines.push(...(mine.length ? mine.map((s) => `• ${named(s.topic)} → ${destination(s)}`) : [m.noneYet]));
    // Members per topic, split by where their alerts go: the topic's channel, or their own DMs.
    const counts = new Map<string, { channel: number; dm: number }>();
    for (const s of subs) {
      if (s.channelId) continue;
      const count = counts.get(s.topic) ?? { channel: 0, dm: 0 };
      count[s.deliver === 'dm' ? 'dm' : 'channel']++;
      counts.set(s.topic, count);
    }
    const channelFollows = subs.filter((s) => s.channelId);
    lines.push('', m.server);
    lines.push(
      ...[...counts].map(([t, { channel, dm }]) => {
        const parts = [...(channel ? [`${m.members(channel)} → ${where(t)}`] : []), ...(dm ? [`${m.members(dm)} → ${m.theirDms}`] : [])];
        return `• ${named(t)}: ${parts.join(', ')}`;
      }),
    );
    lines.push(...channelFollows.map((s) => m.channelFollows(named(s.topic), where(s.topic, s.channelId))));
    if (!counts.size && !channelFollows.length) lines.push(m.nobody);
    await interaction.reply({ content: lines.join('\n').slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
};
