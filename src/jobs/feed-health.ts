import type { AppContext } from '../context.ts';
import { feedHealth } from '../store/feeds.ts';
import { reportFixed, reportProblem } from './notify-admins.ts';
import type { FeedOutcome } from './poll-feeds.ts';

/** Tells the servers reading a feed that it is broken (once it has failed long enough), or that it works again. */
export async function reportFeedOutcome(ctx: AppContext, outcome: FeedOutcome, feedSets: Map<string, Set<string>>): Promise<void> {
  if (outcome.status === 'skipped') return;
  const readers = [...feedSets].filter(([, set]) => set.has(outcome.url)).map(([guildId]) => guildId);
  if (readers.length === 0) return;
  const key = `feed:${outcome.url}`;
  if (outcome.status === 'failed') {
    const feed = await ctx.store.feeds.get(outcome.url);
    if (!feed || feedHealth(feed, ctx.now(), ctx.config.feedFailingAlertHours) !== 'broken') return;
    for (const guildId of readers) {
      await reportProblem(ctx, guildId, key, `The feed ${outcome.url} has not worked since ${feed.failingSince?.slice(0, 16).replace('T', ' ')} UTC: ${outcome.error}`);
    }
  } else {
    for (const guildId of readers) await reportFixed(ctx, guildId, key, `The feed ${outcome.url} works again.`);
  }
}
