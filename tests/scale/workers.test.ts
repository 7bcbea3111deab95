import { describe, expect, it } from 'vitest';
import { startScaleWorld } from './scale-world.ts';

const redisUrl = process.env.TEST_REDIS_URL;

/**
 * The small version of `npx tsx bench/scale-bench.ts`: two real worker processes share the polling and
 * delivery of 100 feeds through BullMQ on Redis; one is killed mid-delivery, and every matching article still
 * reaches its channel exactly once.
 */
describe.skipIf(!redisUrl)(`workers on one job queue${redisUrl ? '' : ' (skipped: TEST_REDIS_URL is not set)'}`, () => {
  it('deliver every matching article exactly once, even when one worker is killed mid-run', { timeout: 150_000 }, async () => {
    const world = await startScaleWorld({ redisUrl: redisUrl!, feeds: 100, guilds: 4, hosts: 4, feedLatencyMs: 20, queueLockMs: 2_000 });
    try {
      const [victim] = [world.start('worker'), world.start('worker')];
      // Both workers listening before the first tick, so both take jobs.
      while ((await world.queues.feeds.getWorkers()).length < 2) await new Promise((r) => setTimeout(r, 100));
      await world.tick(1);
      expect(world.delivered().size).toBe(0); // first read of every feed: backlog, nothing posted

      world.nextRound();
      let killed = false;
      await world.tick(2, () => {
        if (!killed && world.delivered().size >= world.expected.size / 4) {
          victim!.kill('SIGKILL');
          killed = true;
        }
      });
      expect(killed).toBe(true);
      const counts = world.delivered();
      const missing = [...world.expected].filter((k) => !counts.has(k));
      const doubled = [...counts].filter(([, n]) => n > 1);
      const unexpected = [...counts.keys()].filter((k) => !world.expected.has(k));
      expect({ missing, doubled, unexpected }).toEqual({ missing: [], doubled: [], unexpected: [] });
      expect(counts.size).toBe(50);
    } finally {
      await world.close();
    }
  });
});
