import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody } from '../../../src/news/http/charset.ts';
import { FeedParseError } from '../../../src/news/feeds/parse-feed.ts';
import { readFeed, readFeedText } from '../../../src/news/feeds/read-feed.ts';
import { LocalWebServer } from '../../support/feed-server.ts';
import { fixture } from '../../support/fixtures.ts';

const now = new Date('2026-11-03T12:00:00Z');
const read = (name: string, feedUrl = `https://feeds.example/${name}`) => readFeedText(fixture(`feeds/${name}`), feedUrl, now);
const titles = async (name: string) => (await read(name)).articles.map((a) => a.title);

describe('titles are decoded exactly as often as their format says', () => {
  it('Atom xhtml titles keep their words, for entries and for the feed itself', async () => {
    const feed = await read('atom-title-types.xml');
    expect(feed.title).toBe('The Harbour Wire');
    expect(feed.articles[0]!.title).toBe('Breaking: markets fall');
    expect(feed.articles[0]!.source.name).toBe('The Harbour Wire');
  });

  it('an escaped tag in an Atom text or html title stays visible as written', async () => {
    const [, text, html, markup] = await titles('atom-title-types.xml');
    expect(text).toBe('Browsers finally drop the <blink> tag');
    expect(html).toBe('Editors argue over the <marquee> element');
    expect(markup).toBe('Spring tides rise early this year');
  });

  it('markup inside an RSS title keeps its text; an escaped tag in an RSS title stays literal', async () => {
    expect(await titles('rss-title-markup.xml')).toEqual(['Review: Dune Part Two is a triumph', 'Chrome ships the <dialog> element']);
  });

  it('Atom 0.3: base64 and escaped text, a link written as text, and issued/created dates', async () => {
    const feed = await read('atom03-base64-text-link.xml');
    const [wheel, bakery] = feed.articles;
    expect(wheel).toMatchObject({ title: 'Water wheel turns again after 40 years', url: 'https://mill.example/news/water-wheel', published: '2026-10-29T08:00:00.000Z' });
    expect(wheel!.text).toBe('The mill ground its first flour since 1986.');
    expect(bakery).toMatchObject({ title: 'Bakery reopens on the square', url: 'https://mill.example/news/bakery', published: '2026-10-28T07:15:00.000Z' });
  });

  it('media:title names an item that has no other title', async () => {
    expect(await titles('media-title-only.xml')).toEqual(['Flood barriers raised along the river', 'Night market returns to the old depot']);
  });

  it('element names in upper or mixed case are read', async () => {
    const feed = await read('uppercase-elements.xml');
    expect(feed.title).toBe('County Notices');
    expect(feed.articles[0]).toMatchObject({
      title: 'Road works on the coast road start Monday',
      url: 'https://county.example/notices/coast-road',
      published: '2026-11-02T07:00:00.000Z',
      text: 'Expect delays near the lighthouse junction.',
    });
  });

  it('windows-1252 code points written as numeric references read as browsers show them', async () => {
    const [article] = (await read('c1-references.xml')).articles;
    expect(article!.title).toBe('Don’t panic – the night ferry still runs');
    expect(article!.text).toBe('The operator said the timetable “stays as it is” until spring …');
  });

  it('zero-width joiners and non-joiners are kept; a stray byte-order mark is not', async () => {
    expect(await titles('joiners-kept.xml')).toEqual(['کتاب\u200cخانه\u200cی شهر بازگشایی شد', 'Family day at the zoo 👨\u200d👩\u200d👧']);
  });
});

describe('broken feeds: the complete items are read', () => {
  it('a feed whose last end tag is cut keeps every item, and says it was malformed', async () => {
    const feed = await read('broken-cut-end-tag.xml');
    expect(feed.articles.map((a) => a.title)).toEqual(['Lighthouse keeper retires after 31 years', 'New lens fitted in the north tower']);
    expect(feed.health).toMatch(/^malformed, 2 items recovered \(line 2: the <rss> element is never closed\)$/);
  });

  it('a feed cut off inside an item keeps the items before it', async () => {
    const feed = await read('broken-cut-mid-item.xml');
    expect(feed.articles.map((a) => a.url)).toEqual(['https://allot.example/frost', 'https://allot.example/seed-swap']);
    expect(feed.health).toMatch(/^malformed, 2 items recovered, 1 cut off/);
  });

  it('undefined HTML entities are decoded, an unknown one stays as text, a bare & in a link is kept', async () => {
    const feed = await read('broken-html-entities.xml');
    expect(feed.title).toBe('Café Society');
    expect(feed.articles.map((a) => [a.title, a.url])).toEqual([
      ['Crème brûlée night is back…', 'https://cafe.example/events?day=fri&room=2'],
      ['Menu adds the &bogus; special', 'https://cafe.example/menu'],
    ]);
    expect(feed.health).toMatch(/^malformed, 2 items recovered \(line 4: the undefined entity &eacute;\)$/);
  });

  it('a well-formed feed carries no health note', async () => {
    expect((await read('rss-title-markup.xml')).health).toBeUndefined();
  });

  it('a broken feed with no complete item is still refused, saying where it broke', async () => {
    const err = await read('truncated.xml').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedParseError);
    expect((err as Error).message).toBe("The feed's XML is broken near line 6 (the <title> element is never closed); its only item is cut off.");
  });
});

