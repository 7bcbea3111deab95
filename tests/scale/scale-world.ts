import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '../../src/store/index.ts';
import { addTick, openQueues, type JobQueues } from '../../src/scale/jobs.ts';
import { deleteRedisPrefix, uniquePrefix } from '../store/backends.ts';
import { snowflake, startDiscordServer } from '../support/discord-server.ts';
import { rssFeed, TOKEN } from '../support/bot-harness.ts';

/**
 * Several real newsbot processes (`src/index.ts` with ROLE=worker / gateway) against Redis, the local
 * Discord-compatible server and a feed server: shared by tests/scale and bench/scale-bench.ts.
 */
export interface ScaleOptions {
  redisUrl: string;
  feeds: number;
  guilds: number;
  /** Loopback addresses the feeds are spread over (the per-host politeness limit applies per address). */
  hosts: number;
  /** Milliseconds the feed server waits before answering, as a distant site would. */
  feedLatencyMs: number;
  queueLockMs?: number;
}

const INDEX = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const QUERY = 'harbour';
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'be', 'do', 'fu', 'gi', 'ha', 'ju', 'ke', 'pa'];
/** A made-up word from a key: four syllables drawn from its hash (16^4 words, so two stories rarely share one). */
function coined(key: string): string {
  const h = createHash('sha256').update(key).digest();
  return Array.from({ length: 4 }, (_, k) => SYLLABLES[h[k]! % SYLLABLES.length]).join('');
}

