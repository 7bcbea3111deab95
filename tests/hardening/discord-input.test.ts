import { once } from 'node:events';
import { Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { BotHandle } from '../../src/discord/bot.ts';
import { deliverPending } from '../../src/jobs/deliver.ts';
import { nonceOf } from '../../src/jobs/queue-alerts.ts';
import { makeGuild, rssFeed, TOKEN, type GuildIds } from '../support/bot-harness.ts';
import { startDiscordServer, type DiscordServer, type InteractionReply, type RawCommandOption } from '../support/discord-server.ts';
import { LocalWebServer } from '../support/feed-server.ts';
import { tempStore } from '../support/temp-store.ts';
import { startTestBot } from '../support/start-bot.ts';

// Two servers read the same feed, so a test can remove the bot from one and watch the other keep working.
const home = makeGuild();
const other = makeGuild();
let discord: DiscordServer;
let web: LocalWebServer;
let env: Awaited<ReturnType<typeof tempStore>>;
let bot: BotHandle;
let skew = 0;
let items: Parameters<typeof rssFeed>[1] = [];
let n = 0;

const guildSpec = (ids: GuildIds, name: string) => ({
  id: ids.guildId,
  name,
  ownerId: ids.admin,
  systemChannelId: ids.general,
  roles: [{ id: ids.adminRole, name: 'Admins', permissions: ['ManageGuild', 'ViewChannel', 'SendMessages'] as const }],
  members: [{ user: { id: ids.admin, username: `ada-${name}` }, roles: [ids.adminRole] }, { user: { id: ids.member, username: `milo-${name}` } }],
  channels: [
    { id: ids.general, name: 'general' },
    { id: ids.alerts, name: 'alerts' },
  ],
});

const story = (title: string) => ({
  id: `in${++n}`,
  title,
  link: web.url(`/input/${n}`),
  text: `${title}. Officials in Tokyo said the Japanese government would respond, and the yen moved (${n}).`,
  date: new Date(Date.now() + skew + 60_000).toISOString(),
});

async function ask(ids: GuildIds, user: string, commandName: string, options: Record<string, string | boolean> | RawCommandOption[] = {}): Promise<InteractionReply> {
  const record = await discord.sendInteraction({ guildId: ids.guildId, channelId: ids.general, user, commandName, options });
  return record.waitForResponse(8_000);
}

const followsOf = (ids: GuildIds) => env.store.subscriptions.listForGuild(ids.guildId);
const alertsIn = (ids: GuildIds) => discord.messages(ids.alerts).length;

beforeAll(async () => {
  discord = await startDiscordServer({ token: TOKEN, guilds: [guildSpec(home, 'Newsroom'), guildSpec(other, 'Elsewhere')] });
  web = await LocalWebServer.start();
  web.route('/feed.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Tokyo Desk', items)));
  env = await tempStore();
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, STORE_URL: env.url, ALLOW_PRIVATE_URLS: 'true', STARTER_FEEDS: 'false', FETCH_TIMEOUT_MS: '3000', LOG_LEVEL: 'silent' });
  bot = await startTestBot(config, env.store, () => new Date(Date.now() + skew));
  for (const ids of [home, other]) {
    await ask(ids, ids.admin, 'alerts channel', { channel: ids.alerts });
    await ask(ids, ids.admin, 'feeds add', { url: web.url('/feed.xml') });
    await ask(ids, ids.member, 'follow', { topic: 'japan' });
  }
  await bot.pollJob.runOnce(); // the feed's first read: its (empty) backlog
}, 30_000);

afterAll(async () => {
  await bot?.stop().catch(() => undefined);
  await discord?.close();
  await web?.close();
  await env?.cleanup();
});

