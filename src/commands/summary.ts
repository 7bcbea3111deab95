import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { renderSummary } from '../discord/render.ts';
import type { ArticleInsight } from '../news/article.ts';
import { canonicalUrl } from '../news/feeds/canonical-url.ts';
import { EnrichError, summarizeUrl, understandText } from '../news/enrich.ts';
import { checkUrl, FetchError } from '../news/http/fetch.ts';
import { UserError, type Command, type CommandContext } from './command.ts';
import { messagesFor } from '../i18n/messages.ts';
import { failureReason } from '../i18n/failure-reason.ts';

const PER_MINUTE = 5;

export const summary: Command = {
  data: new SlashCommandBuilder()
    .setName('summary')
    .setDescription('Summarise any article: the gist in a few sentences and its key quotes')
    .addStringOption((o) => o.setName('url').setDescription('Link to the article').setRequired(true).setMaxLength(2000)),
  async execute(interaction, ctx) {
    const url = interaction.options.getString('url', true).trim();
    // Cheap checks first, so a bad link gets a private answer before anything is shown to the channel.
    try {
      checkUrl(url, ctx.config.allowPrivateUrls);
    } catch (err) {
      if (err instanceof FetchError) throw new UserError((_m, locale) => failureReason(err, locale, url));
      throw err;
    }
    if (!ctx.rateLimit(`summary:${interaction.user.id}`, PER_MINUTE)) {
      throw new UserError((m) => m.members.summary.rateLimited(PER_MINUTE));
    }
    await interaction.deferReply();
    try {
      const insight = await summarizeUrl(url, { fetch: ctx.fetch, sentences: ctx.config.summarySentences, pages: ctx.pages, urgent: true });
      await interaction.editReply({ embeds: [renderSummary(insight, interaction.locale)], allowedMentions: { parse: [] } });
    } catch (err) {
      if (!(err instanceof EnrichError)) throw err;
      const fallback = await fromFeedPreview(ctx, url, err.message);
      if (fallback) {
        await interaction.editReply({ embeds: [renderSummary(fallback, interaction.locale)], allowedMentions: { parse: [] } });
        return;
      }
      // The public "thinking…" placeholder goes, and only the member who asked sees why.
      await interaction.deleteReply().catch(() => undefined);
      const m = messagesFor(interaction.locale).members.summary;
      const hint = err.kind === 'paywalled' ? m.subscribersOnly : '';
      await interaction.followUp({ content: `${m.failed(failureReason(err, interaction.locale, url))}${hint}`, flags: MessageFlags.Ephemeral });
    }
  },
};

/** When the page itself cannot be summarised, the text a feed carried for the same article (if the bot saw it). */
export async function fromFeedPreview(ctx: Pick<CommandContext, 'store' | 'config'>, url: string, reason: string): Promise<(ArticleInsight & { url: string }) | undefined> {
  const canonical = canonicalUrl(url);
  const mark = await ctx.store.seen.findByUrl(canonical);
  const story = mark ? await ctx.store.stories.get(mark.storyId) : undefined;
  if (!story) return undefined;
  // The story may hold several outlets' articles: the text is the asked article's own, never another's.
  const later = story.alsoReportedBy.find((r) => canonicalUrl(r.url) === canonical);
  const own = canonicalUrl(story.url) === canonical ? story : later && { ...later, published: later.at };
  if (!own?.lead) return undefined;
  const paragraphs = own.lead.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
  const insight = understandText({ title: own.title, paragraphs, published: own.published }, ctx.config.summarySentences, 'feed');
  if (!insight.summary.length) return undefined;
  return { ...insight, siteName: own.source, fallbackReason: reason, url: own.url };
}
