import { MessageFlags, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import { UserError, type Command, type CommandContext } from '../../commands/command.ts';
import { tellAboutPausedDms } from '../../commands/dm-paused-notice.ts';
import { requireManageServer } from '../../commands/guards.ts';
import { isFatalStoreError } from '../../store/store-errors.ts';
import { handleButton } from './button-press.ts';
import { rememberGuildDetails } from './guild-details.ts';
import { defuseMalformedOptions, describeOptionProblem } from '../interaction-shape.ts';
import { messagesFor } from '../../i18n/messages.ts';

/**
 * Interactions whose option list discord.js could not read. They are spotted in the raw gateway packet
 * (before discord.js builds the interaction and would throw) and answered in plain words afterwards.
 */
export class MalformedInteractions {
  private readonly ids = new Set<string>();

  /** For the client's raw-packet event. */
  inspect(packet: { t?: string; d?: unknown }): void {
    if (packet.t !== 'INTERACTION_CREATE') return;
    const id = defuseMalformedOptions(packet.d);
    if (!id) return;
    if (this.ids.size > 1000) this.ids.clear();
    this.ids.add(id);
  }

  take(id: string): boolean {
    return this.ids.delete(id);
  }
}

/** Runs a slash command or an autocomplete; every failure becomes a plain answer to the member who asked. */
export async function handleInteraction(interaction: Interaction, byName: Map<string, Command>, ctx: CommandContext, unreadable: boolean): Promise<void> {
  if (interaction.isButton()) {
    await handleButton(interaction, ctx).catch(async (err: unknown) => {
      ctx.log.error({ button: interaction.customId, err: (err as Error).message }, 'button failed');
      const content = messagesFor(interaction.locale).common.somethingWentWrong;
      if (!interaction.replied && !interaction.deferred) await interaction.reply({ content, flags: MessageFlags.Ephemeral }).catch(() => undefined);
    });
    return;
  }
  if (interaction.isAutocomplete()) {
    if (unreadable) return;
    const command = byName.get(interaction.commandName);
    try {
      await command?.autocomplete?.(interaction, ctx);
    } catch (err) {
      ctx.log.warn({ command: interaction.commandName, err: (err as Error).message }, 'autocomplete failed');
    }
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  const command = byName.get(interaction.commandName);
  try {
    // An older or hand-made command: answered in plain words, never handed to a command that did not declare it.
    const m = messagesFor(interaction.locale).members;
    const problem = !command
      ? m.noSuchCommand(interaction.commandName)
      : unreadable
        ? m.unreadableCommand(interaction.commandName)
        : describeOptionProblem(interaction.commandName, command.data.toJSON().options ?? [], interaction.options.data, m.option);
    if (problem || !command) {
      ctx.log.warn({ command: interaction.commandName, guild: interaction.guildId, problem }, 'command does not match its definition');
      throw new UserError(`${problem} ${m.outdatedHint}`);
    }
    if (command.adminOnly) requireManageServer(interaction);
    await rememberServerLocale(interaction, ctx);
    await command.execute(interaction, ctx);
  } catch (err) {
    await answerFailure(interaction, ctx, err);
  }
  await tellAboutPausedDms(interaction, ctx);
}

/** Every interaction carries the server's preferred locale: the freshest word on its alerts' language. */
async function rememberServerLocale(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void> {
  if (!interaction.guildId || !interaction.guild) return;
  await rememberGuildDetails(ctx.store, interaction.guildId, interaction.guildLocale, interaction.guild.name);
}

async function answerFailure(interaction: ChatInputCommandInteraction, ctx: CommandContext, err: unknown): Promise<void> {
  const storeDown = isFatalStoreError(err);
  const m = messagesFor(interaction.locale).common;
  const userMessage = err instanceof UserError ? err.in(interaction.locale) : storeDown ? m.storeDown : m.somethingWentWrong;
  if (storeDown) {
    // The operator hears it once, from whoever stops the bot; no stack trace per command.
    ctx.log.error({ command: interaction.commandName, guild: interaction.guildId, err: (err as Error).message }, 'command failed: the store cannot be written');
  } else if (!(err instanceof UserError)) {
    ctx.log.error({ command: interaction.commandName, guild: interaction.guildId, err: (err as Error).message, stack: (err as Error).stack }, 'command failed');
  }
  try {
    if (interaction.deferred || interaction.replied) {
      if (interaction.deferred && !interaction.replied) await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp({ content: userMessage, flags: MessageFlags.Ephemeral });
    } else {
      await interaction.reply({ content: userMessage, flags: MessageFlags.Ephemeral });
    }
  } catch (replyErr) {
    // An expired interaction token (after 15 minutes) cannot be answered any more; the log is all that is left.
    ctx.log.warn({ command: interaction.commandName, err: (replyErr as Error).message }, 'could not tell the member about an error');
  }
}
