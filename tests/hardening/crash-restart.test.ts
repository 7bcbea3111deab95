import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed, makeGuild, TOKEN } from '../support/bot-harness.ts';
import { startDiscordServer, type DiscordServer } from '../support/discord-server.ts';
import { LocalWebServer } from '../support/feed-server.ts';
import { fixture } from '../support/fixtures.ts';
import { botReady } from '../support/bot-ready.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ids = makeGuild();
let discord: DiscordServer;
let web: LocalWebServer;
let dir: string;
let child: ChildProcess | undefined;
let items: Parameters<typeof rssFeed>[1] = [];
const held = new Map<number, import('node:http').ServerResponse[]>();

/** Starts the real bot as its own process (npm start's entry), polling every second. */
async function startBotProcess(): Promise<ChildProcess> {
    const ready = botReady(discord);
  // The tsx loader inside this one process (not the tsx CLI, which would fork a child that SIGKILL misses).
  const proc = spawn(process.execPath, ['--import', pathToFileURL(`${root}node_modules/tsx/dist/esm/index.mjs`).href, `${root}src/index.ts`], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}`,
      ALLOW_PRIVATE_URLS: 'true',
      STARTER_FEEDS: 'false',
      POLL_CRON: '* * * * * *',
      MAX_ALERTS_PER_POLL: '20',
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
  await ready;
  return proc;
}

function kill(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

const storyUrls = () => discord.messages(ids.alerts).map((m) => m.embeds[0]?.url);
const HEADLINES = [
  'Tokyo unveils a stimulus package for small firms',
  'Japanese exports rise for a third month',
  'Bank of Japan governor hints at a rate change',
  'Osaka prepares for record tourist season',
  'Yen slides past a key level against the dollar',
  'Japan and Australia sign a hydrogen supply pact',
  'Nikkei closes at a record as carmakers rally',
];
const japan = (i: number) => ({
  id: `j${i}`,
  title: HEADLINES[i]!,
  link: web.url(`/story/${i}`),
  text: `${HEADLINES[i]}, officials in Japan said, in a development watched closely in Tokyo (item ${i}).`,
  date: new Date(Date.now() + 60_000).toISOString(),
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsbot-crash-'));
  web = await LocalWebServer.start();
  web.route('/feed.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Crash Desk', items)));
  const page = fixture('pages/e2e/japan-port-deal.html');
  for (let i = 0; i < 20; i++) {
    web.route(`/story/${i}`, (_q, r) => {
      // A held page keeps the bot inside the cycle (between reading the feed and queueing the alert) until it is killed.
      if (held.has(i)) held.get(i)!.push(r);
      else r.writeHead(200, { 'content-type': 'text/html' }).end(page);
    });
  }
  discord = await startDiscordServer({
    token: TOKEN,
    guilds: [
      {
        id: ids.guildId,
        name: 'Crash test',
        ownerId: ids.admin,
        systemChannelId: ids.general,
        roles: [{ id: ids.adminRole, name: 'Admins', permissions: ['ManageGuild', 'ViewChannel', 'SendMessages'] }],
        members: [{ user: { id: ids.admin, username: 'ada' }, roles: [ids.adminRole] }, { user: { id: ids.member, username: 'milo' } }],
        channels: [{ id: ids.general, name: 'general' }, { id: ids.alerts, name: 'alerts' }],
      },
    ],
  });
  child = await startBotProcess();
  const ask = async (user: string, commandName: string, options: Record<string, string>) =>
    (await discord.sendInteraction({ guildId: ids.guildId, channelId: ids.general, user, commandName, options })).waitForResponse(15_000);
  await ask(ids.admin, 'alerts channel', { channel: ids.alerts });
  await ask(ids.admin, 'feeds add', { url: web.url('/feed.xml') });
  await ask(ids.member, 'follow', { topic: 'japan' });
  // Two reads of the feed mean the first cycle (which marks the empty backlog) is complete.
  const before = web.hitCount('/feed.xml');
  while (web.hitCount('/feed.xml') < before + 2) await new Promise((resolve) => web.requestsEvents.once('request', resolve));
}, 60_000);

afterAll(async () => {
  await kill(child);
  await discord?.close();
  await web?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('killed with SIGKILL and restarted', () => {
  it('during delivery: every story arrives, none twice', async () => {
    items = [0, 1, 2, 3, 4, 5].map(japan);
    await discord.waitForEvent('message', (m) => m.channelId === ids.alerts, 20_000);
    await kill(child); // mid-delivery: at least one sent, the rest still queued or in flight
    child = await startBotProcess();
    for (;;) {
      if (new Set(storyUrls()).size >= 6) break;
      await discord.waitForEvent('message', (m) => m.channelId === ids.alerts, 20_000);
    }
    const urls = storyUrls();
    expect(new Set(urls).size).toBe(6);
    expect(urls).toHaveLength(6);
  }, 60_000);

  it('during a poll (the feed read, the alert not yet queued): the new story is posted after the restart, once', async () => {
    const posted = storyUrls().length;
    held.set(6, []);
    const pageRequested = new Promise<void>((resolve) => {
      const onRequest = (path: string) => {
        if (path !== '/story/6') return;
        web.requestsEvents.off('request', onRequest);
        resolve();
      };
      web.requestsEvents.on('request', onRequest);
    });
    items = [...items, japan(6)];
    // The bot fetches the article page while planning the alert: the feed is read, nothing is queued yet.
    await pageRequested;
    await kill(child);
    for (const r of held.get(6)!) r.destroy();
    held.delete(6);
    child = await startBotProcess();
    while (storyUrls().length < posted + 1) await discord.waitForEvent('message', (m) => m.channelId === ids.alerts, 20_000);
    // Give the restarted bot a few more cycles to prove nothing else arrives.
    const hits = web.hitCount('/feed.xml');
    while (web.hitCount('/feed.xml') < hits + 3) await new Promise((resolve) => web.requestsEvents.once('request', resolve));
    const urls = storyUrls();
    expect(urls).toHaveLength(posted + 1);
    expect(urls.at(-1)).toBe(web.url('/story/6'));
  }, 60_000);
});
