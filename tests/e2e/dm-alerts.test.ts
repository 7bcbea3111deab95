import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverPending, queueDueDigests } from '../../src/jobs/deliver.ts';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';

/** A member who asks for their alerts by DM gets them there, and hears in plain words when Discord refuses. */
let h: Harness;
let items: Parameters<typeof rssFeed>[1] = [];
let n = 0;
const japanStory = (title: string) => ({
  id: `dm${++n}`,
  title,
  link: h.web.url(`/dm/${n}`),
  text: `${title}. Officials in Tokyo said the Japanese government would answer questions about it this week.`,
  date: new Date().toISOString(),
});
const publish = async (title: string) => {
  items = [...items, japanStory(title)];
  await h.poll();
};

beforeAll(async () => {
  h = await startHarness({ MAX_ALERTS_PER_POLL: '2' });
  h.web.route('/tokyo.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Tokyo Wire', items)));
  await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.alerts });
  await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/tokyo.xml') });
  await h.poll();
});
afterAll(() => h?.close());

const inDms = () => h.discord.directMessages(h.ids.member).map((m) => m.embeds[0]?.title);
const inChannel = () => h.discord.messages(h.ids.alerts).filter((m) => m.embeds.length).map((m) => m.embeds[0]!.title);
const dmChannel = () => h.discord.directMessages(h.ids.member)[0]!.channelId;
const dmPosts = () => h.discord.requests().filter((r) => r.method === 'POST' && r.path === `/channels/${dmChannel()}/messages`);

