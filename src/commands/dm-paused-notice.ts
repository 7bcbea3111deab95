import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from './command.ts';
import { messagesFor } from '../i18n/messages.ts';


/**
 * A member whose DM alerts Discord refused hears it at their next command, whichever it is, once and only them
 * (ephemeral): the bot has no other way to reach someone whose DMs are closed.
 */
export async function tellAboutPausedDms(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void> {
  try {
    if (!(await ctx.store.directMessages.takeNotice(interaction.user.id, ctx.now()))) return;
    const message = { content: messagesFor(interaction.locale).members.dmPaused, flags: MessageFlags.Ephemeral } as const;
    if (interaction.replied || interaction.deferred) await interaction.followUp(message);
    else await interaction.reply(message);
  } catch (err) {
    ctx.log.warn({ user: interaction.user.id, err: (err as Error).message }, 'could not tell a member their DM alerts are paused');
  }
}
