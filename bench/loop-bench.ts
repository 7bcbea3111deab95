/**
 * A free event loop: the whole bot (createApp + startBot, the real discord.js client, the local Discord-compatible
 * server, a temp SQLite store) through a heavy poll, as members feel it. 40 servers each read a feed that then
 * publishes 5 new items on a followed topic, each linking to a different real page of the corpus (read in place
 * from ../shared/corpus and served locally): one poll enriches 200 pages and posts 200 alerts
 * (plus the coverage lines and alert edits of the stories their generated headlines share). Meanwhile members
 * keep asking `/summary` (one at a time, the project's own e2e page) and the event loop's delay is sampled.
 * Run twice: as before (pages read on the main thread, alerts through the gateway client's REST) and as now
 * (page pool, alerts on their own REST). Then enrichment throughput: the same pages read one after another on
 * one thread vs all at once through the pool.
 *
 *   npx tsx bench/loop-bench.ts [--corpus ../shared/corpus] [--only before|after] [--rounds 2]
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { Routes } from 'discord.js';
import { createApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { startBot, type BotHandle } from '../src/discord/bot.ts';
import { silentLogger } from '../src/logger.ts';
import { understandBody, type PageTask } from '../src/news/enrich.ts';
import { createPagePool, pageThreadsFor } from '../src/news/page-pool.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { snowflake, startDiscordServer, type DiscordServer, type StoredMessage } from '../tests/support/discord-server.ts';
import { LocalWebServer } from '../tests/support/feed-server.ts';
import { argValue, isMain, repoDir, runScenario, type ScenarioOutput } from './lib/scenario.ts';
import { makeParagraphs, makeTitle, rng, rssXml, specificSentence, type NewsItem } from './lib/synthetic-news.ts';
import { fmt, markdownTable, percentile } from './lib/table.ts';

const TOKEN = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Gloop1.local-bench-token-not-a-secret';
const GUILDS = 40;
const NEW_ITEMS = 5;
const SUMMARY_PAGE = 'tests/fixtures/pages/e2e/japan-port-deal.html';
const ASK_EVERY_MS = 250;
const TARGET = { summaryP95Ms: 300, summaryVsIdle: 3, loopP99Ms: 50, throughput: 1.6 };
const JAPAN = ['after talks in Tokyo', 'with a Japanese partner'];

interface CorpusPage {
  id: string;
  body: Buffer;
}

/** The corpus's real article pages, as bytes (a page's charset is the bot's to find): read in place, never copied. */
export function loadCorpusPages(corpusDir: string): CorpusPage[] {
  const pages: CorpusPage[] = [];
  const bench = join(corpusDir, 'pages/article-extraction-benchmark/html');
  if (existsSync(bench)) for (const f of readdirSync(bench).sort()) pages.push({ id: f.replace(/\.html\.gz$/, ''), body: gunzipSync(readFileSync(join(bench, f))) });
  const readability = join(corpusDir, 'pages/readability');
  if (existsSync(readability)) {
    for (const name of readdirSync(readability).sort()) {
      const src = join(readability, name, 'source.html');
      if (existsSync(src)) pages.push({ id: name, body: readFileSync(src) });
    }
  }
  return pages;
}

interface Latency {
  requests: number;
  answered: number;
  p50: number;
  p95: number;
  max: number;
}

export interface LoopRun {
  mode: 'before' | 'after';
  pageThreads: number;
  alertsRest: 'client' | 'own';
  idle: Latency;
  duringPoll: Latency;
  loopDelay: { p50: number; p99: number; max: number };
  idleLoopDelay: { p99: number; max: number };
  cycleMs: number;
  enrichAndQueueMs: number;
  deliverMs: number;
  newArticles: number;
  queued: number;
  sent: number;
  /** Messages the poll posted (alerts, and coverage lines in their threads); `sent` also counts edits of alerts. */
  posted: number;
  pageFallbacks: number;
}

export interface ThroughputResult {
  pages: number;
  threads: number;
  /** cores: CPU time of the process (all threads) over wall time, i.e. how much of the machine the run got. */
  singleThread: { seconds: number; pagesPerSecond: number; cores: number; cpuSeconds: number };
  pool: { seconds: number; pagesPerSecond: number; cores: number; cpuSeconds: number };
  rounds: number;
  speedup: number;
}

