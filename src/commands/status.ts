import { topicName } from '../i18n/topic-names.ts';
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { feedsOfGuild } from '../jobs/feed-set.ts';
import { takePendingNotices } from '../jobs/notify-admins.ts';
import { feedHealth } from '../jobs/feed-policy.ts';
import type { Command } from './command.ts';
import { requireGuild, requireManageServer } from './guards.ts';
import { messagesFor } from '../i18n/messages.ts';
import { storedFailureReason } from '../i18n/failure-reason.ts';

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
    const m = messagesFor(interaction.locale).feeds;
    const [settings, subs] = await Promise.all([ctx.store.guilds.get(guildId), ctx.store.subscriptions.listForGuild(guildId)]);
    const urls = [...feedsOfGuild(settings, subs, ctx.config.starterFeeds)];
    const now = ctx.now();
    let failing = 0;
    const problems: string[] = [];
    for (const url of urls) {
      const record = await ctx.store.feeds.get(url);
      if (record && feedHealth(record, now, ctx.config.feedFailingAlertHours) !== 'ok') {
        failing++;
        problems.push(`• ${url}: ${storedFailureReason(record, interaction.locale, url)}`);
      }
    }
    const channelFollows = subs.filter((s) => s.channelId);
    const last = ctx.pollJob.lastCycle;
    const why = m.status.pausedWhy;
    const paused = Object.entries(settings.pausedChannels).map(([id, p]) =>
      m.status.paused(`<#${id}>`, m.utc(p.since), p.reason === 'admin' ? why.admin : p.reason === 'deleted' ? why.deleted : why.permissions),
    );
    const lines = [
      m.status.feedsRead(urls.length, failing),
      ...problems.slice(0, 10),
      m.status.follows(subs.filter((s) => !s.channelId).length, channelFollows.map((s) => `<#${s.channelId}> ${topicName(s.topic, interaction.locale)}`).join(', ')),
      m.status.lastPoll(last ? m.utc(last.at) : undefined, last?.error),
      m.status.lastDelivery(settings.lastDeliveryAt ? m.utc(settings.lastDeliveryAt) : undefined),
      m.status.alertChannel(settings.defaultChannelId ? `<#${settings.defaultChannelId}>` : undefined),
      m.status.pausedChannels(paused.length === 0),
      ...paused,
    ];
    const notices = await takePendingNotices(ctx, guildId);
    if (notices.length) lines.push('', m.whileAway, ...notices);
    await interaction.reply({ content: lines.join('\n').slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
};
