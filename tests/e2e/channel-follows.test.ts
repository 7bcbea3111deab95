import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';

/** An admin who routes a topic to a channel means "this channel gets that topic", as with a feed → channel bot. */
let h: Harness;
let items: Parameters<typeof rssFeed>[1] = [];
let n = 0;
const japanStory = (title: string) => ({
  id: `cf${++n}`,
  title,
  link: h.web.url(`/cf/${n}`),
  text: `${title}. Officials in Tokyo said the Japanese government would respond this week.`,
  date: new Date().toISOString(),
});

beforeAll(async () => {
  h = await startHarness();
  h.web.route('/desk.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Tokyo Desk', items)));
  await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/desk.xml') });
  await h.poll();
});
afterAll(() => h?.close());

const posted = () => h.discord.messages(h.ids.markets).filter((m) => m.embeds.length).map((m) => m.embeds[0]!.title);

describe('channel follows', () => {
  it('routing a topic nobody follows says so and offers the channel follow', async () => {
    const reply = await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.markets, topic: 'japan' });
    expect(reply.content).toMatch(/Alerts about \*\*Japan\*\* now go to <#\d+>\. Nobody here follows Japan yet/);
    expect(reply.content).toMatch(/\/alerts follow topic:japan channel:#markets/);
  });

  it('a channel that follows a topic gets its stories with no member following it', async () => {
    const reply = await h.run(h.ids.admin, 'alerts follow', { topic: 'japan', channel: h.ids.markets });
    expect(reply.content).toMatch(/<#\d+> now follows \*\*Japan\*\* on its own/);
    items = [japanStory('Japan and Korea agree on a new fishing quota')];
    await h.poll();
    expect(posted()).toEqual(['Japan and Korea agree on a new fishing quota']);
  });

  it('a member follow and the channel follow of the same story post it once', async () => {
    await h.run(h.ids.member, 'follow', { topic: 'japan', ping: true });
    items = [...items, japanStory('Tokyo stock exchange extends its trading hours')];
    await h.poll();
    expect(posted()).toEqual(['Japan and Korea agree on a new fishing quota', 'Tokyo stock exchange extends its trading hours']);
    // The member asked to be mentioned; the channel follow mentions nobody.
    expect(h.discord.messages(h.ids.markets).at(-1)!.pings.users).toEqual([h.ids.member]);
    await h.run(h.ids.member, 'unfollow', { topic: 'japan' });
  });

  it('/following and /status show what the channel follows', async () => {
    const following = await h.run(h.ids.member, 'following');
    expect(following.content).toMatch(/Japan → <#\d+> \(the channel follows it\)/);
    const status = await h.run(h.ids.admin, 'status');
    expect(status.content).toMatch(/channels following on their own: <#\d+> Japan/);
  });

  it('/alerts unfollow stops it', async () => {
    const reply = await h.run(h.ids.admin, 'alerts unfollow', { topic: 'japan', channel: h.ids.markets });
    expect(reply.content).toMatch(/no longer follows \*\*Japan\*\* on its own/);
    const before = posted().length;
    items = [...items, japanStory('Japan opens a new embassy in Nairobi')];
    await h.poll();
    expect(posted()).toHaveLength(before);
    const again = await h.run(h.ids.admin, 'alerts unfollow', { topic: 'japan', channel: h.ids.markets });
    expect(again.content).toMatch(/does not follow Japan on its own/);
  });
});
