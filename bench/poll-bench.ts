/**
 * Poll cycle cost: the real FeedPoller over a temporary SQLite store, reading generated feeds from a local
 * HTTP server with ETag support. Phases: the first poll (every feed new: its items become backlog), an
 * all-304 poll, then a poll where 5% of the feeds published new items. Reports wall time, requests/s and
 * peak resident memory per phase. Settings are the bot's defaults (loadConfig), so the per-host limit
 * applies; the feeds are spread over several loopback addresses as real feeds are spread over sites.
 *
 *   npx tsx bench/poll-bench.ts [--feeds 1000] [--items 20] [--hosts 25] [--soak 100] [--store-dir /dev/shm]
 *
 * `--soak N` then runs N more polls, each with 5% of the feeds changed, and reports RSS after each one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { fetchOptionsOf } from '../src/context.ts';
import { FeedPoller, type PollReport } from '../src/jobs/poll-feeds.ts';
import { silentLogger } from '../src/logger.ts';
import { openStore } from '../src/store/index.ts';
import { FeedFarm } from './lib/feed-farm.ts';
import { rssMb, sampleRss } from './lib/memory.ts';
import { argValue, isMain, runScenario, type ScenarioOutput } from './lib/scenario.ts';
import { fmt, markdownTable } from './lib/table.ts';

export interface PollBenchOptions {
  feeds: number;
  itemsPerFeed: number;
  hosts: number;
  changedShare: number;
  soakPolls: number;
  /** Folder for the SQLite file (default: the OS temp folder, on the same disk as data/). */
  storeDir?: string;
}

export interface PollPhase {
  phase: string;
  wallMs: number;
  requests: number;
  requestsPerSecond: number;
  statuses: Record<string, number>;
  outcomes: Record<string, number>;
  newArticles: number;
  rss: { startMb: number; endMb: number; peakMb: number };
}

export interface SoakPoll {
  poll: number;
  wallMs: number;
  rssMb: number;
  heapMb: number;
  newArticles: number;
}

export interface PollBenchResult {
  options: PollBenchOptions;
  settings: { concurrency: number; perHostConcurrency: number; timeoutMs: number };
  setupMs: number;
  phases: PollPhase[];
  soak: SoakPoll[];
}

const ALL_304_TARGET_MS = 5_000;

