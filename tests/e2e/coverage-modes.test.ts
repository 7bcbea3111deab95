import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';
import { Permission } from '../support/discord-server.ts';

/** What an alert gets when its story gains outlets, as each channel chooses, and when Discord refuses a thread. */
let h: Harness;
const feeds: Record<string, Parameters<typeof rssFeed>[1]> = { first: [], second: [] };
let n = 0;

/** The same wire story in both feeds: the second outlet's copy folds into the first alert. */
async function wireStory(title: string): Promise<void> {
  n++;
  const text = `${title}. Officials in Tokyo said on Monday that the Japanese plan would be debated in parliament next month, item ${n}.`;
  feeds.first!.push({ id: `f${n}`, title, link: h.web.url(`/first/${n}`), text, date: new Date().toISOString() });
  await h.poll();
  feeds.second!.push({ id: `s${n}`, title: `${title} - Second Wire`, link: h.web.url(`/second/${n}`), text, date: new Date().toISOString() });
  await h.poll();
}
const threadStarts = () => h.discord.requests().filter((r) => r.method === 'POST' && /\/messages\/\d+\/threads$/.test(r.path)).length;
/** Waits for the role update to reach the bot over the gateway: its own view of whether it may start threads. */
const botSees = (canThread: boolean) =>
  vi.waitFor(() => {
    const guild = h.bot.client.guilds.cache.get(h.ids.guildId)!;
    expect(guild.channels.cache.get(h.ids.alerts)!.permissionsFor(guild.members.me!)!.has(PermissionFlagsBits.CreatePublicThreads)).toBe(canThread);
  });
const lastAlert = () => h.discord.messages(h.ids.alerts).filter((m) => m.embeds.length).at(-1)!;

beforeAll(async () => {
  h = await startHarness();
  for (const name of Object.keys(feeds)) {
    h.web.route(`/${name}.xml`, (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(`${name} wire`, feeds[name]!)));
  }
  await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.alerts });
  for (const name of Object.keys(feeds)) await h.run(h.ids.admin, 'feeds add', { url: h.web.url(`/${name}.xml`) });
  await h.run(h.ids.member, 'follow', { topic: 'japan' });
  await h.poll();
});
afterAll(() => h?.close());

describe('/alerts coverage', () => {
  it('edit: the alert names the new outlet, and no thread is started', async () => {
    const reply = await h.run(h.ids.admin, 'alerts coverage', { mode: 'edit', channel: h.ids.alerts });
    expect(reply.content).toMatch(/edited to name them under “Also reported by”/);
    await wireStory('Japan plans a new tax on short-stay rentals in Tokyo');
    expect(JSON.stringify(lastAlert().embeds[0]!.fields)).toMatch(/second wire/);
    expect(threadStarts()).toBe(0);
  });

  it('off: the alert stays as posted', async () => {
    await h.run(h.ids.admin, 'alerts coverage', { mode: 'off', channel: h.ids.alerts });
    await wireStory('Japan raises its minimum wage in all prefectures');
    expect(JSON.stringify(lastAlert().embeds[0]!.fields ?? [])).not.toMatch(/second wire/);
    expect(threadStarts()).toBe(0);
  });

  it('thread, where Discord refuses the thread: the edit still happens and nothing is retried', async () => {
    const reply = await h.run(h.ids.admin, 'alerts coverage', { mode: 'thread', channel: h.ids.alerts });
    expect(reply.content).toMatch(/go into a “More coverage” thread/);
    h.discord.failRoute(/POST \/channels\/\d+\/messages\/\d+\/threads/, 403, 5);
    await wireStory('Japan opens a new bullet train line to Tsuruga');
    expect(JSON.stringify(lastAlert().embeds[0]!.fields)).toMatch(/second wire/);
    expect(threadStarts()).toBe(1);
    await h.poll();
    expect(threadStarts()).toBe(1);
    expect(await h.store.outbox.list()).toEqual([]);
    h.discord.clearFailures();
  });

  it('thread, where the bot may not start threads: the admin is told that only the edit happens', async () => {
    h.discord.setChannelOverwrites(h.ids.alerts, [{ id: h.bot.client.user!.id, type: 1, deny: Permission.CreatePublicThreads }]);
    await botSees(false);
    const reply = await h.run(h.ids.admin, 'alerts coverage', { mode: 'thread', channel: h.ids.alerts });
    expect(reply.content).toMatch(/I am missing Create Public Threads there, so until that changes only the edit happens\./);
    h.discord.setChannelOverwrites(h.ids.alerts, []);
    await botSees(true);
    expect((await h.run(h.ids.admin, 'alerts coverage', { mode: 'thread', channel: h.ids.alerts })).content).not.toMatch(/missing/);
  });

  it('a digest lists a story once, with the outlets that reported it', async () => {
    await h.run(h.ids.admin, 'alerts mode', { mode: 'daily', channel: h.ids.alerts });
    await wireStory('Japan lifts the cap on foreign students in Osaka');
    h.advance(25 * 3_600_000);
    await h.poll();
    const digest = h.discord.messages(h.ids.alerts).at(-1)!.embeds[0]!;
    expect(digest.title).toMatch(/Daily digest: 1 story/);
    expect(digest.description).toMatch(/Japan lifts the cap on foreign students in Osaka\]\([^)]+\) — first wire, second wire$/);
  });
});
