import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  Client,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { AppContext } from '../context.ts';
import type { PollJob } from '../jobs/poll.ts';

/** A failure meant for the member who ran the command: shown to them alone, in plain words. */
export class UserError extends Error {
  override name = 'UserError';
}

export interface CommandContext extends AppContext {
  client: Client;
  pollJob: PollJob;
  /** Per-member limiter for expensive commands (/summary). */
  rateLimit: (key: string, perMinute: number) => boolean;
}

/** One slash command: its definition and its handler, in one file. */
export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** Needs Manage Server; declared to Discord and checked again when it runs. */
  adminOnly?: boolean;
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
}
