import { createHash } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import type { AppContext } from '../context.ts';
import { deliverById, queueDueDigestIds } from '../jobs/deliver.ts';
import { loadAudience, type Audience } from '../jobs/audience.ts';
import { chooseFeeds, readAndQueue } from '../jobs/cycle.ts';
import { FeedPoller, pollSettingsOf } from '../jobs/poll-feeds.ts';
import { SharedStoryGate } from '../jobs/story-gate.ts';
import { ExpirySweeper } from '../jobs/sweep-expired.ts';
import { bullConnection } from './redis-connection.ts';

const SCHEDULER_ID = 'newsbot-poll';

/** The three queues: the schedule's ticks, one job per feed per poll, one job per outbox item. */
export interface JobQueues {
  ticks: Queue;
  feeds: Queue;
  deliveries: Queue;
  close(): Promise<void>;
}

export function queueNames(prefix = ''): { bullPrefix: string; ticks: string; feeds: string; deliveries: string } {
  return { bullPrefix: `${prefix}bull`, ticks: 'newsbot-ticks', feeds: 'newsbot-feeds', deliveries: 'newsbot-deliveries' };
}

export function openQueues(queueUrl: string, prefix = ''): JobQueues {
  const names = queueNames(prefix);
  const opts = { connection: bullConnection(queueUrl), prefix: names.bullPrefix };
  const ticks = new Queue(names.ticks, opts);
  const feeds = new Queue(names.feeds, opts);
  const deliveries = new Queue(names.deliveries, opts);
  for (const q of [ticks, feeds, deliveries]) q.on('error', () => {});
  return {
    ticks,
    feeds,
    deliveries,
    close: async () => {
      await Promise.allSettled([ticks.close(), feeds.close(), deliveries.close()]);
    },
  };
}

/** BullMQ job ids may not contain ':'; a hash of the natural key is stable and safe. */
export function jobKey(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 20);
}

/**
 * Fires the poll schedule exactly once per tick across every process: a BullMQ job scheduler keyed by one id
 * (upserting it from every worker is idempotent), whose tick job is taken by one worker.
 */
export async function scheduleTicks(queues: JobQueues, cron: string): Promise<void> {
  await queues.ticks.upsertJobScheduler(SCHEDULER_ID, { pattern: cron }, { name: 'tick', opts: { removeOnComplete: 100, removeOnFail: 100 } });
}

/** A tick outside the schedule (tests, benches, an operator's "poll now"). */
export async function addTick(queues: JobQueues, slot: number): Promise<void> {
  await queues.ticks.add('tick', { slot }, { jobId: `tick-${slot}`, removeOnComplete: 100, removeOnFail: 100 });
}

/**
 * One delivery job per outbox item. `tag` names the job's generation: adding the same item with the same tag
 * while its job waits is a no-op, and a retry (a new tag) is a new job.
 */
export async function enqueueDeliveries(queues: JobQueues, ids: string[], delayMs = 0, tag = '0'): Promise<void> {
  if (ids.length === 0) return;
  await queues.deliveries.addBulk(
    ids.map((id) => ({
      name: 'deliver',
      data: { id, tag },
      opts: { jobId: `d-${jobKey(id)}-${tag}`, delay: delayMs, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 }, attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
    })),
  );
}

export interface WorkerHandle {
  stop(): Promise<void>;
  /** Feeds read and items delivered by this process (for benches and /status). */
  stats: { feeds: number; delivered: number; ticks: number };
}

export interface WorkerOptions {
  queueUrl: string;
  prefix?: string;
  /** Jobs of each kind one process runs at once. */
  feedConcurrency: number;
  deliveryConcurrency?: number;
  /** Lock per job; a worker that dies loses it after this and the job is retried elsewhere. */
  lockMs: number;
  /** Start the cron schedule (upsert the job scheduler). */
  schedule: boolean;
}

/**
 * A worker process's job loop. tick → one feed job per feed (job id = feed + poll slot, and BullMQ
 * deduplication on the feed so a feed still being read is not queued again) and a delivery job per pending
 * outbox item; feed job → read, same-story decision under the store's ingest lock, matching, outbox, delivery
 * jobs; delivery job → the claimed, nonce-carrying send of deliver.ts.
 */
