import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';

/**
 * A server that sets a week-long same-story window (STORY_WINDOW_HOURS=168) gets later outlets of a story added
 * to its first alert all week, as it does within the default two days.
 */
const DAY = 24 * 3_600_000;
let h: Harness;
let skew = 0;
let desk: Parameters<typeof rssFeed>[1] = [];
let wire: Parameters<typeof rssFeed>[1] = [];
const poll = () => h.poll();
const alerts = () => h.discord.messages(h.ids.alerts).filter((m) => m.embeds.length);
const headline = 'Japan’s lighthouse keepers on Sado island hand over to automatic lamps';
const paragraphs = [
  'The last two lighthouse keepers on Sado island in Japan switched off their hand-tended lamp on Sunday, as the coast guard finished moving every light on the island to automatic control.',
  'The keepers, a married couple who had lived beside the light for nineteen years, said fishing crews had brought them gifts of squid and sake all week to mark the end of their watch.',
  'The coast guard said automatic lamps cost a fraction as much to run and were watched from Niigata by cameras and sensors, so a fault could be fixed within hours.',
  'Residents asked that the keepers’ cottage be kept as a small museum, and the town council said it would decide before the summer tourist season begins.',
];
const page = (outlet: string) =>
  `<!doctype html><html lang="en"><head><title>${headline} | ${outlet}</title><meta property="og:site_name" content="${outlet}"></head><body><main><article><h1>${headline}</h1>` +
  `${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></main></body></html>`;

beforeAll(async () => {
  h = await startHarness({ STORY_WINDOW_HOURS: '168' });
  h.web.route('/desk.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Harbour Desk', desk)));
  h.web.route('/wire.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Inland Wire', wire)));
  h.web.route('/desk/lighthouse', (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Harbour Desk')));
  h.web.route('/wire/lighthouse', (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Inland Wire')));
  await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.alerts });
  await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/desk.xml') });
  await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/wire.xml') });
  await h.run(h.ids.member, 'follow', { topic: 'japan' });
  await poll(); // the feeds' first read: nothing in them yet
});
afterAll(async () => {
  await h?.close();
});

describe('a week-long same-story window', () => {
  it('an outlet that reports the story five days after its alert is added to that alert, not posted again', async () => {
    desk = [{ id: 'd1', title: headline, link: h.web.url('/desk/lighthouse'), text: paragraphs[0]!, date: new Date(Date.now() + skew).toISOString() }];
    await poll();
    expect(alerts()).toHaveLength(1);
    const alert = alerts()[0]!;

    // Five quiet days, each polled, so the store's expiry sweep runs on the way.
    for (let day = 1; day <= 5; day++) {
      skew += DAY;
      h.advance(DAY);
      await poll();
    }
    wire = [{ id: 'w1', title: headline, link: h.web.url('/wire/lighthouse'), text: paragraphs[0]!, date: new Date(Date.now() + skew).toISOString() }];
    await poll();
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]!.id).toBe(alert.id);
    expect(alerts()[0]!.embeds[0]!.fields!.at(-1)).toMatchObject({ name: 'Also reported by', value: expect.stringMatching(/^\[Inland Wire\]/) });
  });
});
