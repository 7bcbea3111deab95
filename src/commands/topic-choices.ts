import type { AutocompleteInteraction } from 'discord.js';
import { loadCatalog } from '../topics/catalog.ts';
import { messagesFor } from '../i18n/messages.ts';
import { topicDescription, topicName } from '../i18n/topic-names.ts';

/** Autocomplete for topic options: built-in topics first, and whatever the member typed as a custom query. */
export async function suggestTopics(interaction: AutocompleteInteraction, extra: string[] = []): Promise<void> {
  const typed = String(interaction.options.getFocused() ?? '').trim();
  const lower = typed.toLowerCase();
  const choices: { name: string; value: string }[] = [];
  for (const topic of loadCatalog()) {
    const name = topicName(topic.id, interaction.locale);
    if (!lower || topic.id.includes(lower) || topic.name.toLowerCase().includes(lower) || name.toLowerCase().includes(lower)) {
      choices.push({ name: `${name}: ${topicDescription(topic.id, interaction.locale)}`.slice(0, 100), value: topic.id });
    }
  }
  for (const value of extra) {
    if (!lower || value.toLowerCase().includes(lower)) choices.push({ name: value.slice(0, 100), value: value.slice(0, 100) });
  }
  if (typed && !choices.some((c) => c.value.toLowerCase() === lower)) {
    choices.unshift({ name: messagesFor(interaction.locale).members.topicInput.customQuery(typed).slice(0, 100), value: typed.slice(0, 100) });
  }
  await interaction.respond(choices.slice(0, 25));
}
