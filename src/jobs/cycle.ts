import type { AppContext } from '../context.ts';
import type { Audience } from './audience.ts';
import { reportFeedOutcome } from './feed-health.ts';
import type { Candidate } from './plan-alerts.ts';
import type { FeedPoller, PollReport } from './poll-feeds.ts';
import { queueAlerts, type QueueReport } from './queue-alerts.ts';
import { queueCoverage } from './queue-coverage.ts';

/**
 * The poll cycle's steps, shared by both runners: the single process runs them over every due feed at once
 * (node-cron), a BullMQ worker over one feed per job. A change to the cycle is made here, once.
 *
 *   chooseFeeds → readAndQueue (read and ingest → plan → queue → commit → feed health) → deliver
 */

/** Every feed some server reads now, registered in the store so its state (and back-off) is kept. */
export async function chooseFeeds(ctx: Pick<AppContext, 'store' | 'now'>, audience: Audience): Promise<string[]> {
  const urls = [...audience.readers.keys()];
  for (const url of urls) await ctx.store.feeds.ensure(url, ctx.now());
  return urls;
}

export interface FeedsStep extends QueueReport {
  poll: PollReport;
}

/** The articles of a read worth planning: new stories, and other outlets' copies of known stories. */
export function candidatesOf(poll: Pick<PollReport, 'newArticles' | 'duplicates'>): Candidate[] {
  return [
    ...poll.newArticles,
    // Another outlet's copy of a known story: a server that reads only that outlet still gets it once.
    ...poll.duplicates.filter((d) => d.how !== 'seen').map((d) => ({ article: d.article, storyId: d.storyId, firstSeen: d.firstSeen })),
  ];
}

/**
 * Reads the given feeds, queues their alerts in the durable outbox, hands them to delivery, and only then marks
 * their items seen: a crash in between reads the items again, and the second planning lands on the same outbox
 * entries. Failing and recovered feeds are reported to the servers that read them.
 *
 * `handOff` is how a runner delivers: the single process drains the outbox after the whole cycle (nothing to
 * do here); a worker adds a delivery job per entry, before the commit, so no entry is left without one.
 */
export async function readAndQueue(ctx: AppContext, poller: FeedPoller, urls: string[], audience: Audience, handOff: (ids: string[]) => Promise<void> = async () => {}): Promise<FeedsStep> {
  const poll = await poller.readFeeds(urls);
  const queued = await queueAlerts(ctx, candidatesOf(poll), audience, poller.gate);
  await handOff(queued.ids);
  await poll.commit();
  // After the commit, which adds this poll's outlets to their stories: the alerts already posted show them.
  const gained = [...poll.duplicates.filter((d) => d.how !== 'seen').map((d) => ({ storyId: d.storyId, article: d.article })), ...queued.gained];
  const edits = await queueCoverage(ctx, gained);
  await handOff(edits);
  for (const outcome of poll.feeds) await reportFeedOutcome(ctx, outcome, audience);
  return { poll, ...queued, ids: [...queued.ids, ...edits] };
}
