/**
 * Scale-out proof: real newsbot processes (ROLE=worker, plus one ROLE=gateway with 2 shards) on BullMQ/Redis,
 * the local Discord-compatible server, and N feeds spread over loopback hosts answering after a delay (as
 * distant sites do). Per worker count: a first poll (backlog), then a poll where every feed has one new
 * story, half of them matching the servers' follows. Checks every matching story reached its channel exactly
 * once; with 3 workers one is killed with SIGKILL mid-delivery. Reports the second poll's wall time and
 * feeds/s, and the speed-up of 3 workers over 1.
 *
 *   npx tsx bench/scale-bench.ts [--feeds 3000] [--hosts 30] [--latency 150] [--redis redis://127.0.0.1:6379]
 */
import { startScaleWorld } from '../tests/scale/scale-world.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const feeds = Number(arg('feeds', '3000'));
const hosts = Number(arg('hosts', '30'));
const latency = Number(arg('latency', '150'));
const redisUrl = arg('redis', process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

interface RunResult {
  workers: number;
  killed: boolean;
  pollMs: number;
  feedsPerSecond: number;
  expected: number;
  delivered: number;
  missing: number;
  doubled: number;
  unexpected: number;
}

async function run(workers: number, killOne: boolean): Promise<RunResult> {
  const world = await startScaleWorld({ redisUrl, feeds, guilds: 20, hosts, feedLatencyMs: latency, queueLockMs: 5_000 });
  try {
    const procs = Array.from({ length: workers }, () => world.start('worker'));
    world.start('gateway', { SHARD_COUNT: 'auto' });
    while ((await world.queues.feeds.getWorkers()).length < workers) await new Promise((r) => setTimeout(r, 100));
    await world.tick(1);
    world.nextRound();
    let killed = false;
    const started = performance.now();
    await world.tick(2, () => {
      if (killOne && !killed && world.delivered().size >= world.expected.size / 3) {
        procs[0]!.kill('SIGKILL');
        killed = true;
      }
    });
    const pollMs = performance.now() - started;
    const counts = world.delivered();
    return {
      workers,
      killed,
      pollMs: Math.round(pollMs),
      feedsPerSecond: Math.round((feeds / pollMs) * 1000),
      expected: world.expected.size,
      delivered: [...counts.keys()].filter((k) => world.expected.has(k)).length,
      missing: [...world.expected].filter((k) => !counts.has(k)).length,
      doubled: [...counts.values()].filter((n) => n > 1).length,
      unexpected: [...counts.keys()].filter((k) => !world.expected.has(k)).length,
    };
  } finally {
    await world.close();
  }
}

const one = await run(1, false);
console.log(JSON.stringify(one));
const three = await run(3, false);
console.log(JSON.stringify(three));
const killed = await run(3, true);
console.log(JSON.stringify(killed));
const rows = [one, three, killed];
console.log(`\n${feeds} feeds over ${hosts} loopback hosts, ${latency} ms answer delay, 20 servers, 1 gateway (2 shards)\n`);
console.log('| workers | killed one | poll wall time | feeds/s | matching | delivered once | missing | doubled | unexpected |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.workers} | ${r.killed ? 'yes' : 'no'} | ${(r.pollMs / 1000).toFixed(1)} s | ${r.feedsPerSecond} | ${r.expected} | ${r.delivered} | ${r.missing} | ${r.doubled} | ${r.unexpected} |`);
console.log(`\nspeed-up 3 workers vs 1: ${(one.pollMs / three.pollMs).toFixed(2)}×`);
const ok = rows.every((r) => r.missing === 0 && r.doubled === 0 && r.unexpected === 0);
process.exit(ok ? 0 : 1);