function tally<T extends string>(values: T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

export async function benchPoll(options: PollBenchOptions): Promise<PollBenchResult> {
  const farm = await FeedFarm.start({ feeds: options.feeds, itemsPerFeed: options.itemsPerFeed, hosts: options.hosts, seed: 11 });
  const dir = mkdtempSync(join(options.storeDir ?? tmpdir(), 'newsbot-poll-bench-'));
  const storeUrl = `sqlite://${join(dir, 'bench.sqlite')}`;
  const store = await openStore(storeUrl);
  try {
    const config = loadConfig({ STORE_URL: storeUrl, ALLOW_PRIVATE_URLS: 'true', LOG_LEVEL: 'silent' });
    const poller = new FeedPoller({
      store,
      log: silentLogger(),
      now: () => new Date(),
      settings: {
        fetch: fetchOptionsOf(config),
        concurrency: config.pollConcurrency,
        perHostConcurrency: config.pollPerHostConcurrency,
        lookbackMinutes: config.lookbackMinutes,
        storyWindowHours: 48,
      },
    });
    const t0 = performance.now();
    for (const url of farm.urls) await store.feeds.ensure(url, new Date());
    const setupMs = performance.now() - t0;

    const phases: PollPhase[] = [];
    const phase = async (name: string): Promise<PollReport> => {
      farm.resetCounts();
      const sampler = sampleRss();
      const started = performance.now();
      const report = await poller.poll();
      const wallMs = performance.now() - started;
      phases.push({
        phase: name,
        wallMs,
        requests: farm.requests,
        requestsPerSecond: (farm.requests / wallMs) * 1000,
        statuses: Object.fromEntries([...farm.statusCounts].map(([k, v]) => [String(k), v])),
        outcomes: tally(report.feeds.map((f) => f.status)),
        newArticles: report.newArticles.length,
        rss: sampler.stop(),
      });
      return report;
    };

    const changedCount = Math.max(1, Math.round(options.feeds * options.changedShare));
    // Spread the changed feeds over all hosts, and pick different ones each time.
    const changedSet = (round: number) => Array.from({ length: changedCount }, (_, i) => (i * Math.floor(options.feeds / changedCount) + round) % options.feeds);

    await phase(`first poll (${options.feeds} new feeds)`);
    await phase('all-304 poll');
    farm.publish(changedSet(0), 2);
    await phase(`${Math.round(options.changedShare * 100)}% changed (${changedCount} feeds, 2 new items each)`);

    const soak: SoakPoll[] = [];
    for (let i = 1; i <= options.soakPolls; i++) {
      farm.publish(changedSet(i), 2);
      const started = performance.now();
      const report = await poller.poll();
      soak.push({ poll: i, wallMs: performance.now() - started, rssMb: rssMb(), heapMb: process.memoryUsage().heapUsed / 1024 / 1024, newArticles: report.newArticles.length });
      if (i % 10 === 0) process.stderr.write(`soak poll ${i}/${options.soakPolls}: ${soak.at(-1)!.wallMs.toFixed(0)} ms, RSS ${soak.at(-1)!.rssMb.toFixed(0)} MB\n`);
    }
    return {
      options,
      settings: { concurrency: config.pollConcurrency, perHostConcurrency: config.pollPerHostConcurrency, timeoutMs: config.fetchTimeoutMs },
      setupMs,
      phases,
      soak,
    };
  } finally {
    await store.close();
    await farm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatPollBench(r: PollBenchResult): string {
  const { options: o, settings: s } = r;
  const lines = [
    `${o.feeds.toLocaleString('en-US')} generated RSS feeds × ${o.itemsPerFeed} items on ${o.hosts} loopback hosts; real FeedPoller, SQLite store${o.storeDir ? ` in ${o.storeDir}` : ' in the temp folder'}, bot defaults (concurrency ${s.concurrency}, ${s.perHostConcurrency} per host). Registering the feeds in the store took ${fmt.int(r.setupMs)} ms.`,
    '',
    markdownTable(
      ['phase', 'wall s', 'requests', 'requests/s', 'HTTP statuses', 'feed outcomes', 'new articles', 'peak RSS MB', 'target', 'result'],
      r.phases.map((p) => {
        const is304 = p.phase.startsWith('all-304');
        return [
          p.phase,
          fmt.n2(p.wallMs / 1000),
          fmt.int(p.requests),
          fmt.int(p.requestsPerSecond),
          Object.entries(p.statuses).map(([k, v]) => `${k}: ${v}`).join(', '),
          Object.entries(p.outcomes).map(([k, v]) => `${k}: ${v}`).join(', '),
          fmt.int(p.newArticles),
          fmt.int(p.rss.peakMb),
          is304 ? '< 5 s' : '',
          is304 ? (p.wallMs < ALL_304_TARGET_MS ? 'PASS' : `MISS (+${fmt.n2((p.wallMs - ALL_304_TARGET_MS) / 1000)} s)`) : '',
        ];
      }),
      ['l', 'r', 'r', 'r', 'l', 'l', 'r', 'r', 'l', 'l'],
    ),
  ];
  if (r.soak.length) {
    const shown = r.soak.filter((p) => p.poll === 1 || p.poll % 10 === 0);
    const first = r.soak[0]!;
    const last = r.soak.at(-1)!;
    const walls = r.soak.map((p) => p.wallMs);
    lines.push(
      '',
      `Soak: ${r.soak.length} more polls of ${o.feeds.toLocaleString('en-US')} feeds, ${Math.round(o.changedShare * 100)}% changed each time. RSS after poll 1: ${fmt.int(first.rssMb)} MB, after poll ${last.poll}: ${fmt.int(last.rssMb)} MB (${last.rssMb >= first.rssMb ? '+' : ''}${fmt.int(last.rssMb - first.rssMb)} MB); wall per poll min ${fmt.n2(Math.min(...walls) / 1000)} s, max ${fmt.n2(Math.max(...walls) / 1000)} s.`,
      '',
      markdownTable(
        ['poll', 'wall s', 'new articles', 'RSS MB', 'heap MB'],
        shown.map((p) => [String(p.poll), fmt.n2(p.wallMs / 1000), fmt.int(p.newArticles), fmt.int(p.rssMb), fmt.int(p.heapMb)]),
        ['r', 'r', 'r', 'r', 'r'],
      ),
    );
  }
  return lines.join('\n');
}

export async function pollScenario(argv: string[]): Promise<ScenarioOutput> {
  const soakPolls = Number(argValue(argv, '--soak') ?? 0);
  const result = await benchPoll({
    feeds: Number(argValue(argv, '--feeds') ?? (soakPolls ? 2_000 : 1_000)),
    itemsPerFeed: Number(argValue(argv, '--items') ?? 20),
    hosts: Number(argValue(argv, '--hosts') ?? 25),
    changedShare: 0.05,
    soakPolls,
    storeDir: argValue(argv, '--store-dir'),
  });
  return { markdown: formatPollBench(result), data: result };
}

if (isMain(import.meta.url)) await runScenario('poll', 'Poll cycle', pollScenario);