export interface LoopBenchResult {
  cores: number;
  pages: number;
  runs: LoopRun[];
  throughput: ThroughputResult;
}

function latency(values: number[], requests: number): Latency {
  return { requests, answered: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: values.length ? Math.max(...values) : NaN };
}

function feedItems(g: number, upTo: number, host: string): NewsItem[] {
  const items: NewsItem[] = [];
  for (let n = upTo; n > 0; n--) {
    const random = rng(g * 10_007 + n);
    const title = `${makeTitle(random, 0)} ${JAPAN[(g + n) % JAPAN.length]!} (${g}-${n})`;
    items.push({
      id: `loop-${g}-${n}`,
      title,
      link: `${host}/page/${g}/${n}`,
      // Seconds apart and just published: a follow gets what is published after it, less a minute of slack.
      published: new Date(Date.now() - (upTo - n) * 1_000),
      description: `${makeParagraphs(title, random, 2).join(' ')} ${specificSentence(random)} Officials in Japan will review it.`,
    });
  }
  return items;
}

async function runBot(mode: LoopRun['mode'], corpus: CorpusPage[]): Promise<LoopRun> {
  const readersGuild = snowflake();
  const general = snowflake();
  const readers = Array.from({ length: 400 }, (_, i) => ({ user: { id: snowflake(), username: `reader${i}` } }));
  const guilds = Array.from({ length: GUILDS }, (_, g) => ({ id: snowflake(), channel: snowflake(), member: snowflake(), g }));
  const discord: DiscordServer = await startDiscordServer({
    token: TOKEN,
    guilds: [
      { id: readersGuild, name: 'Readers', channels: [{ id: general, name: 'general' }], members: readers },
      ...guilds.map((x) => ({ id: x.id, name: `Newsroom ${x.g}`, channels: [{ id: x.channel, name: 'alerts' }], members: [{ user: { id: x.member, username: `m${x.g}` } }] })),
    ],
  });
  const feeds = await LocalWebServer.start('127.0.0.1');
  const pages = await LocalWebServer.start('127.0.0.2');
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-loop-bench-'));
  const storeUrl = `sqlite://${join(dir, 'bench.sqlite')}`;
  let store: Store | undefined;
  let app: App | undefined;
  let bot: BotHandle | undefined;
  try {
    store = await openStore(storeUrl);
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      STORE_URL: storeUrl,
      ALLOW_PRIVATE_URLS: 'true',
      STARTER_FEEDS: 'false',
      LOG_LEVEL: 'silent',
      PAGE_WORKERS: mode === 'before' ? '0' : 'auto',
    });
    app = await createApp(config, 'all', { store, log: silentLogger() });
    bot = await startBot(app, { schedule: false });
    if (mode === 'before') {
      // As before this change: alerts through the gateway client's REST, in the queue interaction replies use.
      const client = bot.client;
      bot.ctx.discord.send = async (channelId, body) => (await client.rest.post(Routes.channelMessages(channelId), { body })) as { id: string };
    }

    const summaryPage = readFileSync(join(repoDir, SUMMARY_PAGE));
    pages.route('/summary-article', { body: summaryPage, contentType: 'text/html; charset=utf-8' });
    for (let g = 0; g < GUILDS; g++) {
      for (let n = 1; n <= NEW_ITEMS * 2; n++) {
        const page = corpus[(g * NEW_ITEMS + ((n - 1) % NEW_ITEMS)) % corpus.length]!;
        pages.route(`/page/${g}/${n}`, { body: page.body, contentType: 'text/html' });
      }
    }
    const serveFeed = (g: number, upTo: number) =>
      feeds.route(`/feed/${g}.xml`, { body: rssXml(`Wire ${g}`, feeds.url('/'), feedItems(g, upTo, pages.url('').replace(/\/$/, ''))), etag: `"w${g}-${upTo}"` });
    const now = new Date();
    for (const x of guilds) {
      serveFeed(x.g, NEW_ITEMS);
      await store.guilds.update(x.id, (s) => {
        s.defaultChannelId = x.channel;
        s.feeds.push({ url: feeds.url(`/feed/${x.g}.xml`), addedAt: now.toISOString(), addedBy: x.member });
      });
      await store.subscriptions.follow({ guildId: x.id, userId: x.member, topic: 'japan', ping: false }, now);
    }
    await bot.pollJob.runOnce(); // the first read of each feed is backlog: nothing is posted

    let next = 0;
    const ask = async (): Promise<number | undefined> => {
      const user = readers[next++ % readers.length]!.user.id;
      const record = await discord.sendInteraction({ guildId: readersGuild, channelId: general, user, commandName: 'summary', options: { url: pages.url('/summary-article') } });
      const reply = await record.waitForResponse(60_000).catch(() => undefined);
      return reply && reply.embeds.length > 0 ? reply.latencyMs : undefined;
    };
    for (let i = 0; i < 3; i++) await ask(); // warm-up

    const idleDelay = monitorEventLoopDelay({ resolution: 10 });
    idleDelay.enable();
    const idleLatencies: number[] = [];
    // Asked at the same pace as during the poll, so the two differ only by the poll.
    const IDLE_REQUESTS = 40;
    for (let i = 0; i < IDLE_REQUESTS; i++) {
      const [ms] = await Promise.all([ask(), new Promise((r) => setTimeout(r, ASK_EVERY_MS))]);
      if (ms !== undefined) idleLatencies.push(ms);
    }
    idleDelay.disable();

    for (const x of guilds) serveFeed(x.g, NEW_ITEMS * 2);
    const posted: number[] = [];
    const onMessage = (m: StoredMessage) => {
      if (m.source === 'channel') posted.push(Date.now());
    };
    discord.events.on('message', onMessage);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const t0 = performance.now();
    let cycleDone = false;
    const cycle = bot.pollJob.runOnce().finally(() => {
      cycleDone = true;
    });
    const pollLatencies: number[] = [];
    let pollRequests = 0;
    // Members ask one after another for as long as the poll runs: a new question every ASK_EVERY_MS, or as soon as
    // the last answer came when it took longer (asking non-stop would make the questions the load measured).
    const asking = (async () => {
      while (!cycleDone) {
        pollRequests++;
        const [ms] = await Promise.all([ask(), new Promise((r) => setTimeout(r, ASK_EVERY_MS))]);
        if (ms !== undefined) pollLatencies.push(ms);
      }
    })();
    const report = await cycle;
    const cycleMs = performance.now() - t0;
    delay.disable();
    await asking;
    discord.events.off('message', onMessage);

    const pollEnd = Date.parse(report.poll.finishedAt);
    const firstPost = posted.length ? Math.min(...posted) : pollEnd;
    const lastPost = posted.length ? Math.max(...posted) : firstPost;
    const insights = await Promise.all(report.poll.newArticles.map((c) => store!.insights.get(c.storyId)));
    return {
      mode,
      pageThreads: config.pageWorkers === 0 ? 0 : (config.pageWorkers ?? pageThreadsFor(availableParallelism())),
      alertsRest: mode === 'before' ? 'client' : 'own',
      idle: latency(idleLatencies, IDLE_REQUESTS),
      duringPoll: latency(pollLatencies, pollRequests),
      loopDelay: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
      idleLoopDelay: { p99: idleDelay.percentile(99) / 1e6, max: idleDelay.max / 1e6 },
      cycleMs,
      enrichAndQueueMs: Math.max(0, firstPost - pollEnd),
      deliverMs: lastPost - firstPost,
      newArticles: report.poll.newArticles.length,
      queued: report.queued,
      sent: report.delivery.sent,
      posted: posted.length,
      pageFallbacks: insights.filter((i) => i && i.basis !== 'page').length,
    };
  } finally {
    await bot?.stop().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await discord.close();
    await feeds.close();
    await pages.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const URL_OF_TEST_PAGES = 'http://fakehost/test/page.html';

function tasksOf(corpus: CorpusPage[]): PageTask[] {
  return corpus.map((p) => ({ body: p.body, contentType: 'text/html', url: URL_OF_TEST_PAGES, sentences: 3 }));
}

/** The same pages read one after another on this thread (as the bot did) and all at once through the pool; best of `rounds`. */
async function throughput(corpus: CorpusPage[], rounds: number): Promise<ThroughputResult> {
  const tasks = tasksOf(corpus);
  const readAll = () => {
    for (const t of tasks) {
      try {
        understandBody(t);
      } catch {
        // Not an article: it still cost what it cost.
      }
    }
  };
  const threads = pageThreadsFor(availableParallelism());
  const pool = createPagePool({ threads, deadlineMs: 60_000 });
  try {
    // Warm-up: JIT on this thread, and every pool thread started and compiled.
    for (const t of tasks.slice(0, 10)) {
      try {
        understandBody(t);
      } catch {
        // as above
      }
    }
    await Promise.all(tasks.slice(0, 10 * threads).map((t) => pool.understand(t).catch(() => undefined)));
    const timed = async (fn: () => unknown) => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await fn();
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      return { ms, cores: (cpu.user + cpu.system) / 1000 / ms, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    };
    let single = { ms: Infinity, cores: NaN, cpuSeconds: NaN };
    let pooled = { ms: Infinity, cores: NaN, cpuSeconds: NaN };
    for (let r = 0; r < rounds; r++) {
      const a = await timed(readAll);
      if (a.ms < single.ms) single = a;
      const b = await timed(() => Promise.all(tasks.map((t) => pool.understand(t).catch(() => undefined))));
      if (b.ms < pooled.ms) pooled = b;
    }
    return {
      pages: tasks.length,
      threads,
      singleThread: { seconds: single.ms / 1000, pagesPerSecond: (tasks.length / single.ms) * 1000, cores: single.cores, cpuSeconds: single.cpuSeconds },
      pool: { seconds: pooled.ms / 1000, pagesPerSecond: (tasks.length / pooled.ms) * 1000, cores: pooled.cores, cpuSeconds: pooled.cpuSeconds },
      rounds,
      speedup: single.ms / pooled.ms,
    };
  } finally {
    await pool.close();
  }
}

export async function benchLoop(corpusDir: string, opts: { only?: 'before' | 'after'; rounds?: number } = {}): Promise<LoopBenchResult | null> {
  const corpus = loadCorpusPages(corpusDir).slice(0, GUILDS * NEW_ITEMS);
  if (corpus.length === 0) return null;
  const runs: LoopRun[] = [];
  for (const mode of ['before', 'after'] as const) {
    if (opts.only && opts.only !== mode) continue;
    console.log(`  ${mode}: the bot through a poll of ${GUILDS * NEW_ITEMS} alerts (load average ${loadavg()[0]!.toFixed(1)})`);
    runs.push(await runBot(mode, corpus));
  }
  if (opts.rounds === 0) return { cores: availableParallelism(), pages: corpus.length, runs, throughput: { pages: 0, threads: 0, singleThread: { seconds: NaN, pagesPerSecond: NaN, cores: NaN, cpuSeconds: NaN }, pool: { seconds: NaN, pagesPerSecond: NaN, cores: NaN, cpuSeconds: NaN }, rounds: 0, speedup: NaN } };
  console.log(`  throughput: ${corpus.length} pages, one thread vs the pool (load average ${loadavg()[0]!.toFixed(1)})`);
  return { cores: availableParallelism(), pages: corpus.length, runs, throughput: await throughput(corpus, opts.rounds ?? 2) };
}

const verdict = (ok: boolean, miss: string) => (ok ? 'PASS' : `MISS (${miss})`);

export function formatLoopBench(r: LoopBenchResult): string {
  const rows = r.runs.map((run) => {
    const vsIdle = run.duringPoll.p95 / run.idle.p95;
    return [
      run.mode === 'before' ? 'before: pages on the main thread, alerts on the client REST' : `now: ${run.pageThreads} page thread(s), alerts on their own REST`,
      `${fmt.int(run.idle.p50)} / ${fmt.int(run.idle.p95)}`,
      `${fmt.int(run.duringPoll.p50)} / ${fmt.int(run.duringPoll.p95)} / ${fmt.int(run.duringPoll.max)}`,
      `${run.duringPoll.answered}/${run.duringPoll.requests}`,
      `${fmt.n1(vsIdle)}×`,
      `${fmt.n1(run.loopDelay.p99)} / ${fmt.int(run.loopDelay.max)}`,
      `${fmt.n1(run.idleLoopDelay.p99)}`,
      fmt.n1(run.cycleMs / 1000),
      fmt.n1(run.enrichAndQueueMs / 1000),
      fmt.n1(run.deliverMs / 1000),
      `${run.posted} + ${Math.max(0, run.sent - run.posted)} (${run.pageFallbacks} on feed text)`,
    ];
  });
  const now = r.runs.find((x) => x.mode === 'after');
  const t = r.throughput;
  const targets: string[][] = [];
  if (now) {
    targets.push(['/summary p95 during the poll, ms', fmt.int(now.duringPoll.p95), `≤ ${TARGET.summaryP95Ms}`, verdict(now.duringPoll.p95 <= TARGET.summaryP95Ms, `${fmt.n1(now.duringPoll.p95 / TARGET.summaryP95Ms)}×`)]);
    const ratio = now.duringPoll.p95 / now.idle.p95;
    targets.push(['/summary p95 during the poll vs idle', `${fmt.n1(ratio)}×`, `≤ ${TARGET.summaryVsIdle}×`, verdict(ratio <= TARGET.summaryVsIdle, `${fmt.n1(ratio)}×`)]);
    targets.push(['event-loop delay p99 during the poll, ms', fmt.n1(now.loopDelay.p99), `≤ ${TARGET.loopP99Ms}`, verdict(now.loopDelay.p99 <= TARGET.loopP99Ms, `${fmt.n1(now.loopDelay.p99 / TARGET.loopP99Ms)}×`)]);
  }
  targets.push([`enrichment throughput, ${t.threads} threads on ${r.cores} cores vs one thread`, `${fmt.n2(t.speedup)}×`, `≥ ${TARGET.throughput}×`, verdict(t.speedup >= TARGET.throughput, `${fmt.n2(t.speedup)}×`)]);
  return [
    `The whole bot (createApp + startBot, real discord.js client, local Discord-compatible server, SQLite) through one poll: ${GUILDS} servers each read a feed that publishes ${NEW_ITEMS} new items on a followed topic, each item linking to a different corpus page (${r.pages} real pages, served locally): ${GUILDS * NEW_ITEMS} pages enriched, ${GUILDS * NEW_ITEMS} alerts. During the poll members ask \`/summary\` on the project's own e2e page one after another (a new question every ${ASK_EVERY_MS} ms, or when the last answer came if it took longer). Latency: from dispatching INTERACTION_CREATE to the visible (edited) reply. The local Discord server and the page and feed servers run in the bot's process, so their work counts in its event loop too.`,
    '',
    markdownTable(
      ['run', 'idle /summary p50 / p95 ms', 'during poll p50 / p95 / max ms', 'answered', 'p95 vs idle', 'loop delay p99 / max ms', 'idle loop p99 ms', 'cycle s', 'enrich + queue s', 'delivery s', 'messages posted (alerts, thread lines) + alert edits'],
      rows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    'Idle loop p99 is the same measure with the bot doing nothing: what the machine alone costs the process (waiting for a core).',
    '',
    `Enrichment throughput: the same ${t.pages} pages read one after another on one thread (as the bot read them) and all at once through the pool (${t.threads} threads on ${r.cores} cores), best of ${t.rounds} rounds each: ${fmt.n1(t.singleThread.pagesPerSecond)} vs ${fmt.n1(t.pool.pagesPerSecond)} pages/s (${fmt.n1(t.singleThread.seconds)} s vs ${fmt.n1(t.pool.seconds)} s). CPU obtained (process CPU time over wall time, all threads): ${fmt.n2(t.singleThread.cores)} vs ${fmt.n2(t.pool.cores)} cores, so on a machine shared with other work the speed-up is bounded by the cores the pool gets; CPU spent: ${fmt.n1(t.singleThread.cpuSeconds)} vs ${fmt.n1(t.pool.cpuSeconds)} s (the pool's extra is its threads' own compilation and garbage collection, and the copies across threads). In the poll cycle the new stories about to reach a channel are read four at a time (queue-alerts.ts, ENRICH_CONCURRENCY) before anything is planned, so the pool shortens the enrichment phase as well as freeing the event loop.`,
    '',
    markdownTable(['target', 'measured', 'target', 'result'], targets, ['l', 'r', 'r', 'l']),
  ].join('\n');
}

export async function loopScenario(argv: string[]): Promise<ScenarioOutput> {
  const corpusDir = resolve(argValue(argv, '--corpus') ?? join(repoDir, '..', 'shared', 'corpus'));
  const only = argValue(argv, '--only') as 'before' | 'after' | undefined;
  const result = await benchLoop(corpusDir, { only, rounds: Number(argValue(argv, '--rounds') ?? 2) });
  if (!result) return { markdown: `No corpus pages under ${corpusDir}; nothing measured.`, data: null };
  return { markdown: formatLoopBench(result), data: result };
}

if (isMain(import.meta.url)) await runScenario('loop', 'A free event loop: /summary and the event loop during a heavy poll', loopScenario);
