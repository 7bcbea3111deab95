import type { AppContext } from '../context.ts';
import { feedHealth } from './feed-policy.ts';
import { problemKey } from '../store/guilds.ts';
import { reportFixed, reportProblem } from './notify-admins.ts';
import type { Audience } from './audience.ts';
import type { FeedOutcome } from './poll-feeds.ts';

/** Tells the servers reading a feed that it is broken (once it has failed long enough), or that it works again. */
export async function reportFeedOutcome(ctx: AppContext, outcome: FeedOutcome, audience: Pick<Audience, 'readers' | 'guilds'>): Promise<void> {
  if (outcome.status === 'skipped') return;
  const readers = audience.readers.get(outcome.url) ?? [];
  if (readers.length === 0) return;
  const key = problemKey.feed(outcome.url);
  if (outcome.status === 'failed') {
    const feed = await ctx.store.feeds.get(outcome.url);
    if (!feed || feedHealth(feed, ctx.now(), ctx.config.feedFailingAlertHours) !== 'broken') return;
    for (const guildId of readers) {
      await reportProblem(ctx, guildId, key, `The feed ${outcome.url} has not worked since ${feed.failingSince?.slice(0, 16).replace('T', ' ')} UTC: ${outcome.error}`);
    }
  } else {
    // A working feed is the common case: only servers that were told it broke (per the settings read at the
    // start of this poll) need a store round trip.
    for (const guildId of readers) {
      if (audience.guilds.get(guildId)?.reportedProblems[key]) await reportFixed(ctx, guildId, key, `The feed ${outcome.url} works again.`);
    }
  }
}
