import { topicLabel } from '../topics/topic-key.ts';
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { feedsOfGuild } from '../jobs/feed-set.ts';
import { takePendingNotices } from '../jobs/notify-admins.ts';
import { feedHealth } from '../jobs/feed-policy.ts';
import type { Command } from './command.ts';
import { requireGuild, requireManageServer } from './guards.ts';

export const status: Command = {
  adminOnly: true,
  data: new SlashCommandBuilder()
    .setName('status')
    .setDescription('Feeds, last poll, last delivery and paused channels (Manage Server)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),
  async execute(interaction, ctx) {
    requireManageServer(interaction);
    const guildId = requireGuild(interaction);
    const [settings, subs] = await Promise.all([ctx.store.guilds.get(guildId), ctx.store.subscriptions.listForGuild(guildId)]);
    const urls = [...feedsOfGuild(settings, subs, ctx.config.starterFeeds)];
    const now = ctx.now();
    let failing = 0;
    const problems: string[] = [];
    for (const url of urls) {
      const record = await ctx.store.feeds.get(url);
      if (record && feedHealth(record, now, ctx.config.feedFailingAlertHours) !== 'ok') {
        failing++;
        problems.push(`• ${url}: ${record.lastError}`);
      }
    }
    const channelFollows = subs.filter((s) => s.channelId);
    const last = ctx.pollJob.lastCycle;
    const paused = Object.entries(settings.pausedChannels).map(
      ([id, p]) => `• <#${id}> since ${p.since.slice(0, 16).replace('T', ' ')} UTC: ${p.reason === 'admin' ? 'paused by an admin' : p.reason === 'deleted' ? 'channel deleted' : 'the bot may not post there'}`,
    );
    const lines = [
      `**Feeds read:** ${urls.length} (${failing} failing)`,
      ...problems.slice(0, 10),
      `**Follows:** ${subs.filter((s) => !s.channelId).length} by members${channelFollows.length ? `; channels following on their own: ${channelFollows.map((s) => `<#${s.channelId}> ${topicLabel(s.topic)}`).join(', ')}` : ''}`,
      `**Last poll:** ${last ? `${last.at.slice(0, 16).replace('T', ' ')} UTC${last.error ? ` (failed: ${last.error})` : ''}` : 'not yet since the bot started'}`,
      `**Last delivery here:** ${settings.lastDeliveryAt ? `${settings.lastDeliveryAt.slice(0, 16).replace('T', ' ')} UTC` : 'none yet'}`,
      `**Alert channel:** ${settings.defaultChannelId ? `<#${settings.defaultChannelId}>` : 'not set (/alerts channel)'}`,
      `**Paused channels:** ${paused.length ? '' : 'none'}`,
      ...paused,
    ];
    const notices = await takePendingNotices(ctx, guildId);
    if (notices.length) lines.push('', '**While you were away:**', ...notices);
    await interaction.reply({ content: lines.join('\n').slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
};
