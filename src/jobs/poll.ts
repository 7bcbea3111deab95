import { schedule, type ScheduledTask } from 'node-cron';
import type { AppContext } from '../context.ts';
import { deliverPending, queueDueDigests, type DeliveryReport } from './deliver.ts';
import { reportFeedOutcome } from './feed-health.ts';
import { loadAudience, planAlerts, type Audience, type Candidate } from './plan-alerts.ts';
import { FeedPoller, pollSettingsOf, type PollReport } from './poll-feeds.ts';
import { ExpirySweeper } from './sweep-expired.ts';

export interface CycleReport {
  poll: PollReport;
  queued: number;
  digested: number;
  delivery: DeliveryReport;
}

/**
 * The scheduled job: read due feeds → new stories → match every follow → enrich → queue → deliver. Runs on
 * POLL_CRON with overlap prevention (a tick that finds the previous cycle still running is skipped).
 */
export class PollJob {
  readonly poller: FeedPoller;
  private readonly sweeper: ExpirySweeper;
  private task: ScheduledTask | undefined;
  private current: Promise<CycleReport> | undefined;
  lastCycle: { at: string; report?: CycleReport; error?: string } | undefined;

  constructor(private readonly ctx: AppContext) {
    this.poller = new FeedPoller({
      store: ctx.store,
      log: ctx.log,
      now: ctx.now,
      settings: pollSettingsOf(ctx),
    });
    this.sweeper = new ExpirySweeper(ctx);
  }

  start(): void {
    const log = this.ctx.log;
    this.task = schedule(this.ctx.config.pollCron, () => this.tick(), {
      name: 'newsbot-poll',
      noOverlap: true,
      // node-cron's own console lines (coloured, unstructured) would break JSON logs; a tick skipped because
      // the last cycle still runs is normal under load, so it is an info line, not a warning.
      logger: {
        info: (m) => log.info(`scheduler: ${m}`),
        warn: (m) => (/overlap/i.test(m) ? log.info('scheduler: previous poll still running; this tick is skipped') : log.warn(`scheduler: ${m}`)),
        error: (m, err) => log.error({ err: err?.message }, `scheduler: ${String(m)}`),
        debug: (m) => log.debug(`scheduler: ${String(m)}`),
      },
    });
  }

  /** Stops scheduling and waits for a running cycle, so its deliveries are recorded before the store closes. */
  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = undefined;
    await this.current?.catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.current) {
      this.ctx.log.warn('previous poll still running; skipping this tick');
      return;
    }
    await this.runOnce().catch(() => undefined);
  }

  /** One full cycle; concurrent callers share the running one. */
  runOnce(): Promise<CycleReport> {
    if (!this.current) {
      this.current = this.cycle()
        .then(
          (report) => {
            this.lastCycle = { at: this.ctx.now().toISOString(), report };
            return report;
          },
          (err: unknown) => {
            const message = err instanceof Error ? err.message : String(err);
            this.lastCycle = { at: this.ctx.now().toISOString(), error: message };
            this.ctx.log.error({ err: message }, 'poll cycle failed');
            throw err;
          },
        )
        .finally(() => {
          this.current = undefined;
        });
    }
    return this.current;
  }

  private async cycle(): Promise<CycleReport> {
    const { ctx } = this;
    const started = performance.now();
    const audience = await loadAudience(ctx);
    const urls = new Set<string>();
    for (const set of audience.feedSets.values()) for (const url of set) urls.add(url);
    for (const url of urls) await ctx.store.feeds.ensure(url, ctx.now());
    // Seen marks are written only once the alerts are queued: a crash in between reads the items again
    // rather than skipping them (the queue's ids make the second planning land on the same entries).
    const poll = await this.poller.poll([...urls], { deferCommit: true });
    const candidates: Candidate[] = [
      ...poll.newArticles,
      // Another outlet's copy of a known story: a server that reads only that outlet still gets it once.
      ...poll.duplicates.filter((d) => d.how !== 'seen').map((d) => ({ article: d.article, storyId: d.storyId })),
    ];
    const { queued, digested } = await planAlerts(ctx, candidates, audience);
    await poll.commit?.();
    await queueDueDigests(ctx);
    const delivery = await deliverPending(ctx);
    await this.reportFeedHealth(poll, audience);
    await this.sweeper.runIfDue();
    // Duration and memory in every cycle's line: an operator sees a slow or growing bot in the logs alone.
    const memory = process.memoryUsage();
    ctx.log.info(
      {
        feeds: poll.feeds.length,
        newStories: poll.newArticles.length,
        queued,
        digested,
        sent: delivery.sent,
        paused: delivery.paused.length,
        ms: Math.round(performance.now() - started),
        rssMb: Math.round(memory.rss / 1_048_576),
        heapMb: Math.round(memory.heapUsed / 1_048_576),
        indexedStories: this.poller.gate.indexedStories,
      },
      'poll cycle done',
    );
    return { poll, queued, digested, delivery };
  }

  private async reportFeedHealth(poll: PollReport, audience: Audience): Promise<void> {
    for (const outcome of poll.feeds) await reportFeedOutcome(this.ctx, outcome, audience);
  }
}
