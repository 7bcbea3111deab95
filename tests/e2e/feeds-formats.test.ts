import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOpml } from '../../src/news/feeds/opml.ts';
import { startHarness, type Harness } from '../support/bot-harness.ts';

/**
 * Feeds written the ways real publishers write them, each added with /feeds add: once the bot has read a feed
 * (its items then are history), a new item appears, and the alert posted for it must carry the right title and
 * link. Every headline says "harbour" so one follow matches them all; links point at the local web server
 * (404: the alert falls back to the feed's text, with no network).
 */
let h: Harness;

interface Pattern {
  path: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** The document with or without the new item. */
  body: (withNew: boolean) => string | Buffer;
  /** What the new item's alert must show. */
  title: string;
  url: () => string;
}

const rss = (items: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"${extra}><channel><title>Harbour Feed</title>${items}</channel></rss>`;
/** An item already in the feed when it is added: history, never posted. */
const old = (base: string, key: string) => `<item><title>Harbour archive note</title><link>${base}/old${key}</link></item>`;

const patterns = (base: string): Pattern[] => [
  {
    path: '/atom-xhtml.xml',
    contentType: 'application/atom+xml',
    body: (n) =>
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">The <b>Harbour</b> Wire</div></title><id>urn:x:wire</id>` +
      (n ? `<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Breaking: <em>harbour</em> cranes stop</div></title><link href="${base}/wire/cranes"/><id>urn:x:cranes</id><updated>${new Date().toISOString()}</updated></entry>` : '') +
      `<entry><title>Harbour archive entry</title><link href="${base}/wire/old"/><id>urn:x:old</id><updated>2020-01-01T00:00:00Z</updated></entry></feed>`,
    title: 'Breaking: harbour cranes stop',
    url: () => `${base}/wire/cranes`,
  },
  {
    path: '/rss-markup.xml',
    body: (n) => rss((n ? `<item><title>Review: <i>Harbour Lights</i> is a triumph</title><link>${base}/screen/lights</link></item>` : '') + old(base, '/rss-markup.xml')),
    title: 'Review: Harbour Lights is a triumph',
    url: () => `${base}/screen/lights`,
  },
  {
    path: '/rss-escaped-tag.xml',
    body: (n) => rss((n ? `<item><title>Harbour portal ships the &amp;lt;dialog&amp;gt; element</title><link>${base}/dev/dialog</link></item>` : '') + old(base, '/rss-escaped-tag.xml')),
    title: 'Harbour portal ships the <dialog> element',
    url: () => `${base}/dev/dialog`,
  },
  {
    path: '/atom03.xml',
    body: (n) =>
      `<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Mill Gazette</title>` +
      (n ? `<entry><title type="text/plain" mode="base64">${Buffer.from('Harbour mill grinds flour again').toString('base64')}</title><link>${base}/mill/flour</link><id>urn:m:flour</id><issued>${new Date().toISOString()}</issued></entry>` : '') +
      `<entry><title>Harbour mill archive</title><link>${base}/mill/old</link><id>urn:m:old</id></entry></feed>`,
    title: 'Harbour mill grinds flour again',
    url: () => `${base}/mill/flour`,
  },
  {
    path: '/media-title.xml',
    body: (n) => rss((n ? `<item><media:title>Harbour flood barriers raised</media:title><link>${base}/video/barriers</link></item>` : '') + old(base, '/media-title.xml'), ' xmlns:media="http://search.yahoo.com/mrss/"'),
    title: 'Harbour flood barriers raised',
    url: () => `${base}/video/barriers`,
  },
  {
    path: '/uppercase.xml',
    body: (n) => `<RSS VERSION="2.0"><CHANNEL><TITLE>County</TITLE>${n ? `<ITEM><TITLE>Harbour road works start Monday</TITLE><LINK>${base}/county/roads</LINK></ITEM>` : ''}<ITEM><TITLE>Harbour archive note</TITLE><LINK>${base}/county/old</LINK></ITEM></CHANNEL></RSS>`,
    title: 'Harbour road works start Monday',
    url: () => `${base}/county/roads`,
  },
  {
    path: '/c1.xml',
    body: (n) => rss((n ? `<item><title>Don&#146;t panic &#150; the harbour ferry still runs</title><link>${base}/ferry/night</link></item>` : '') + old(base, '/c1.xml')),
    title: 'Don’t panic – the harbour ferry still runs',
    url: () => `${base}/ferry/night`,
  },
  {
    path: '/joiners.xml',
    body: (n) => rss((n ? `<item><title>Harbour family day 👨\u200d👩\u200d👧 at کتاب\u200cخانه</title><link>${base}/zoo/family</link></item>` : '') + old(base, '/joiners.xml')),
    title: 'Harbour family day 👨\u200d👩\u200d👧 at کتاب\u200cخانه',
    url: () => `${base}/zoo/family`,
  },
  {
    path: '/cut-end-tag.xml',
    body: (n) => rss((n ? `<item><title>Harbour keeper retires after 31 years</title><link>${base}/lights/keeper</link></item>` : '') + old(base, '/cut-end-tag.xml')).replace(/<\/rss>$/, '</rss'),
    title: 'Harbour keeper retires after 31 years',
    url: () => `${base}/lights/keeper`,
  },
  {
    path: '/html-entities.xml',
    body: (n) => rss((n ? `<item><title>Cr&egrave;me br&ucirc;l&eacute;e night at the harbour&hellip;</title><link>${base}/cafe/events?day=fri&room=2</link></item>` : '') + old(base, '/html-entities.xml')),
    title: 'Crème brûlée night at the harbour…',
    url: () => `${base}/cafe/events?day=fri&room=2`,
  },
  {
    path: '/rss1-prefixed.xml',
    body: (n) =>
      `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/"><rss:channel rdf:about="${base}/glacier"><rss:title>Glacier Watch</rss:title><rss:link>${base}/glacier</rss:link></rss:channel>` +
      (n ? `<rss:item rdf:about="${base}/glacier/harbour-ice"><rss:title>Harbour ice breaks up early</rss:title><rss:link>${base}/glacier/harbour-ice</rss:link></rss:item>` : '') +
      `<rss:item rdf:about="${base}/glacier/old"><rss:title>Harbour archive</rss:title><rss:link>${base}/glacier/old</rss:link></rss:item></rdf:RDF>`,
    title: 'Harbour ice breaks up early',
    url: () => `${base}/glacier/harbour-ice`,
  },
  {
    path: '/xml-base.xml',
    contentType: 'application/atom+xml',
    body: (n) =>
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="${base}/world/"><title>World Desk</title><id>urn:w</id>` +
      (n ? `<entry xml:base="asia/"><title>Harbour talks resume</title><link href="2026/talks.html"/><id>urn:w:talks</id></entry>` : '') +
      `<entry><title>Harbour archive</title><link href="old.html"/><id>urn:w:old</id></entry></feed>`,
    title: 'Harbour talks resume',
    url: () => `${base}/world/asia/2026/talks.html`,
  },
  {
    path: '/moved/feed.xml',
    headers: { 'content-location': '/relay/2026/feed.xml' },
    body: (n) => rss((n ? `<item><title>Harbour signal tower repainted</title><link>posts/tower.html</link></item>` : '') + old(base, '/moved/feed.xml')),
    title: 'Harbour signal tower repainted',
    url: () => `${base}/relay/2026/posts/tower.html`,
  },
  {
    path: '/latin1.xml',
    contentType: 'application/xml',
    body: (n) => iconv.encode(`<?xml version="1.0"?>${rss((n ? `<item><title>Café-théâtre à la fête du harbour</title><link>${base}/fete</link></item>` : '') + old(base, '/latin1.xml')).replace(/^<\?xml[^>]*>/, '')}`, 'windows-1252'),
    title: 'Café-théâtre à la fête du harbour',
    url: () => `${base}/fete`,
  },
  {
    path: '/utf32.xml',
    contentType: 'application/xml',
    body: (n) => iconv.encode(rss((n ? `<item><title>Harbour Ümlauts survive the trip</title><link>${base}/wide/trip</link></item>` : '') + old(base, '/utf32.xml')).replace('encoding="UTF-8"', 'encoding="UTF-32"'), 'utf-32le'),
    title: 'Harbour Ümlauts survive the trip',
    url: () => `${base}/wide/trip`,
  },
];

let withNew = false;
let list: Pattern[] = [];

beforeAll(async () => {
  h = await startHarness({ MAX_ALERTS_PER_POLL: '50' });
  list = patterns(h.web.baseUrl);
  for (const p of list) {
    h.web.route(p.path, (_req, res) => {
      res.writeHead(200, { 'content-type': p.contentType ?? 'application/rss+xml', ...p.headers }).end(p.body(withNew));
    });
  }
  await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.alerts });
  await h.run(h.ids.member, 'follow', { topic: 'harbour' });
});
afterAll(() => h?.close());

describe('feeds of every pattern, added with /feeds add', () => {
  it('are accepted, a broken one with its health', async () => {
    for (const p of list) {
      const reply = await h.run(h.ids.admin, 'feeds add', { url: h.web.url(p.path) });
      expect(reply.content, p.path).toMatch(/^Added \*\*/);
      // Markdown-escaped for Discord: "\(line 1: the <rss\> element is never closed\)".
      if (p.path === '/cut-end-tag.xml') expect(reply.content).toMatch(/Health: malformed, 1 item recovered \\\(line 1: the <rss\\> element is never closed\\\)/);
    }
    await h.poll();
  });

  it('post each new item with the title and link a reader would see', async () => {
    const before = h.discord.messages(h.ids.alerts).length;
    withNew = true;
    await h.poll();
    // Embed titles are Markdown-escaped ("<dialog\\>"); a reader sees them unescaped.
    const posted = h.discord.messages(h.ids.alerts).slice(before).map((m) => ({ title: m.embeds[0]?.title?.replace(/\\(.)/g, '$1'), url: m.embeds[0]?.url }));
    for (const p of list) expect(posted, p.path).toContainEqual({ title: p.title, url: p.url() });
    expect(posted).toHaveLength(list.length);
  });
});

describe('/feeds list', () => {
  it('shows a recovered feed with its health instead of "ok"', async () => {
    const url = h.web.url('/cut-end-tag.xml');
    // What the poll records from the reader's result (FeedReadResult.health) for a feed read in recovering mode.
    await h.store.feeds.update(url, (f) => ({ ...f, health: 'malformed, 2 items recovered (line 1: the <rss> element is never closed)' }));
    const reply = await h.run(h.ids.admin, 'feeds list');
    expect(reply.content).toMatch(/• Harbour Feed: malformed, 2 items recovered \\\(line 1: the <rss\\> element is never closed\\\), last read \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });
});

describe('OPML: /feeds import and /feeds export', () => {
  it('import adds the listed feeds it can read, and says what was already there and what failed and why', async () => {
    h.web.route('/garden.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(old(h.web.baseUrl, '/garden.xml'))));
    h.web.route('/page.html', (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><head><title>Shop</title></head><body>Buy</body></html>'));
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>My reader</title></head><body><outline text="News">` +
      `<outline type="rss" text="Gardens" xmlUrl="${h.web.url('/garden.xml')}"/>` +
      `<outline type="rss" text="Mill" xmlUrl="${h.web.url('/atom03.xml')}"/></outline>` +
      `<outline type="rss" text="Gone" xmlUrl="${h.web.url('/gone.xml')}"/>` +
      `<outline type="rss" text="Shop" xmlUrl="${h.web.url('/page.html')}"/></body></opml>`;
    h.web.route('/cdn/attachments/1/reader.opml', { body: opml, contentType: 'text/x-opml' });
    const record = await h.discord.sendInteraction({
      guildId: h.ids.guildId,
      channelId: h.ids.general,
      user: h.ids.admin,
      commandName: 'feeds import',
      attachments: { file: { filename: 'reader.opml', url: h.web.url('/cdn/attachments/1/reader.opml'), size: Buffer.byteLength(opml), contentType: 'text/x-opml' } },
    });
    const reply = await record.waitForResponse(15_000);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('**Imported 4 feeds from the file.**');
    expect(reply.content).toContain(`Added (1):\n• Harbour Feed (${h.web.url('/garden.xml')})`);
    expect(reply.content).toContain('Already read here (1):\n• Mill');
    expect(reply.content).toMatch(new RegExp(`Failed \\(2\\):\\n• ${h.web.url('/gone.xml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: .*HTTP 404`));
    expect(reply.content).toMatch(/page\.html: This page is not a feed and does not link to one/);
    const settings = await h.store.guilds.get(h.ids.guildId);
    expect(settings.feeds.map((f) => f.url)).toContain(h.web.url('/garden.xml'));
    expect(settings.feeds.map((f) => f.url)).not.toContain(h.web.url('/gone.xml'));
  });

  it('import refuses a file that is not OPML, in plain words', async () => {
    h.web.route('/cdn/attachments/2/notes.txt', { body: '<html><body>notes</body></html>', contentType: 'text/plain' });
    const record = await h.discord.sendInteraction({
      guildId: h.ids.guildId,
      channelId: h.ids.general,
      user: h.ids.admin,
      commandName: 'feeds import',
      attachments: { file: { filename: 'notes.txt', url: h.web.url('/cdn/attachments/2/notes.txt'), size: 31 } },
    });
    const reply = await record.waitForResponse(10_000);
    expect(reply.content).toBe('I could not read that file: This file is not OPML: its top element is <html>, where an OPML file has <opml>.');
  });

  it('export sends every feed of the server as an OPML file a reader can import', async () => {
    const reply = await h.run(h.ids.admin, 'feeds export');
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^16 feeds as OPML/);
    const [file] = reply.message.attachments;
    expect(file?.filename).toBe('newsbot-feeds.opml');
    const listed = parseOpml(file!.data!.toString('utf8'));
    expect(listed.map((f) => f.url).sort()).toEqual([...list.map((p) => h.web.url(p.path)), h.web.url('/garden.xml')].sort());
    expect(listed.find((f) => f.url === h.web.url('/atom-xhtml.xml'))?.title).toBe('The Harbour Wire');
  });

  it('members without Manage Server cannot import or export', async () => {
    const denied = await h.run(h.ids.member, 'feeds export');
    expect(denied.content).toMatch(/Manage Server/);
    expect(denied.message.attachments).toEqual([]);
  });
});
