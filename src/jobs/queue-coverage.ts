import type { AppContext } from '../context.ts';
import { storyCoverage, withCoverage } from '../discord/render-coverage.ts';
import { nonceOf } from './queue-alerts.ts';

/**
 * A story that gained outlets in this poll: each of its posted alerts gets one edit showing them under
 * "Also reported by" (one outbox entry per alert, rewritten by a later poll, so at most one edit per alert per
 * poll). Returns the outbox ids queued.
 */
export async function queueCoverageEdits(ctx: AppContext, storyIds: Iterable<string>): Promise<string[]> {
  const ids: string[] = [];
  const planned = ctx.now().toISOString();
  for (const storyId of new Set(storyIds)) {
    const alerts = await ctx.store.sentAlerts.list(storyId);
    if (alerts.length === 0) continue;
    const story = await ctx.store.stories.get(storyId);
    if (!story?.alsoReportedBy.length) continue;
    for (const alert of alerts) {
      const embed = withCoverage(alert.embed, storyCoverage(story), alert.source);
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
    }
  }
  return ids;
}
