import ja from './commands.ja.json' with { type: 'json' };

/** A slash command (or one of its options) as Discord receives it, with the fields localisation adds. */
interface CommandJson {
  name: string;
  description?: string;
  name_localizations?: Record<string, string> | null;
  description_localizations?: Record<string, string> | null;
  options?: CommandJson[];
  choices?: { name: string; value: string | number; name_localizations?: Record<string, string> | null }[];
}

interface Catalogue {
  names: Record<string, [string, string]>;
  choices: Record<string, Record<string, string>>;
}

/** Discord locale → the catalogue of command names and descriptions in that language. */
const CATALOGUES: Record<string, Catalogue> = { ja: ja as unknown as Catalogue };

/**
 * Adds Discord's name_localizations and description_localizations to every command, subcommand, option and
 * choice a catalogue covers, so members whose Discord is in that language see the commands in it. Discord
 * still sends the canonical (English) names in interactions, so nothing else changes. Entries are keyed by
 * path ("alerts.mode.mode"); what a catalogue lacks stays English.
 */
export function localizeCommands<T>(commands: T[]): T[] {
  return commands.map((command) => localize(command as unknown as CommandJson, '') as unknown as T);
}

function localize(node: CommandJson, parent: string): CommandJson {
  const path = parent ? `${parent}.${node.name}` : node.name;
  const out: CommandJson = { ...node };
  for (const [locale, catalogue] of Object.entries(CATALOGUES)) {
    const entry = catalogue.names[path];
    if (entry) {
      out.name_localizations = { ...(out.name_localizations ?? {}), [locale]: entry[0] };
      out.description_localizations = { ...(out.description_localizations ?? {}), [locale]: entry[1] };
    }
    const choices = catalogue.choices[path];
    if (choices && out.choices) {
      out.choices = out.choices.map((c) => (choices[String(c.value)] ? { ...c, name_localizations: { ...(c.name_localizations ?? {}), [locale]: choices[String(c.value)]! } } : c));
    }
  }
  if (node.options) out.options = node.options.map((o) => localize(o, path));
  return out;
}