export async function startScaleWorld(opts: ScaleOptions) {
  const prefix = uniquePrefix();
  const guilds = Array.from({ length: opts.guilds }, () => ({ id: snowflake(), channel: snowflake(), admin: snowflake() }));
  const discord = await startDiscordServer({
    token: TOKEN,
    shardCount: 2,
    guilds: guilds.map((g) => ({
      id: g.id,
      name: `Server ${g.id.slice(-4)}`,
      ownerId: g.admin,
      systemChannelId: g.channel,
      members: [{ user: { id: g.admin, username: `admin${g.id.slice(-4)}` } }],
      channels: [{ id: g.channel, name: 'alerts' }],
    })),
  });

  // round 0: one old item per feed (backlog); round 1: a new item, every second one about the harbour.
  let round = 0;
  const feedPath = (i: number) => `/feed/${i}.xml`;
  const hostOf = (i: number) => `127.0.0.${1 + (i % opts.hosts)}`;
  const servers: Server[] = [];
  const handler = (path: string, respond: (status: number, type: string, body: string) => void) => {
    const feed = /^\/feed\/(\d+)\.xml$/.exec(path);
    const page = /^\/story\/(\d+)-(\d+)$/.exec(path);
    if (feed) {
      const i = Number(feed[1]);
      const items = [{ id: `f${i}-old`, title: `Council minutes number ${i} published for the record`, link: `${base(i)}/story/${i}-0`, text: `Routine minutes of meeting ${i}.`, date: '2026-10-01T08:00:00Z' }];
      if (round >= 1) items.unshift(storyItem(i));
      respond(200, 'application/rss+xml; charset=utf-8', rssFeed(`Feed ${i}`, items));
    } else if (page) {
      respond(200, 'text/html; charset=utf-8', `<html><head><title>Story ${page[1]}</title></head><body><article><p>${storyText(Number(page[1]))}</p></article></body></html>`);
    } else respond(404, 'text/plain', 'not found');
  };
  let port = 0;
  for (let h = 0; h < opts.hosts; h++) {
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      setTimeout(() => handler(path, (status, type, body) => res.writeHead(status, { 'content-type': type }).end(body)), opts.feedLatencyMs);
    });
    await new Promise<void>((resolve) => server.listen(port, `127.0.0.${1 + h}`, () => resolve()));
    port = (server.address() as AddressInfo).port;
    servers.push(server);
  }
  const base = (i: number) => `http://${hostOf(i)}:${port}`;
  const matches = (i: number) => i % 2 === 0;
  // Every story distinct (words no other story uses, not just a different number), or same-story detection
  // (near-copies, and events told in shared names and words) would rightly merge them.
  const words = (i: number, n: number) => Array.from({ length: n }, (_, k) => coined(`${i}/${k}`)).join(' ');
  const storyText = (i: number) =>
    matches(i) ? `The harbour board said ${words(i, 14)}; work resumes ${words(-i - 1, 6)}.` : `The council said ${words(i, 14)}; a vote follows ${words(-i - 1, 6)}.`;
  const storyItem = (i: number) => ({
    id: `f${i}-new`,
    title: matches(i) ? `Harbour ${words(i, 5)}` : `Council ${words(i, 5)}`,
    link: `${base(i)}/story/${i}-1`,
    text: storyText(i),
    date: new Date(Date.now() - 60_000).toISOString(),
  });

  // Each server reads its share of the feeds and follows the harbour query into its alerts channel.
  const store: Store = await openStore(opts.redisUrl, { prefix });
  const now = new Date(Date.now() - 3_600_000);
  for (const [g, guild] of guilds.entries()) {
    const urls = Array.from({ length: opts.feeds }, (_, i) => i).filter((i) => i % opts.guilds === g);
    await store.guilds.update(guild.id, (s) => {
      s.defaultChannelId = guild.channel;
      s.starterFeeds = false;
      s.feeds = urls.map((i) => ({ url: `${base(i)}${feedPath(i)}`, addedAt: now.toISOString(), addedBy: guild.admin }));
    });
    await store.subscriptions.follow({ guildId: guild.id, userId: guild.admin, topic: QUERY, ping: false }, now);
  }
  /** (channel, story URL) pairs that must each receive exactly one message. */
  const expected = new Set<string>();
  for (let i = 0; i < opts.feeds; i++) if (matches(i)) expected.add(`${guilds[i % opts.guilds]!.channel} ${base(i)}/story/${i}-1`);

  const queues: JobQueues = openQueues(opts.redisUrl, prefix);
  const env = {
    ...process.env,
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    STORE_URL: opts.redisUrl,
    KEY_PREFIX: prefix,
    // Ticks come from the test; the cron never fires during it.
    POLL_CRON: '0 0 1 1 *',
    ALLOW_PRIVATE_URLS: 'true',
    STARTER_FEEDS: 'false',
    LOG_LEVEL: process.env.SCALE_LOG_LEVEL ?? 'silent',
    QUEUE_LOCK_MS: String(opts.queueLockMs ?? 3000),
    POLL_PER_HOST_CONCURRENCY: '4',
    FETCH_TIMEOUT_MS: '10000',
  };
  const processes: ChildProcess[] = [];
  const start = (role: 'worker' | 'gateway', extra: Record<string, string> = {}) => {
    const child = spawn(process.execPath, ['--import', 'tsx', INDEX], { env: { ...env, ROLE: role, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    // Logs are shown only when asked for (SCALE_LOG_LEVEL=info); otherwise drained and dropped.
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (d: Buffer) => process.env.SCALE_LOG_LEVEL && process.stderr.write(d));
    processes.push(child);
    return child;
  };

  /** (channel, URL) of every alert message posted so far, with how often each was posted. */
  const delivered = () => {
    const counts = new Map<string, number>();
    for (const m of discord.allMessages()) {
      const url = (m.body.embeds as { url?: string }[] | undefined)?.[0]?.url;
      if (!url) continue;
      const key = `${m.channelId} ${url}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  };

  async function idle(): Promise<boolean> {
    const ticks = await queues.ticks.getJobCounts('waiting', 'active', 'prioritized');
    if (Object.values(ticks).some((n) => n > 0)) return false;
    // The tick queue always holds the scheduler's next (delayed) tick; the others must be empty.
    for (const q of [queues.feeds, queues.deliveries]) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused', 'waiting-children');
      if (Object.values(c).some((n) => n > 0)) return false;
    }
    return true;
  }

  return {
    discord,
    store,
    queues,
    expected,
    delivered,
    start,
    processes,
    /** Runs one poll slot and resolves when every job it caused has finished (or `timeoutMs` passed). */
    async tick(slot: number, onProgress?: () => void, timeoutMs = 600_000): Promise<void> {
      await addTick(queues, slot);
      const deadline = Date.now() + timeoutMs;
      // Wait for the tick to be taken, then for the queues to drain.
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        onProgress?.();
        const tick = await queues.ticks.getJob(`tick-${slot}`);
        const state = tick ? await tick.getState() : 'unknown';
        if ((state === 'completed' || state === 'unknown') && (await idle())) return;
      }
      throw new Error(`slot ${slot} did not finish within ${timeoutMs} ms`);
    },
    nextRound() {
      round++;
    },
    async close() {
      // SIGTERM first: a gateway stops its shard processes; whatever is still running after 5 s is killed.
      const running = processes.filter((p) => p.exitCode === null && p.signalCode === null);
      const exited = running.map((p) => new Promise<void>((resolve) => p.once('exit', () => resolve())));
      for (const p of running) p.kill('SIGTERM');
      const timer = setTimeout(() => running.forEach((p) => p.kill('SIGKILL')), 5_000);
      await Promise.all(exited);
      clearTimeout(timer);
      await queues.close();
      await store.close();
      await discord.close();
      for (const s of servers) s.close();
      await deleteRedisPrefix(opts.redisUrl, prefix);
    },
  };
}
