import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { clip } from '../discord/render.ts';
import { loadCatalog, termText } from '../topics/catalog.ts';
import type { Command } from './command.ts';
import { messagesFor } from '../i18n/messages.ts';
import { topicDescription, topicName } from '../i18n/topic-names.ts';

export const topics: Command = {
  data: new SlashCommandBuilder().setName('topics').setDescription('The built-in topics and what each covers'),
  async execute(interaction) {
    const m = messagesFor(interaction.locale).members.topics;
    const fields = loadCatalog().map((t) => {
      const samples = t.groups.flatMap((g) => g.terms.slice(0, 3).map(termText)).slice(0, 8);
      return { name: `${topicName(t.id, interaction.locale)} (\`${t.id}\`)`, value: clip(`${topicDescription(t.id, interaction.locale)}\n${m.example(samples.join(', '))}`, 1024) };
    });
    await interaction.reply({
      embeds: [
        {
          title: m.title,
          description: m.description,
          fields: fields.slice(0, 25),
          color: 0x2f6fdf,
        },
      ],
      flags: MessageFlags.Ephemeral,
    });
  },
};