describe('commands in a shape the bot does not declare (old Discord clients, forged payloads)', () => {
  it('an unknown command name is answered in plain words', async () => {
    // A command an older version registered for this server and the current one no longer has.
    const res = await fetch(`${discord.apiUrl}/v10/applications/${discord.applicationId}/guilds/${home.guildId}/commands`, {
      method: 'POST',
      headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'subscribe', description: 'From an older version', type: 1 }),
    });
    expect(res.status).toBe(201);
    const reply = await ask(home, home.member, 'subscribe');
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/I have no \/subscribe command/);
  });

  it('a subcommand that does not exist, or none at all', async () => {
    const unknown = await ask(home, home.admin, 'alerts', [{ name: 'frobnicate', type: 1, options: [] }]);
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.content).toMatch(/\/alerts has no “frobnicate”/);
    const none = await ask(home, home.admin, 'feeds', []);
    expect(none.content).toMatch(/\/feeds needs one of: add, remove, list, import, export, starter/);
  });

  it('an option the command does not declare is refused, and nothing is stored', async () => {
    const before = await followsOf(home);
    const reply = await ask(home, home.member, 'follow', [
      { name: 'topic', type: 3, value: 'crypto' },
      { name: 'channel', type: 7, value: home.alerts },
    ]);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/\/follow has no option “channel”/);
    expect(await followsOf(home)).toEqual(before);
  });

  it('options of the wrong type, or with values of the wrong kind, are named', async () => {
    const wrongType = await ask(home, home.member, 'follow', [{ name: 'topic', type: 4, value: 42 }]);
    expect(wrongType.content).toMatch(/“topic” of \/follow should be text/);
    const wrongValue = await ask(home, home.member, 'follow', [{ name: 'topic', type: 3, value: 'crypto' }, { name: 'ping', type: 5, value: 'yes' }]);
    expect(wrongValue.content).toMatch(/“ping” of \/follow should be true or false/);
    const numberAsText = await ask(home, home.member, 'why', [{ name: 'url', type: 3, value: 12345 }]);
    expect(numberAsText.content).toMatch(/“url” of \/why should be text/);
    const notAChoice = await ask(home, home.admin, 'alerts', [{ name: 'mode', type: 1, options: [{ name: 'mode', type: 3, value: 'weekly' }] }]);
    expect(notAChoice.content).toMatch(/“mode” of \/alerts mode should be one of: realtime, hourly, daily/);
    expect((await followsOf(home)).map((s) => s.topic)).toEqual(['japan']);
  });

  it('a missing required option is named', async () => {
    const reply = await ask(home, home.member, 'follow', []);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/\/follow needs “topic”/);
  });

  it('a malformed option list is answered, not a crash', async () => {
    const reply = await ask(home, home.admin, 'alerts', [{ name: 'pause', type: 1, options: null } as unknown as RawCommandOption]);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/Discord app/);
  });

  it('after all of that the bot still serves commands', async () => {
    const reply = await ask(home, home.member, 'following');
    expect(reply.content).toMatch(/Japan → <#\d+>/);
  });
});

