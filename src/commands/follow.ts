import { InteractionContextType, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { DeliverChoice } from '../store/subscriptions.ts';
import { topicKey } from '../topics/topic-key.ts';
import { topicName } from '../i18n/topic-names.ts';
import { UserError, type Command, type CommandContext } from './command.ts';
import { canManageServer, isTextChannel, missingPermissions, requireGuild } from './guards.ts';
import { suggestTopics } from './topic-choices.ts';
import { validateTopic } from './topic-input.ts';
import { messagesFor } from '../i18n/messages.ts';

export const follow: Command = {
  data: new SlashCommandBuilder()
    .setName('follow')
    .setDescription('Get alerts about a topic (japan, crypto, …) or your own query')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o.setName('topic').setDescription('A built-in topic, or a query such as "bank of japan" AND (rate OR yen) -anime').setRequired(true).setMaxLength(300).setAutocomplete(true),
    )
    .addBooleanOption((o) => o.setName('ping').setDescription('Mention me in this topic’s alerts'))
    .addStringOption((o) =>
      o
        .setName('deliver')
        .setDescription('Where your alerts of this topic go: the server’s channel (default) or your DMs')
        .addChoices({ name: 'channel', value: 'channel' }, { name: 'my DMs', value: 'dm' }),
    ),
  async autocomplete(interaction) {
    await suggestTopics(interaction);
  },
  async execute(interaction, ctx) {
    const guildId = requireGuild(interaction);
    const { topic, builtIn } = validateTopic(interaction.options.getString('topic', true));
    const ping = interaction.options.getBoolean('ping') ?? false;
    const deliver = interaction.options.getString('deliver') as DeliverChoice | null;
    if (deliver === 'dm') {
      await followInDms(interaction, ctx, guildId, topic, builtIn);
      return;
    }
    const m = messagesFor(interaction.locale).members.follow;
    const settings = await ctx.store.guilds.get(guildId);
    let channelId = settings.topicChannels[topicKey(topic)] ?? settings.defaultChannelId;
    let note = '';
    if (!channelId) {
      if (!canManageServer(interaction)) {
        throw new UserError((w) => w.members.follow.noAlertChannel);
      }
      const here = interaction.channel;
      if (!here || !isTextChannel(here.type)) throw new UserError((w) => w.members.follow.runInTextChannel);
      const missing = missingPermissions(interaction, here.id);
      if (missing.length) throw new UserError((w) => w.members.follow.cannotPostHere(missing.join(w.common.listJoin)));
      channelId = here.id;
      await ctx.store.guilds.update(guildId, (g) => {
        g.defaultChannelId ??= here.id;
      });
      note = `\n${m.becameAlertChannel}`;
    }
    const { created } = await ctx.store.subscriptions.follow({ guildId, userId: interaction.user.id, topic, ping, deliver: 'channel' }, ctx.now());
    const label = topicName(topic, interaction.locale);
    const what = created ? m.nowFollow(label) : m.alreadyFollow(label, ping);
    const source = builtIn ? '' : `\n${m.customSource}`;
    await interaction.reply({
      content: `${m.postedIn(what, `<#${channelId}>`, ping)}${note}${source}`,
      flags: MessageFlags.Ephemeral,
    });
  },
};

/**
 * A DM follow needs no alert channel in the server. Asking for DMs again is also how a member resumes DM
 * delivery after closing their DMs paused it.
 */
async function followInDms(interaction: ChatInputCommandInteraction, ctx: CommandContext, guildId: string, topic: string, builtIn: boolean): Promise<void> {
  const userId = interaction.user.id;
  const { created } = await ctx.store.subscriptions.follow({ guildId, userId, topic, ping: false, deliver: 'dm' }, ctx.now());
  const resumed = await ctx.store.directMessages.resume(userId);
  await ctx.store.directMessages.rememberLocale(userId, interaction.locale);
  const label = topicName(topic, interaction.locale);
  const m = messagesFor(interaction.locale).members.follow;
  const what = created ? m.nowFollow(label) : m.follows(label);
  const again = resumed ? `\n${m.dmsResume}` : '';
  const source = builtIn ? '' : `\n${m.customSource}`;
  await interaction.reply({ content: `${m.sentToDms(what)}${again}${source}`, flags: MessageFlags.Ephemeral });
}
