import { schedule, type ScheduledTask } from 'node-cron';
import type { AppContext } from '../context.ts';
import { loadAudience } from './audience.ts';
import { chooseFeeds, readAndQueue } from './cycle.ts';
import { deliverPending, queueDueDigests, type DeliveryReport } from './deliver.ts';
import { FeedPoller, pollSettingsOf, type PollReport } from './poll-feeds.ts';
import { ExpirySweeper } from './sweep-expired.ts';

export interface CycleReport {
  poll: PollReport;
  queued: number;
  digested: number;
  delivery: DeliveryReport;
}

/**
 * The single process's runner of the cycle (jobs/cycle.ts) over every due feed at once, then delivery. Runs on
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
    const { poll, queued, digested } = await readAndQueue(ctx, this.poller, await chooseFeeds(ctx, audience), audience);
    await queueDueDigests(ctx);
    const delivery = await deliverPending(ctx);
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
}
