import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { topicName } from '../i18n/topic-names.ts';
import { findTopic } from '../topics/catalog.ts';
import { UserError, type Command } from './command.ts';
import { requireGuild } from './guards.ts';
import { suggestTopics } from './topic-choices.ts';
import { messagesFor } from '../i18n/messages.ts';

export const unfollow: Command = {
  data: new SlashCommandBuilder()
    .setName('unfollow')
    .setDescription('Stop alerts about a topic you follow')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) => o.setName('topic').setDescription('One of your follows').setRequired(true).setMaxLength(300).setAutocomplete(true)),
  async autocomplete(interaction, ctx) {
    const mine = interaction.guildId ? await ctx.store.subscriptions.listForGuild(interaction.guildId) : [];
    await suggestTopics(interaction, mine.filter((s) => s.userId === interaction.user.id).map((s) => s.topic));
  },
  async execute(interaction, ctx) {
    const guildId = requireGuild(interaction);
    const raw = interaction.options.getString('topic', true);
    const topic = findTopic(raw)?.id ?? raw;
    const removed = await ctx.store.subscriptions.unfollow(guildId, interaction.user.id, topic);
    if (!removed) throw new UserError((m, locale) => m.members.unfollow.notFollowing(topicName(topic, locale)));
    await interaction.reply({ content: messagesFor(interaction.locale).members.unfollow.done(topicName(removed.topic, interaction.locale)), flags: MessageFlags.Ephemeral });
  },
};
