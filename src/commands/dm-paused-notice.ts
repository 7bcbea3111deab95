import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from './command.ts';

export const DM_PAUSED_NOTICE =
  'I could not send your alerts to your DMs: Discord refused them, because your direct messages are closed to this server’s members. ' +
  'Your DM alerts are paused, so nothing piles up or is retried. To re-open them: open this server’s menu → **Privacy Settings** → turn on ' +
  '**Direct Messages** (allow direct messages from server members). Then run `/follow topic:… deliver:dm` again to resume.';

/**
 * A member whose DM alerts Discord refused hears it at their next command, whichever it is, once and only them
 * (ephemeral): the bot has no other way to reach someone whose DMs are closed.
 */
export async function tellAboutPausedDms(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void> {
  try {
    if (!(await ctx.store.directMessages.takeNotice(interaction.user.id, ctx.now()))) return;
    const message = { content: DM_PAUSED_NOTICE, flags: MessageFlags.Ephemeral } as const;
    if (interaction.replied || interaction.deferred) await interaction.followUp(message);
    else await interaction.reply(message);
  } catch (err) {
    ctx.log.warn({ user: interaction.user.id, err: (err as Error).message }, 'could not tell a member their DM alerts are paused');
  }
}
