/**
 * Store throughput on SQLite (the default backend), through the repositories the bot uses:
 *  - seen-article checks (`store.seen.find`), half for articles already seen (the first key answers) and half
 *    for new ones (every key is looked up), 100,000 in all;
 *  - subscription reads (`store.subscriptions.listForGuild`), 10,000 over 100 servers with 10 follows each,
 *    plus `listAll()` (what each poll cycle reads);
 *  - the writes that set them up (`seen.mark`, `subscriptions.follow`), timed too, since every poll writes.
 * Sequential (as the poller's ingest step runs) and with 16 in flight (as concurrent commands would).
 *
 *   npx tsx bench/store-bench.ts [--checks 100000] [--reads 10000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article } from '../src/news/article.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { argValue, isMain, runScenario, type ScenarioOutput } from './lib/scenario.ts';
import { makeTitle, rng } from './lib/synthetic-news.ts';
import { fmt, markdownTable } from './lib/table.ts';

export interface StoreOp {
  op: string;
  count: number;
  concurrency: number;
  ms: number;
  opsPerSecond: number;
}

function article(i: number, random: () => number): Article {
  const url = `https://news.example.org/story/${i}`;
  return {
    id: `guid-${i}`,
    url,
    canonicalUrl: url,
    title: `${makeTitle(random)} (${i})`,
    published: new Date().toISOString(),
    text: '',
    categories: [],
    source: { name: 'Example Wire', feedUrl: 'https://news.example.org/feed.xml' },
  };
}

async function timeOps(op: string, count: number, concurrency: number, run: (i: number) => Promise<unknown>): Promise<StoreOp> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await run(next++);
    }),
  );
  const ms = performance.now() - t0;
  return { op, count, concurrency, ms, opsPerSecond: (count / ms) * 1000 };
}

export async function benchStore(opts: { checks: number; reads: number; seenArticles: number; guilds: number; followsPerGuild: number }): Promise<StoreOp[]> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-store-bench-'));
  let store: Store | undefined;
  try {
    store = await openStore(`sqlite://${join(dir, 'bench.sqlite')}`);
    const s = store;
    const random = rng(5);
    const seen = Array.from({ length: opts.seenArticles }, (_, i) => article(i, random));
    const unseen = Array.from({ length: opts.seenArticles }, (_, i) => article(1_000_000 + i, random));
    const now = new Date();
    const ops: StoreOp[] = [];

    ops.push(await timeOps('seen.mark (write, 2–3 keys)', seen.length, 1, (i) => s.seen.mark(seen[i]!, seen[i]!.id, now)));
    // Warm the connection and caches before the read loops.
    for (let i = 0; i < 200; i++) await s.seen.find(seen[i % seen.length]!);
    const half = Math.floor(opts.checks / 2);
    ops.push(await timeOps('seen.find, article already seen', half, 1, (i) => s.seen.find(seen[i % seen.length]!)));
    ops.push(await timeOps('seen.find, new article', opts.checks - half, 1, (i) => s.seen.find(unseen[i % unseen.length]!)));
    ops.push(await timeOps('seen.find, mixed, 16 in flight', opts.checks, 16, (i) => s.seen.find(i % 2 ? seen[i % seen.length]! : unseen[i % unseen.length]!)));

    const guildIds = Array.from({ length: opts.guilds }, (_, g) => `90000000000000${String(g).padStart(4, '0')}`);
    const topics = ['japan', 'crypto', 'ai', 'climate', 'energy', '"bank of japan" AND yen', 'bitcoin OR ethereum', 'harbour AND budget', 'ferry -strike', 'solar roof'];
    ops.push(
      await timeOps(`subscriptions.follow (write; ${opts.guilds} servers × ${opts.followsPerGuild})`, opts.guilds * opts.followsPerGuild, 1, (i) =>
        s.subscriptions.follow({ guildId: guildIds[i % opts.guilds]!, userId: `8000000000000${String(Math.floor(i / opts.guilds)).padStart(5, '0')}`, topic: topics[Math.floor(i / opts.guilds) % topics.length]!, ping: false }, now),
      ),
    );
    ops.push(await timeOps('subscriptions.listForGuild', opts.reads, 1, (i) => s.subscriptions.listForGuild(guildIds[i % opts.guilds]!)));
    ops.push(await timeOps('subscriptions.listForGuild, 16 in flight', opts.reads, 16, (i) => s.subscriptions.listForGuild(guildIds[i % opts.guilds]!)));
    const all = await timeOps(`subscriptions.listAll (${opts.guilds * opts.followsPerGuild} follows)`, 20, 1, () => s.subscriptions.listAll());
    ops.push(all);
    return ops;
  } finally {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatStoreBench(ops: StoreOp[]): string {
  return markdownTable(
    ['operation', 'count', 'in flight', 'total ms', 'ops/s', 'ms/op'],
    ops.map((o) => [o.op, fmt.int(o.count), String(o.concurrency), fmt.int(o.ms), fmt.int(o.opsPerSecond), fmt.n3(o.ms / o.count)]),
    ['l', 'r', 'r', 'r', 'r', 'r'],
  );
}

export async function storeScenario(argv: string[]): Promise<ScenarioOutput> {
  const ops = await benchStore({
    checks: Number(argValue(argv, '--checks') ?? 100_000),
    reads: Number(argValue(argv, '--reads') ?? 10_000),
    seenArticles: 500,
    guilds: 100,
    followsPerGuild: 10,
  });
  const markdown = [
    'SQLite file in the temp folder (same disk as data/), through the bot\'s repositories. Each write is its own SQLite transaction, so write rates are bounded by the disk\'s sync latency.',
    '',
    formatStoreBench(ops),
  ].join('\n');
  return { markdown, data: ops };
}

if (isMain(import.meta.url)) await runScenario('store', 'Store', storeScenario);