export function startWorker(ctx: AppContext, queues: JobQueues, opts: WorkerOptions): WorkerHandle {
  const names = queueNames(opts.prefix);
  const connection = bullConnection(opts.queueUrl);
  const poller = new FeedPoller({
    store: ctx.store,
    log: ctx.log,
    now: ctx.now,
    settings: pollSettingsOf(ctx),
    gate: new SharedStoryGate({ store: ctx.store, now: ctx.now, windowHours: ctx.config.storyWindowHours, lockTtlMs: Math.max(3_000, Math.min(20_000, opts.lockMs)) }),
  });
  const stats = { feeds: 0, delivered: 0, ticks: 0 };
  const sweeper = new ExpirySweeper(ctx);
  // Who reads what changes rarely; one load per poll slot serves every feed job of that slot.
  const audiences = new Map<number, Promise<Audience>>();
  const audienceFor = (slot: number) => {
    let a = audiences.get(slot);
    if (!a) {
      a = loadAudience(ctx);
      audiences.set(slot, a);
      for (const key of audiences.keys()) if (key < slot - 3_600_000) audiences.delete(key);
      a.catch(() => audiences.delete(slot));
    }
    return a;
  };
  const workerOpts = { connection, prefix: names.bullPrefix, lockDuration: opts.lockMs, stalledInterval: opts.lockMs, maxStalledCount: 5 };

  const tickWorker = new Worker(
    names.ticks,
    async (job: Job<{ slot?: number }>) => {
      const slot = job.data.slot ?? job.timestamp;
      const audience = await audienceFor(slot);
      const urls = await chooseFeeds(ctx, audience);
      await queues.feeds.addBulk(
        urls.map((url) => ({
          name: 'feed',
          data: { url, slot },
          opts: {
            jobId: `f-${jobKey(url)}-${slot}`,
            deduplication: { id: `f-${jobKey(url)}` },
            removeOnComplete: true,
            removeOnFail: { age: 3600 },
          },
        })),
      );
      await enqueueDeliveries(queues, await queueDueDigestIds(ctx));
      // Anything left in the outbox (a crash between queueing and its job, a retry whose job was lost) is
      // picked up here; ids already waiting are not added twice.
      await enqueueDeliveries(queues, (await ctx.store.outbox.list()).map((i) => i.id));
      await sweeper.runIfDue();
      stats.ticks++;
      return { feeds: urls.length };
    },
    { ...workerOpts, concurrency: 1 },
  );

  const feedWorker = new Worker(
    names.feeds,
    async (job: Job<{ url: string; slot: number }>) => {
      if (!(await ctx.store.feeds.get(job.data.url))) return { status: 'removed' };
      // The same step the single process runs over all feeds, here over one, with a delivery job per alert.
      const step = await readAndQueue(ctx, poller, [job.data.url], await audienceFor(job.data.slot), (ids) => enqueueDeliveries(queues, ids));
      const outcome = step.poll.feeds[0];
      stats.feeds++;
      ctx.log.debug({ feed: job.data.url, slot: job.data.slot, status: outcome?.status, new: outcome?.newCount, queued: step.queued }, 'feed job done');
      return { status: outcome?.status, newCount: outcome?.newCount, queued: step.queued };
    },
    { ...workerOpts, concurrency: opts.feedConcurrency },
  );

  const deliveryWorker = new Worker(
    names.deliveries,
    async (job: Job<{ id: string; tag?: string }>) => {
      const outcome = await deliverById(ctx, job.data.id);
      if (outcome === 'sent') stats.delivered++;
      ctx.log.debug({ item: job.data.id, outcome }, 'delivery job done');
      if (outcome === 'claimed-elsewhere') {
        // Another worker is sending it; if that worker dies, its claim expires and this retry sends it.
        const waited = Number(/^w(\d+)$/.exec(job.data.tag ?? '')?.[1] ?? 0);
        await enqueueDeliveries(queues, [job.data.id], opts.lockMs + 500, `w${waited + 1}`);
      }
      if (outcome === 'retrying') {
        const item = await ctx.store.outbox.get(job.data.id);
        // notBefore was set on the app's clock, so the wait is measured on it too.
        const wait = item?.notBefore ? Math.max(0, Date.parse(item.notBefore) - ctx.now().getTime()) : 30_000;
        await enqueueDeliveries(queues, [job.data.id], wait, `r${item?.attempts ?? 1}`);
      }
      return { outcome };
    },
    { ...workerOpts, concurrency: opts.deliveryConcurrency ?? 4 },
  );

  for (const w of [tickWorker, feedWorker, deliveryWorker]) {
    w.on('error', (err) => ctx.log.error({ err: err.message }, 'job worker error'));
    w.on('failed', (job, err) => ctx.log.warn({ queue: w.name, job: job?.id, err: err.message }, 'job failed; BullMQ retries it'));
  }
  if (opts.schedule) void scheduleTicks(queues, ctx.config.pollCron).catch((err: unknown) => ctx.log.error({ err: (err as Error).message }, 'could not schedule polls'));

  return {
    stats,
    async stop() {
      // close() waits for running jobs, so nothing is left half-done by a clean shutdown.
      await Promise.allSettled([tickWorker.close(), feedWorker.close(), deliveryWorker.close()]);
    },
  };
}
