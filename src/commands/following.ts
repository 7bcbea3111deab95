import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { topicKey, topicLabel } from '../topics/topic-key.ts';
import type { Subscription } from '../store/subscriptions.ts';
import type { Command } from './command.ts';
import { requireGuild } from './guards.ts';

export const following: Command = {
  data: new SlashCommandBuilder().setName('following').setDescription('What you and this server follow, and where the alerts go').setContexts(InteractionContextType.Guild),
  async execute(interaction, ctx) {
    const guildId = requireGuild(interaction);
    const [subs, settings] = await Promise.all([ctx.store.subscriptions.listForGuild(guildId), ctx.store.guilds.get(guildId)]);
    const where = (topic: string, channelId?: string) => {
      const channel = channelId ?? settings.topicChannels[topicKey(topic)] ?? settings.defaultChannelId;
      if (!channel) return 'no alert channel set';
      return settings.pausedChannels[channel] ? `<#${channel}> (paused)` : `<#${channel}>`;
    };
    const mine = subs.filter((s) => s.userId === interaction.user.id);
    const lines = ['**Your follows**'];
    const dmsPaused = mine.some((s) => s.deliver === 'dm') && !!(await ctx.store.directMessages.get(interaction.user.id)).paused;
    const destination = (s: Subscription) =>
      s.deliver === 'dm' ? `your DMs${dmsPaused ? ' (paused: Discord refused them; /follow … deliver:dm resumes)' : ''}` : `${where(s.topic)}${s.ping ? ' (mentions you)' : ''}`;
    lines.push(...(mine.length ? mine.map((s) => `• ${topicLabel(s.topic)} → ${destination(s)}`) : ['• none yet: try /follow japan']));
    // Members per topic, split by where their alerts go: the topic's channel, or their own DMs.
    const counts = new Map<string, { channel: number; dm: number }>();
    for (const s of subs) {
      if (s.channelId) continue;
      const count = counts.get(s.topic) ?? { channel: 0, dm: 0 };
      count[s.deliver === 'dm' ? 'dm' : 'channel']++;
      counts.set(s.topic, count);
    }
    const members = (n: number) => `${n} ${n === 1 ? 'member' : 'members'}`;
    const channelFollows = subs.filter((s) => s.channelId);
    lines.push('', '**This server**');
    lines.push(
      ...[...counts].map(([t, { channel, dm }]) => {
        const parts = [...(channel ? [`${members(channel)} → ${where(t)}`] : []), ...(dm ? [`${members(dm)} → their DMs`] : [])];
        return `• ${topicLabel(t)}: ${parts.join(', ')}`;
      }),
    );
    lines.push(...channelFollows.map((s) => `• ${topicLabel(s.topic)} → ${where(s.topic, s.channelId)} (the channel follows it)`));
    if (!counts.size && !channelFollows.length) lines.push('• nobody follows anything yet');
    await interaction.reply({ content: lines.join('\n').slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
};
