import { ApplicationCommandOptionType as OptionType, type APIApplicationCommandOption, type CommandInteractionOption } from 'discord.js';
import { messagesFor, type Messages } from '../i18n/messages.ts';

/**
 * Commands can arrive in a shape the bot does not declare: a Discord app still showing an older version of a
 * command, or a payload put together by hand. Each is checked against the command's own definition before it
 * runs, so a handler only ever sees the options it declared, of the types it declared.
 */

type Words = Messages['members']['option'];

const KIND: Partial<Record<OptionType, keyof Words['kinds']>> = {
  [OptionType.String]: 'text',
  [OptionType.Integer]: 'integer',
  [OptionType.Number]: 'number',
  [OptionType.Boolean]: 'boolean',
  [OptionType.User]: 'user',
  [OptionType.Channel]: 'channel',
  [OptionType.Role]: 'role',
  [OptionType.Mentionable]: 'mentionable',
  [OptionType.Attachment]: 'attachment',
};

const isBranch = (type: OptionType) => type === OptionType.Subcommand || type === OptionType.SubcommandGroup;

/** What is wrong with the options a command arrived with, in plain words; undefined when they fit its definition. */
export function describeOptionProblem(
  path: string,
  declared: readonly APIApplicationCommandOption[],
  given: readonly CommandInteractionOption[],
  words: Words = messagesFor('en').members.option,
): string | undefined {
  const branches = declared.filter((o) => isBranch(o.type));
  if (branches.length) {
    const names = branches.map((b) => b.name).join(', ');
    const [chosen, ...extra] = given;
    if (!chosen || extra.length || !isBranch(chosen.type)) return words.needsOneOf(path, names);
    const branch = branches.find((b) => b.name === chosen.name && b.type === chosen.type);
    if (!branch) return words.noBranch(path, chosen.name, names);
    return describeOptionProblem(`${path} ${branch.name}`, 'options' in branch ? (branch.options ?? []) : [], chosen.options ?? [], words);
  }
  for (const option of given) {
    const spec = declared.find((o) => o.name === option.name);
    if (!spec) return words.noOption(path, option.name);
    if (option.type !== spec.type || !fits(option)) return words.wrongKind(path, option.name, words.kinds[KIND[spec.type] ?? 'other']);
    const choices = 'choices' in spec ? spec.choices : undefined;
    if (choices?.length && !choices.some((c) => c.value === option.value)) {
      return words.notAChoice(path, option.name, choices.map((c) => String(c.value)).join(', '));
    }
  }
  const missing = declared.find((o) => 'required' in o && o.required && !given.some((g) => g.name === o.name));
  return missing ? words.missing(path, missing.name) : undefined;
}

/** The value matches its type; a channel, role or member must be one Discord resolved for this interaction. */
function fits(option: CommandInteractionOption): boolean {
  const { value } = option;
  switch (option.type) {
    case OptionType.String:
      return typeof value === 'string';
    case OptionType.Integer:
      return Number.isSafeInteger(value);
    case OptionType.Number:
      return typeof value === 'number' && Number.isFinite(value);
    case OptionType.Boolean:
      return typeof value === 'boolean';
    case OptionType.Channel:
      return !!option.channel;
    case OptionType.Role:
      return !!option.role;
    case OptionType.User:
      return !!option.user;
    case OptionType.Mentionable:
      return !!(option.role ?? option.user);
    case OptionType.Attachment:
      return !!option.attachment;
    default:
      return false;
  }
}

/**
 * Runs on the raw gateway payload, before discord.js reads it: an option list discord.js cannot even walk (not a
 * list, options without a name or type, values that are objects) would throw inside its gateway handler, where
 * nothing can catch it. Such a list is emptied; the interaction's id is returned so its command is refused.
 */
export function defuseMalformedOptions(payload: unknown): string | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const d = payload as { id?: unknown; data?: { options?: unknown } };
  if (!d.data || typeof d.data !== 'object' || d.data.options === undefined || isReadable(d.data.options, 0)) return undefined;
  d.data.options = [];
  return typeof d.id === 'string' ? d.id : undefined;
}

function isReadable(options: unknown, depth: number): boolean {
  if (!Array.isArray(options) || depth > 2) return false;
  return options.every((o: unknown) => {
    if (!o || typeof o !== 'object') return false;
    const option = o as { name?: unknown; type?: unknown; value?: unknown; options?: unknown };
    return (
      typeof option.name === 'string' &&
      typeof option.type === 'number' &&
      (option.value === undefined || ['string', 'number', 'boolean'].includes(typeof option.value)) &&
      (option.options === undefined || isReadable(option.options, depth + 1))
    );
  });
}
