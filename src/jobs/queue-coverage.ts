import type { AppContext } from '../context.ts';
import { clip, safeText } from '../discord/render.ts';
import { storyCoverage, withCoverage } from '../discord/render-coverage.ts';
import { linkTarget } from '../discord/render-links.ts';
import { messagesFor } from '../i18n/messages.ts';
import { sentenceSpans } from '../news/understand/sentences.ts';
import type { SentAlert } from '../store/sent-alerts.ts';
import { nonceOf, type GainedArticle } from './queue-alerts.ts';

/** Lines one coverage message holds; a busier poll's extra articles wait for the next one. */
const LINES_PER_MESSAGE = 10;

/**
 * Articles that joined known stories in this poll, shown on those stories' posted alerts, as each alert's
 * channel chose (/alerts coverage):
 * - every mode but 'off': one edit of the alert, its "Also reported by" naming the story's outlets (one outbox
 *   entry per alert, rewritten by a later poll: at most one edit per alert per poll);
 * - 'thread' (the default, not in DMs): the new articles, one compact line each (outlet, headline link, one
 *   sentence), in a thread on the alert, started with the first of them.
 * Returns the outbox ids queued.
 */
export async function queueCoverage(ctx: AppContext, gained: GainedArticle[]): Promise<string[]> {
  const ids: string[] = [];
  const planned = ctx.now().toISOString();
  const servers = new Map<string, { modes?: Record<string, string>; locale?: string }>();
  const byStory = new Map<string, GainedArticle[]>();
  for (const g of gained) byStory.set(g.storyId, [...(byStory.get(g.storyId) ?? []), g]);
  for (const [storyId, articles] of byStory) {
    const alerts = await ctx.store.sentAlerts.list(storyId);
    if (alerts.length === 0) continue;
    const story = await ctx.store.stories.get(storyId);
    if (!story?.alsoReportedBy.length) continue;
    for (const alert of alerts) {
      if (!servers.has(alert.guildId)) {
        const settings = await ctx.store.guilds.get(alert.guildId);
        servers.set(alert.guildId, { modes: settings.coverageModes, locale: settings.locale });
      }
      const server = servers.get(alert.guildId)!;
      const mode = server.modes?.[alert.channelId] ?? 'thread';
      if (mode === 'off') continue;
      const embed = withCoverage(alert.embed, storyCoverage(story), alert.source, server.locale);
      // Nothing new to show (only the alert's own outlet, or the same outlets as posted).
      if (JSON.stringify(embed.fields) === JSON.stringify(alert.embed.fields)) continue;
      const id = `${alert.channelId}|edit|${storyId}`;
      await ctx.store.outbox.put({
        id,
        guildId: alert.guildId,
        channelId: alert.channelId,
        storyIds: [storyId],
        kind: 'edit',
        messageId: alert.messageId,
        // No content: the alert's text (and whom it mentioned) stays as posted, and an edit pings nobody.
        body: { embeds: [embed], allowed_mentions: { parse: [] } },
        nonce: nonceOf(id),
        createdAt: planned,
        order: `${planned}|edit|${storyId}`,
        attempts: 0,
      });
      ids.push(id);
      if (mode === 'thread' && !alert.dm) ids.push(await queueThreadPost(ctx, alert, storyId, String(alert.embed.title ?? story.title), articles, planned, server.locale));
    }
  }
  return ids;
}

/** One outlet's line in a story's coverage thread: its name, its headline linked, its first sentence. */
export function threadLine(article: GainedArticle['article']): string {
  const first = sentenceSpans(article.text.slice(0, 600), article.lang)[0];
  const sentence = first ? article.text.slice(first.start, first.end).trim() : '';
  const headline = `[${clip(safeText(article.title), 150)}](<${linkTarget(article.url)}>)`;
  return `• **${safeText(article.source.name)}**: ${headline}${sentence && sentence !== article.title ? ` — ${clip(safeText(sentence), 200)}` : ''}`;
}

async function queueThreadPost(ctx: AppContext, alert: SentAlert, storyId: string, title: string, articles: GainedArticle[], planned: string, locale: string | undefined): Promise<string> {
  const lines = articles.slice(0, LINES_PER_MESSAGE).map(({ article }) => threadLine(article));
  const id = `${alert.channelId}|thread|${storyId}|${planned}`;
  await ctx.store.outbox.put({
    id,
    guildId: alert.guildId,
    channelId: alert.channelId,
    storyIds: [storyId],
    kind: 'coverage',
    messageId: alert.messageId,
    body: { content: clip(lines.join('\n'), 2000), allowed_mentions: { parse: [] }, flags: 4, threadName: clip(messagesFor(locale).alerts.moreCoverage(title), 100) },
    nonce: nonceOf(id),
    createdAt: planned,
    order: `${planned}|thread|${storyId}`,
    attempts: 0,
  });
  return id;
}
