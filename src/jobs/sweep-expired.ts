import type { AppContext } from '../context.ts';

/** Expired store entries are deleted this often (the first run after start-up sweeps too). */
const SWEEP_EVERY_MS = 6 * 3_600_000;

/**
 * Deletes what the store keeps past its expiry (see store/sweep.ts), at most every 6 hours. Whatever runs the
 * schedule calls it after its work: the single process's poll cycle, or a worker's tick. Several workers
 * sweeping the same store is harmless: a delete of an expired row is the same whoever does it.
 */
export class ExpirySweeper {
  private last = -Infinity;

  constructor(private readonly ctx: Pick<AppContext, 'store' | 'log' | 'now'>) {}

  async runIfDue(): Promise<void> {
    const now = this.ctx.now().getTime();
    if (now - this.last < SWEEP_EVERY_MS) return;
    this.last = now;
    const started = performance.now();
    const removed = await this.ctx.store.sweepExpired(new Date(now));
    this.ctx.log.info({ removed, ms: Math.round(performance.now() - started) }, 'expired store entries deleted');
  }
}