describe('refusals and namespaces in plain words', () => {
  it('RSS 1.0 written with an rss: prefix and no default namespace is read', async () => {
    const feed = await read('rss1-prefixed.xml');
    expect(feed.title).toBe('Glacier Watch');
    expect(feed.articles[0]).toMatchObject({ title: 'Glacier retreat slows for a second summer', url: 'https://glacier.example/reports/retreat', published: '2026-10-20T10:00:00.000Z' });
  });

  it('an RDF document with no channel is refused for that reason', async () => {
    const err = await read('rdf-without-channel.xml').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedParseError);
    expect((err as Error).message).toBe('This RSS 1.0 (RDF) document has no <channel> and no <item>: there is no feed in it.');
  });

  it('other XML is refused naming its top element', async () => {
    const err = await readFeedText('<?xml version="1.0"?><catalog><book>Sea charts</book></catalog>', 'https://x.example/f', now).catch((e: unknown) => e);
    expect((err as Error).message).toBe('This XML is not an RSS or Atom feed: its top element is <catalog>, where a feed has <rss>, <feed> or <rdf:RDF>.');
  });
});

describe('links and dates', () => {
  it('xml:base on the feed, on an entry and on a link, each relative to the one above', async () => {
    const feed = await read('xml-base-nested.xml', 'https://feeds.example/world.atom');
    expect(feed.articles.map((a) => a.url)).toEqual([
      'https://news.example.org/world/2024/story.html',
      'https://news.example.org/sport/rowing-final.html',
      'https://news.example.org/world/asia/weather/monsoon.html',
    ]);
  });

  it('dcterms:modified, dcterms:created and dc:date give the item its date', async () => {
    const feed = await read('dates-dublin-core.xml');
    expect(feed.articles.map((a) => a.published)).toEqual(['2026-10-21T14:00:00.000Z', '2026-10-20T09:00:00.000Z', '2026-10-19T14:45:00.000Z']);
  });
});

describe('encodings', () => {
  const cases: [string, string, string][] = [
    ['undeclared-cyrillic.utf8.xml', 'windows-1251', 'В городе открылся новый мост через реку'],
    ['undeclared-japanese.utf8.xml', 'Shift_JIS', '港に新しい橋が開通しました'],
    ['undeclared-korean.utf8.xml', 'EUC-KR', '새로운 다리가 오늘 개통되었습니다'],
    ['undeclared-chinese.utf8.xml', 'GB2312', '新大桥今天正式通车'],
    ['undeclared-latin1.utf8.xml', 'windows-1252', 'Crème brûlée et café crème à la fête du port'],
  ];
  for (const [name, encoding, title] of cases) {
    it(`${encoding} with no charset declared anywhere is recognised`, async () => {
      const { text } = decodeBody(iconv.encode(fixture(`feeds/${name}`), encoding), 'application/xml');
      const feed = await readFeedText(text, 'https://feeds.example/x', now);
      expect(feed.articles[0]!.title).toBe(title);
    });
  }

  it('UTF-32 without a byte-order mark is recognised from how "<?xml" is laid out', async () => {
    for (const encoding of ['utf-32be', 'utf-32le']) {
      const bytes = iconv.encode(fixture('feeds/utf32-no-bom.utf8.xml'), encoding);
      expect(bytes[0] === 0xff || bytes[0] === 0xfe).toBe(false);
      const feed = await readFeedText(decodeBody(bytes).text, 'https://feeds.example/x', now);
      expect(feed.articles[0]!.title).toBe('Ümlauts and ñ survive the trip');
    }
  });
});

describe('Content-Location', () => {
  let web: LocalWebServer;
  beforeAll(async () => {
    web = await LocalWebServer.start();
    web.route('/relay/feed.xml', { body: fixture('feeds/relative-links.xml'), headers: { 'content-location': '/archive/2026/feed.xml' } });
  });
  afterAll(() => web.close());

  it('is the base for relative links when the feed declares none', async () => {
    const res = await readFeed(web.url('/relay/feed.xml'), { allowPrivate: true, now, timeoutMs: 2_000 });
    if (res.status !== 'ok') throw new Error('expected ok');
    expect(res.articles[0]!.url).toBe(web.url('/archive/2026/posts/tower-paint.html'));
  });
});