describe('alerts by direct message', () => {
  it('a member following with deliver:dm gets the alert in their DMs, and another member’s channel follow still posts it in the channel', async () => {
    const reply = await h.run(h.ids.member, 'follow', { topic: 'japan', deliver: 'dm' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/You now follow \*\*Japan\*\*\. New stories from now on will be sent to your DMs\./);
    await h.run(h.ids.admin, 'follow', { topic: 'japan' });

    await publish('Japan raises its minimum wage for the third year');
    expect(inDms()).toEqual(['Japan raises its minimum wage for the third year']);
    expect(h.discord.directMessages(h.ids.member)[0]!.guildId).toBeNull();
    expect(inChannel()).toEqual(['Japan raises its minimum wage for the third year']);
    // The channel's alert is the admin's: the DM member is neither mentioned there nor sent it twice.
    expect(h.discord.messages(h.ids.alerts).at(-1)!.pings.users).toEqual([]);
    expect(h.discord.requests().filter((r) => r.path === '/users/@me/channels')).toHaveLength(1);
  });

  it('/following shows which follows go to the member’s DMs', async () => {
    const mine = await h.run(h.ids.member, 'following');
    expect(mine.content).toMatch(/Japan → your DMs/);
    const admins = await h.run(h.ids.admin, 'following');
    expect(admins.content).toMatch(/Japan → <#\d+>/);
    expect(admins.content).not.toMatch(/your DMs/);
    expect(admins.content).toMatch(/Japan: 1 member → <#\d+>, 1 member → their DMs/);
  });

  it('after the member closes DMs the alert is refused once, DM delivery pauses, and no later poll tries again', async () => {
    h.discord.closeDirectMessages(h.ids.member);
    await publish('Japan and Canada sign a new trade accord');
    expect(inChannel()).toContain('Japan and Canada sign a new trade accord');
    expect(inDms()).toHaveLength(1);
    const refused = dmPosts().filter((r) => r.status === 403);
    expect(refused).toHaveLength(1);
    expect((await h.store.directMessages.get(h.ids.member)).paused).toMatchObject({ code: 50007 });

    const before = h.discord.requests().length;
    const dmsBefore = dmPosts().length;
    await publish('Tokyo opens a new subway line to the airport');
    await h.poll();
    await h.poll();
    expect(inChannel()).toContain('Tokyo opens a new subway line to the airport');
    expect(dmPosts()).toHaveLength(dmsBefore);
    expect(h.discord.requests().slice(before).filter((r) => r.path === '/users/@me/channels')).toEqual([]);
    // Nothing is left queued for a retry, and no server channel was paused for a member's DMs.
    expect(await h.store.outbox.list()).toEqual([]);
    expect((await h.store.guilds.get(h.ids.guildId)).pausedChannels).toEqual({});
  });

  it('the member’s next command tells them, once and privately, how to re-open DMs and resume', async () => {
    const reply = await h.run(h.ids.member, 'following');
    expect(reply.content).toMatch(/Japan → your DMs \(paused/);
    const [notice] = await reply.record.waitForFollowUps(1, 10_000);
    expect(notice!.ephemeral).toBe(true);
    expect(notice!.content).toMatch(/Discord refused them/);
    expect(notice!.content).toMatch(/Privacy Settings.*Direct Messages.*allow direct messages from server members/);
    expect(notice!.content).toMatch(/\/follow topic:… deliver:dm/);

    const next = await h.run(h.ids.member, 'following');
    expect(next.record.followUps).toEqual([]);
    // The admin, whose DMs were never refused, is not told anything.
    const admins = await h.run(h.ids.admin, 'following');
    expect(admins.record.followUps).toEqual([]);
  });

  it('/follow … deliver:dm again resumes DM delivery', async () => {
    h.discord.openDirectMessages(h.ids.member);
    const reply = await h.run(h.ids.member, 'follow', { topic: 'japan', deliver: 'dm' });
    expect(reply.content).toMatch(/Direct messages resume/);
    await publish('Japan launches a weather satellite');
    expect(inDms()).toEqual(['Japan raises its minimum wage for the third year', 'Japan launches a weather satellite']);
    const mine = await h.run(h.ids.member, 'following');
    expect(mine.content).toMatch(/Japan → your DMs$/m);
  });

  it('deliver:channel moves the follow back to the server’s channel', async () => {
    const reply = await h.run(h.ids.member, 'follow', { topic: 'japan', deliver: 'channel' });
    expect(reply.content).toMatch(/posted in <#\d+>/);
    await publish('Japan names a new central bank governor');
    expect(inDms()).toHaveLength(2);
    expect(inChannel()).toContain('Japan names a new central bank governor');
  });

  it('/why names no channel for a story its followers get by DM', async () => {
    await h.run(h.ids.admin, 'unfollow', { topic: 'japan' });
    await h.run(h.ids.member, 'follow', { topic: 'japan', deliver: 'dm' });
    await publish('Japan opens its first offshore wind farm');
    expect(inDms().at(-1)).toBe('Japan opens its first offshore wind farm');
    const why = await h.run(h.ids.member, 'why', { url: items.at(-1)!.link });
    expect(why.content).toMatch(/It matches Japan, which its followers here get by direct message, not in a channel\./);
    expect(why.content).not.toMatch(/<#dm:/);
  });

  it('DMs get the same flood control as a channel: the alerts of one poll beyond the limit come as one list', async () => {
    const before = inDms().length;
    items = [...items, ...['Japan extends its fiscal year budget talks', 'Japan and Peru agree on a mining survey', 'Japan reopens a historic castle in Osaka', 'Japan trials a four-day week for civil servants'].map(japanStory)];
    await h.poll();
    const fresh = h.discord.directMessages(h.ids.member).slice(before).map((m) => m.embeds[0]!.title);
    expect(fresh).toEqual(['Japan extends its fiscal year budget talks', 'Japan and Peru agree on a mining survey', 'More on Japan (2)']);
  });

  it('DMs keep the alert channel’s digest mode: a daily channel’s followers get a daily digest by DM', async () => {
    await h.run(h.ids.admin, 'alerts mode', { mode: 'daily', channel: h.ids.alerts });
    const before = inDms().length;
    items = [...items, ...['Japan sets a date for its spring election', 'Japan lifts a ban on rice exports'].map(japanStory)];
    await h.poll();
    expect(inDms()).toHaveLength(before);
    // An hour is not the channel's period: nothing yet.
    h.advance(61 * 60_000);
    await queueDueDigests(h.bot.ctx);
    await deliverPending(h.bot.ctx);
    expect(inDms()).toHaveLength(before);
    // The day passes: the digest goes out on the channel's period, in the member's DMs, and not in the channel.
    h.advance(24 * 3_600_000);
    await queueDueDigests(h.bot.ctx);
    await deliverPending(h.bot.ctx);
    const digest = h.discord.directMessages(h.ids.member).at(-1)!;
    expect(digest.embeds[0]!.title).toBe('Daily digest: 2 stories');
    for (const t of ['spring election', 'rice exports']) expect(digest.embeds[0]!.description).toContain(t);
    expect(h.discord.messages(h.ids.alerts).some((m) => m.embeds[0]?.title?.includes('digest'))).toBe(false);
  });
});
