import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  Client,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { AppContext } from '../context.ts';
import type { PollJob } from '../jobs/poll.ts';
import { messagesFor, type Messages } from '../i18n/messages.ts';

/**
 * A failure meant for the member who ran the command: shown to them alone, in plain words, in their language.
 * It is thrown with the catalogue entry that words it; the member's locale picks the words when it is answered.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(private readonly words: string | ((m: Messages, locale: string | undefined) => string)) {
    super(typeof words === 'string' ? words : words(messagesFor('en'), 'en'));
  }

  /** The message in the catalogue language of `locale` (a plain string stays as it was written). */
  in(locale: string | null | undefined): string {
    return typeof this.words === 'string' ? this.words : this.words(messagesFor(locale), locale ?? undefined);
  }
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