describe('a server that removed the bot', () => {
  /** Removes the bot from `home` the way Discord does (GUILD_DELETE, then 403 for its channels) and waits until the bot has acted on it. */
  async function removeBotFromHome(): Promise<void> {
    const removed = once(bot.client, Events.GuildDelete);
    discord.removeBot(home.guildId);
    await removed;
    await bot.idle();
  }

  it('is forgotten with everything queued for it; nothing is retried there, and the other server still gets its alerts', async () => {
    // An alert for home is stuck behind a Discord outage in its channel when the bot is removed.
    discord.failChannel(home.alerts, 502, 100);
    items = [story('Tokyo unveils a port upgrade')];
    const first = await bot.pollJob.runOnce();
    expect(first.delivery.retrying).toBe(1);
    expect(alertsIn(other)).toBe(1);
    discord.clearFailures();

    await removeBotFromHome();
    expect(await env.store.guilds.has(home.guildId)).toBe(false);
    expect(await followsOf(home)).toEqual([]);
    expect((await env.store.outbox.list()).filter((i) => i.guildId === home.guildId)).toEqual([]);

    const homeRequests = discord.requests(`POST /channels/${home.alerts}/messages`).length;
    skew += 60 * 60_000; // well past any retry back-off
    items = [...items, story('Japan trade surplus widens')];
    const next = await bot.pollJob.runOnce();
    expect(next.delivery).toMatchObject({ retrying: 0, paused: [] });
    expect(alertsIn(other)).toBe(2);
    expect(alertsIn(home)).toBe(0);
    expect(discord.requests(`POST /channels/${home.alerts}/messages`)).toHaveLength(homeRequests);
    expect(await env.store.guilds.has(home.guildId)).toBe(false);
  });

  it('an alert planned for it just before the removal is dropped, not retried, and stores nothing for it again', async () => {
    const id = `${home.alerts}|late-story`;
    // What a poll that was matching stories while the bot was being removed leaves in the outbox.
    await env.store.outbox.put({ id, guildId: home.guildId, channelId: home.alerts, storyIds: ['late-story'], kind: 'alert', body: { content: 'late' }, nonce: nonceOf(id), createdAt: new Date().toISOString(), order: '0', attempts: 0 });
    const report = await deliverPending(bot.ctx);
    expect(report).toMatchObject({ sent: 0, dropped: 1, retrying: 0, paused: [] });
    expect(await env.store.outbox.list()).toEqual([]);
    expect(await env.store.guilds.has(home.guildId)).toBe(false);
    expect(discord.messages(home.general)).toEqual([]);
  });

  it('a command from it (its commands stay installed) is answered in plain words and stores nothing', async () => {
    const setup = await ask(home, home.admin, 'alerts channel', { channel: home.alerts });
    expect(setup.ephemeral).toBe(true);
    expect(setup.content).toMatch(/I am not a member of this server any more/);
    const follow = await ask(home, home.member, 'follow', { topic: 'crypto' });
    expect(follow.content).toMatch(/I am not a member of this server any more/);
    expect(await env.store.guilds.has(home.guildId)).toBe(false);
    expect(await followsOf(home)).toEqual([]);
    // Commands that need no server still work there.
    expect((await ask(home, home.member, 'topics')).embeds[0]!.title).toMatch(/Topics/);
  });

  it('invited back, it starts fresh and gets alerts again', async () => {
    const back = once(bot.client, Events.GuildCreate);
    discord.addBot(home.guildId);
    await back;
    expect((await ask(home, home.member, 'following')).content).toMatch(/none yet/);
    expect((await ask(home, home.admin, 'alerts channel', { channel: home.alerts })).content).toMatch(/is now this server’s alert channel/);
    expect((await ask(home, home.member, 'follow', { topic: 'japan' })).content).toMatch(/You now follow \*\*Japan\*\*/);
    await ask(home, home.admin, 'feeds add', { url: web.url('/feed.xml') });
    items = [...items, story('Bank of Japan holds rates')];
    await bot.pollJob.runOnce();
    expect(discord.messages(home.alerts).map((m) => m.embeds[0]?.title)).toEqual(['Bank of Japan holds rates']);
    expect(alertsIn(other)).toBe(3);
  });

  it('removed while the bot was offline: forgotten at the next start, the server that kept it untouched', async () => {
    await bot.stop();
    discord.removeBot(other.guildId); // nobody is connected to be told
    expect(await followsOf(other)).toHaveLength(1);
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, STORE_URL: env.url, ALLOW_PRIVATE_URLS: 'true', STARTER_FEEDS: 'false', FETCH_TIMEOUT_MS: '3000', LOG_LEVEL: 'silent' });
    bot = await startTestBot(config, env.store, () => new Date(Date.now() + skew));
    await bot.idle();
    expect(await env.store.guilds.has(other.guildId)).toBe(false);
    expect(await followsOf(other)).toEqual([]);
    expect(await followsOf(home)).toHaveLength(1);
    expect(await env.store.guilds.has(home.guildId)).toBe(true);
  });
});
