/**
 * The bot end to end, as a member and a server see it: the real bot (startBot, real discord.js client)
 * against the local Discord-compatible server, pages and feeds from local HTTP servers, a temp SQLite store.
 *  1. `/summary` round trip: from dispatching the interaction to the visible reply (the server measures it),
 *     one request at a time and then 10 at once. The page is the project's own e2e fixture.
 *  2. One poll cycle with 1,000 subscriptions (100 servers × 10 members) over 200 generated feeds, each
 *     feed publishing 3 new items: matching, enrichment (pages fetched from the local server), queueing and
 *     delivery, timed by phase; deliveries queued per second.
 *
 *   npx tsx bench/summary-bench.ts [--requests 40]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import type { BotHandle } from '../src/discord/bot.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { snowflake, startDiscordServer, type DiscordServer, type StoredMessage } from '../tests/support/discord-server.ts';
import { LocalWebServer } from '../tests/support/feed-server.ts';
import { FeedFarm } from './lib/feed-farm.ts';
import { sampleRss } from './lib/memory.ts';
import { argValue, isMain, repoDir, runScenario, type ScenarioOutput } from './lib/scenario.ts';
import { fmt, markdownTable, percentile } from './lib/table.ts';
import { startTestBot } from '../tests/support/start-bot.ts';

const TOKEN = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Gbench.local-bench-token-not-a-secret';
const ROUND_TRIP_P95_TARGET_MS = 1_000;
const GUILDS = 100;
const FOLLOWS_PER_GUILD = 10;
const FEEDS = 200;
const FEEDS_PER_GUILD = 10;
const TOPICS = ['japan', 'crypto', 'ai', 'climate', 'energy', 'economy', 'europe', 'space', 'harbour AND budget', '"solar roof" OR "wind farm"'];

interface Latency {
  requests: number;
  ok: number;
  p50: number;
  p95: number;
  max: number;
}

export interface SummaryBenchResult {
  roundTrip: { sequential: Latency; burst: Latency; page: string };
  deliveries: {
    subscriptions: number;
    feeds: number;
    servers: number;
    firstCycleMs: number;
    cycleMs: number;
    pollMs: number;
    planMs: number;
    deliverMs: number;
    newArticles: number;
    queued: number;
    sent: number;
    queuedPerSecond: number;
    sentPerSecond: number;
    peakRssMb: number;
  };
}

function latency(values: number[], requests: number): Latency {
  return { requests, ok: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: values.length ? Math.max(...values) : NaN };
}

async function summaryRoundTrips(discord: DiscordServer, guildId: string, channelId: string, url: string, users: string[], count: number, inFlight: number): Promise<Latency> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const user = users[next++ % users.length]!;
        const record = await discord.sendInteraction({ guildId, channelId, user, commandName: 'summary', options: { url } });
        const reply = await record.waitForResponse(15_000).catch(() => undefined);
        if (reply && reply.embeds.length > 0) latencies.push(reply.latencyMs);
      }
    }),
  );
  return latency(latencies, count);
}

export async function benchSummary(requests: number): Promise<SummaryBenchResult> {
  const roundTripGuild = snowflake();
  const general = snowflake();
  // /summary allows 5 requests a minute per member: enough members that the limit never answers instead.
  const members = Array.from({ length: Math.ceil((requests + 15) / 3) }, (_, i) => ({ user: { id: snowflake(), username: `reader${i}` } }));
  const guilds = Array.from({ length: GUILDS }, (_, g) => ({ id: snowflake(), channel: snowflake(), users: Array.from({ length: FOLLOWS_PER_GUILD }, () => snowflake()), index: g }));
  const discord = await startDiscordServer({
    token: TOKEN,
    guilds: [
      { id: roundTripGuild, name: 'Readers', channels: [{ id: general, name: 'general' }], members },
      ...guilds.map((g) => ({ id: g.id, name: `Newsroom ${g.index}`, channels: [{ id: g.channel, name: 'alerts' }], members: g.users.map((id, i) => ({ user: { id, username: `m${g.index}-${i}` } })) })),
    ],
  });
  const web = await LocalWebServer.start();
  const farm = await FeedFarm.start({ feeds: FEEDS, itemsPerFeed: 5, hosts: 25, topical: 0.7, seed: 23 });
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-summary-bench-'));
  const storeUrl = `sqlite://${join(dir, 'bench.sqlite')}`;
  let store: Store | undefined;
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
    });
    bot = await startTestBot(config, store);

    // 1. /summary round trips on the project's own e2e article page.
    const page = 'tests/fixtures/pages/e2e/japan-port-deal.html';
    web.route('/article', { body: readFileSync(join(repoDir, page)), contentType: 'text/html; charset=utf-8' });
    const url = web.url('/article');
    const userIds = members.map((m) => m.user.id);
    await summaryRoundTrips(discord, roundTripGuild, general, url, userIds.slice(-3), 3, 1); // warm-up
    const sequential = await summaryRoundTrips(discord, roundTripGuild, general, url, userIds.slice(0, -3), requests, 1);
    const burst = await summaryRoundTrips(discord, roundTripGuild, general, url, userIds.slice(0, -3).reverse(), 10, 10);

    // 2. One poll cycle: 1,000 follows over 200 feeds.
    const now = new Date();
    for (const g of guilds) {
      await store.guilds.update(g.id, (s) => {
        s.defaultChannelId = g.channel;
        for (let k = 0; k < FEEDS_PER_GUILD; k++) s.feeds.push({ url: farm.urlOf((g.index * 2 + k * 20) % FEEDS), addedAt: now.toISOString(), addedBy: g.users[0]! });
      });
      for (let i = 0; i < FOLLOWS_PER_GUILD; i++) {
        await store.subscriptions.follow({ guildId: g.id, userId: g.users[i]!, topic: TOPICS[(g.index + i) % TOPICS.length]!, ping: false }, now);
      }
    }
    let t0 = performance.now();
    await bot.pollJob.runOnce(); // first read of every feed: its items are backlog, nothing is posted
    const firstCycleMs = performance.now() - t0;

    farm.publish(Array.from({ length: FEEDS }, (_, i) => i), 3);
    const posted: number[] = [];
    const onMessage = (m: StoredMessage) => {
      if (m.source === 'channel') posted.push(performance.timeOrigin + performance.now());
    };
    discord.events.on('message', onMessage);
    const sampler = sampleRss();
    const cycleStart = performance.timeOrigin + performance.now();
    t0 = performance.now();
    const cycle = await bot.pollJob.runOnce();
    const cycleMs = performance.now() - t0;
    const rss = sampler.stop();
    discord.events.off('message', onMessage);
    const pollEnd = Date.parse(cycle.poll.finishedAt);
    const pollMs = pollEnd - Date.parse(cycle.poll.startedAt);
    // Queueing ends where posting starts: deliverPending runs after planAlerts has queued everything.
    const firstPost = posted.length ? Math.min(...posted) : cycleStart + cycleMs;
    const lastPost = posted.length ? Math.max(...posted) : firstPost;
    const planMs = Math.max(0, firstPost - pollEnd);
    return {
      roundTrip: { sequential, burst, page },
      deliveries: {
        subscriptions: GUILDS * FOLLOWS_PER_GUILD,
        feeds: FEEDS,
        servers: GUILDS,
        firstCycleMs,
        cycleMs,
        pollMs,
        planMs,
        deliverMs: lastPost - firstPost,
        newArticles: cycle.poll.newArticles.length,
        queued: cycle.queued,
        sent: cycle.delivery.sent,
        queuedPerSecond: planMs > 0 ? (cycle.queued / planMs) * 1000 : NaN,
        sentPerSecond: lastPost > firstPost ? (posted.length / (lastPost - firstPost)) * 1000 : NaN,
        peakRssMb: rss.peakMb,
      },
    };
  } finally {
    await bot?.stop().catch(() => undefined);
    await store?.close();
    await discord.close();
    await web.close();
    await farm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatSummaryBench(r: SummaryBenchResult): string {
  const rt = (label: string, l: Latency) => [
    label,
    `${l.ok}/${l.requests}`,
    fmt.int(l.p50),
    fmt.int(l.p95),
    fmt.int(l.max),
    '< 1,000',
    l.p95 < ROUND_TRIP_P95_TARGET_MS ? 'PASS' : `MISS (+${fmt.int(l.p95 - ROUND_TRIP_P95_TARGET_MS)} ms)`,
  ];
  const d = r.deliveries;
  return [
    `\`/summary url:<local page>\` through the real discord.js client and the local Discord-compatible server; page: ${r.roundTrip.page}. Latency is from dispatching INTERACTION_CREATE to the visible (edited) reply.`,
    '',
    markdownTable(
      ['/summary', 'answered', 'p50 ms', 'p95 ms', 'max ms', 'target p95 ms', 'result'],
      [rt('one at a time', r.roundTrip.sequential), rt('10 at once', r.roundTrip.burst)],
      ['l', 'r', 'r', 'r', 'r', 'l', 'l'],
    ),
    '',
    `One poll cycle (\`bot.pollJob.runOnce()\`) with ${fmt.int(d.subscriptions)} subscriptions (${d.servers} servers × ${FOLLOWS_PER_GUILD} members, built-in topics and custom queries) over ${d.feeds} generated feeds (each server reads ${FEEDS_PER_GUILD}), after every feed published 3 new items. The first cycle (reading ${d.feeds} new feeds, backlog only) took ${fmt.n1(d.firstCycleMs / 1000)} s.`,
    '',
    markdownTable(
      ['new articles', 'alerts queued', 'sent', 'cycle s', 'poll s', 'match + enrich + queue s', 'delivery s', 'queued/s', 'sent/s', 'peak RSS MB'],
      [[fmt.int(d.newArticles), fmt.int(d.queued), fmt.int(d.sent), fmt.n1(d.cycleMs / 1000), fmt.n1(d.pollMs / 1000), fmt.n1(d.planMs / 1000), fmt.n1(d.deliverMs / 1000), fmt.n1(d.queuedPerSecond), fmt.n1(d.sentPerSecond), fmt.int(d.peakRssMb)]],
      ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    'Phases come from the cycle report (poll start and end) and the times the Discord server received the first and last alert; "queued/s" is alerts queued over the match + enrich + queue phase. Each channel gets at most MAX_ALERTS_PER_POLL (default 5) alerts of its own per poll plus one list message, which bounds what is queued.',
  ].join('\n');
}

export async function summaryScenario(argv: string[]): Promise<ScenarioOutput> {
  const result = await benchSummary(Number(argValue(argv, '--requests') ?? 40));
  return { markdown: formatSummaryBench(result), data: result };
}

if (isMain(import.meta.url)) await runScenario('summary', '/summary round trip and alert delivery', summaryScenario);
