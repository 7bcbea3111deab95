// One of two processes racing on the same stores (spawned by race.test.ts). For each store URL in turn it
// connects, says "ready", waits for "go" on stdin so both processes start together, does its part, and prints
// one JSON line with what it did. One pair of processes serves every backend: starting one costs seconds.
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { deliverPending } from '../../src/jobs/deliver.ts';
import { silentLogger } from '../../src/logger.ts';
import { openStore } from '../../src/store/index.ts';

const [me, countText, ...targets] = process.argv.slice(2);
const count = Number(countText);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
for (let t = 0; t < targets.length; t += 2) await race(targets[t]!, targets[t + 1]!);
process.exit(0);

async function race(url: string, prefix: string): Promise<void> {
const store = await openStore(url, { prefix: prefix || undefined });
const sent: string[] = [];
const ctx: AppContext = {
  config: loadConfig({ LOG_LEVEL: 'silent' }),
  store,
  log: silentLogger(),
  now: () => new Date(),
  fetch: {},
  discord: {
    // A Discord that takes a moment to answer, so the two processes overlap on every item.
    async send(channelId, body) {
      await new Promise((r) => setImmediate(r));
      sent.push(`${channelId}:${String(body.nonce)}`);
      return { id: `${me}-${sent.length}` };
    },
    edit: async () => ({}),
    startThread: async () => ({ id: 'thread' }),
    openDm: async (userId) => ({ id: `dm-${userId}` }),
    systemChannelOf: () => undefined,
  },
};
process.stdout.write('ready\n');
await lines.next();

const now = new Date();
await Promise.all([
  // Read-modify-write of one server's follow list.
  ...Array.from({ length: count }, (_, i) => store.subscriptions.follow({ guildId: 'g', userId: `${me}-u${i}`, topic: 'japan', ping: false }, now)),
  // Read-modify-write of one feed's state and one server's settings.
  ...Array.from({ length: count }, () => store.feeds.update('https://race.example/feed.xml', (f) => ({ ...f, failures: f.failures + 1 }))),
  ...Array.from({ length: count }, (_, i) =>
    store.guilds.update('g', (g) => {
      g.reportedProblems[`feed:${me}-${i}`] = 'x';
    }),
  ),
]);
// Both processes drain the same outbox at once.
const delivery = await deliverPending(ctx);
process.stdout.write(`${JSON.stringify({ sent, report: delivery })}\n`);
await store.close();
}
