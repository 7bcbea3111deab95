import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { backendChoices, type TestBackend } from './backends.ts';

/**
 * Several processes (a gateway and its workers, or two test files) starting at once on a store nobody has
 * opened yet all create its tables or files at the same moment. Each opening here has its own connection,
 * as a separate process would, so they race on the creation exactly as processes do.
 */
const OPENINGS = 8;
/**
 * On PostgreSQL the losing side of the race fails only when the winner commits inside a window of a fraction
 * of a millisecond, so one round rarely shows it. Several new stores, each opened with its openings spread over
 * a few milliseconds, do: this test failed in 8 runs of 8 before table creation was made safe.
 */
const ROUNDS = 30;
const SPREAD_MS = 4;

for (const choice of backendChoices()) {
  if (!choice.make) {
    describe.skip(`opening one new store at once on ${choice.name} (skipped: ${choice.reason})`, () => {
      it('runs when the server is configured', () => {});
    });
    continue;
  }
  const make = choice.make;
  describe(`opening one new store at once on ${choice.name}`, () => {
    const backends: TestBackend[] = [];
    const stores: Store[] = [];
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((s) => s.close()));
      for (const b of backends.splice(0)) await b.cleanup();
    });

    async function openAtOnce(backend: TestBackend): Promise<Store[]> {
      const results = await Promise.allSettled(
        Array.from({ length: OPENINGS }, async (_, i) => {
          if (i > 0) await new Promise((r) => setTimeout(r, Math.random() * SPREAD_MS));
          return openStore(backend.url, { prefix: backend.prefix });
        }),
      );
      const opened = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      stores.push(...opened);
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
      expect(failures).toEqual([]);
      return opened;
    }

    it(`${OPENINGS} openings of a new store at nearly the same moment all start (${ROUNDS} new stores)`, { timeout: 60_000 }, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const backend = make();
        backends.push(backend);
        await openAtOnce(backend);
        await Promise.all(stores.splice(0).map((s) => s.close()));
      }
    });

    it('every opening sees what the others wrote, and they share one set of claims', { timeout: 30_000 }, async () => {
      const backend = make();
      backends.push(backend);
      const opened = await openAtOnce(backend);

      const now = new Date();
      await Promise.all(opened.map((s, i) => s.subscriptions.follow({ guildId: 'g', userId: `u${i}`, topic: 'japan', ping: false }, now)));
      for (const s of opened) expect((await s.subscriptions.listForGuild('g')).map((f) => f.userId).sort()).toEqual(opened.map((_, i) => `u${i}`).sort());
      // The claims table (or keys) are shared too: one winner among all openings.
      const won = await Promise.all(opened.map((s, i) => s.claims.claim('start', 60_000, `opening-${i}`)));
      expect(won.filter(Boolean)).toHaveLength(1);
    });
  });
}
