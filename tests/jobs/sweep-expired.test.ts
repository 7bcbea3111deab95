import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/news/feeds/canonical-url.ts';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';

let h: Harness;
let items: Parameters<typeof rssFeed>[1] = [];

beforeAll(async () => {
  h = await startHarness();
  h.web.route('/feed.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Harbour Desk', items)));
  await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.alerts });
  await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/feed.xml') });
  await h.run(h.ids.member, 'follow', { topic: 'japan' });
});
afterAll(() => h?.close());

describe('a bot that runs for months', () => {
  it('deletes the seen marks and story records whose time is up, and keeps follows and feeds', async () => {
    const link = h.web.url('/story/old');
    const seenAs = canonicalUrl(link);
    items = [{ id: 'old', title: 'Tokyo harbour dredging resumes after the storms', link, text: 'Work resumed in Tokyo, Japanese officials said.', date: new Date().toISOString() }];
    await h.poll(); // the feed's first read: the item is backlog, remembered as seen
    const mark = await h.store.seen.findByUrl(seenAs);
    expect(mark).toBeDefined();
    expect(await h.store.stories.get(mark!.storyId)).toBeDefined();

    // Four months on (seen marks last 120 days), the item has left the feed and nothing reads its keys again.
    items = [];
    h.advance(121 * 24 * 3_600_000);
    await h.poll();
    // Keyv's own clock still calls them fresh: only the cycle's sweep can have removed them.
    expect(await h.store.seen.findByUrl(seenAs)).toBeUndefined();
    expect(await h.store.stories.get(mark!.storyId)).toBeUndefined();
    expect((await h.store.subscriptions.listForGuild(h.ids.guildId)).map((s) => s.topic)).toEqual(['japan']);
    expect((await h.store.feeds.list()).map((f) => f.url)).toEqual([h.web.url('/feed.xml')]);
  });
});
