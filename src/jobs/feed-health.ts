import type { AppContext } from '../context.ts';
import { feedHealth } from './feed-policy.ts';
import { problemKey } from '../store/guilds.ts';
import { reportFixed, reportProblem } from './notify-admins.ts';
import type { Audience } from './audience.ts';
import type { FeedOutcome } from './poll-feeds.ts';
import { messagesFor } from '../i18n/messages.ts';
import { storedFailureReason } from '../i18n/failure-reason.ts';

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
      // In the server's language, the failure worded from its kind (the feed's record was written with this poll's failure).
      const locale = audience.guilds.get(guildId)?.locale;
      const m = messagesFor(locale).feeds;
      await reportProblem(ctx, guildId, key, m.feedDown(outcome.url, m.utc(feed.failingSince ?? ctx.now().toISOString()), storedFailureReason(feed, locale, outcome.url)));
    }
  } else {
    // A working feed is the common case: only servers that were told it broke (per the settings read at the
    // start of this poll) need a store round trip.
    for (const guildId of readers) {
      const settings = audience.guilds.get(guildId);
      if (settings?.reportedProblems[key]) await reportFixed(ctx, guildId, key, messagesFor(settings.locale).feeds.feedBack(outcome.url));
    }
  }
}
