import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../../src/news/http/fetch.ts';
import { FeedParseError } from '../../../src/news/feeds/parse-feed.ts';
import { readFeed } from '../../../src/news/feeds/read-feed.ts';
import { LocalWebServer } from '../../support/feed-server.ts';
import { encodedFixture, fixture } from '../../support/fixtures.ts';

let web: LocalWebServer;
const now = new Date('2026-11-03T12:00:00Z');
const opts = { allowPrivate: true, now, timeoutMs: 2_000 };

beforeAll(async () => {
  web = await LocalWebServer.start();
  web
    .route('/rss2.xml', { body: fixture('feeds/rss2-with-content-and-tracking.xml') })
    .route('/atom.xml', { body: fixture('feeds/atom-basic.xml'), contentType: 'application/atom+xml' })
    .route('/rdf.xml', { body: fixture('feeds/rss1-rdf.xml'), contentType: 'application/rdf+xml' })
    .route('/sjis.xml', { body: encodedFixture('feeds/japanese-feed.utf8.xml', 'Shift_JIS'), contentType: 'application/xml' })
    .route('/eucjp.xml', {
      body: encodedFixture('feeds/japanese-feed.utf8.xml', 'EUC-JP'),
      contentType: 'text/xml; charset=EUC-JP',
    })
    .route('/latin1.xml', {
      body: Buffer.from(
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Caf\xe9 du Monde</title><item><title>Cr\xe8me br\xfbl\xe9e festival \x93returns\x94</title><link>https://cafe.example/a</link></item></channel></rss>',
        'latin1',
      ),
      contentType: 'application/rss+xml',
    })
    .route('/gzip.xml', { body: fixture('feeds/atom-basic.xml'), encoding: 'gzip' })
    .route('/brotli.xml', { body: fixture('feeds/atom-basic.xml'), encoding: 'br' })
    .route('/etag.xml', { body: fixture('feeds/atom-basic.xml'), etag: '"v1"' })
    .route('/truncated.xml', { body: fixture('feeds/truncated.xml') })
    .route('/page.html', { body: fixture('feeds/not-a-feed.html'), contentType: 'text/html; charset=utf-8' })
    .route('/empty.xml', { body: '' })
    .route('/gone.xml', { body: 'gone', status: 410, contentType: 'text/plain' })
    .route('/huge.xml', { body: `<rss version="2.0"><channel>${'<item><title>x</title></item>'.repeat(60_000)}</channel></rss>` })
    .route('/bomb.xml', { body: Buffer.alloc(20 * 1024 * 1024, 0x20), encoding: 'gzip' })
    .route('/loop-a', (_req, res) => res.writeHead(302, { location: '/loop-b' }).end())
    .route('/loop-b', (_req, res) => res.writeHead(302, { location: '/loop-a' }).end())
    .route('/moved', (_req, res) => res.writeHead(301, { location: '/atom.xml' }).end())
    .route('/slow.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<rss version="2.0"><channel>'); // …and never finishes
    })
    .route('/bare-amp.xml', {
      body: '<?xml version="1.0"?><rss version="2.0"><channel><title>Q&A Weekly</title><item><title>Salt & pepper shortage</title><link>https://qa.example/1?a=1&b=2</link></item></channel></rss>',
    });
});
afterAll(() => web.close());

describe('readFeed: formats', () => {
  it('reads RSS 2.0 with content:encoded, dc:creator, categories, media image, CDATA and entities', async () => {
    const res = await readFeed(web.url('/rss2.xml'), opts);
    if (res.status !== 'ok') throw new Error('expected ok');
    expect(res.title).toBe('Harbor City Ledger & Review');
    const [ferry, library, council, festival] = res.articles;
    expect(ferry).toMatchObject({
      title: 'Port authority approves new ferry route to the islands',
      canonicalUrl: 'https://ledger.example/news/ferry-route?id=77',
      author: 'Mira Castellanos',
      categories: ['Transport', 'Local'],
      image: 'https://img.ledger.example/ferry.jpg',
      published: '2026-11-03T08:15:00.000Z',
      source: { name: 'Harbor City Ledger & Review' },
    });
    expect(ferry!.id).toBe(`${web.url('/rss2.xml')}#ledger-4411`);
    expect(ferry!.text).toContain('voted 5–2 on Monday to start a ferry service to the outer islands “by spring”.');
    expect(ferry!.text).not.toMatch(/track\(\)|<|pixel/);
    expect(library!.title).toBe('Library extends weekend hours & adds study rooms');
    expect(library!.text).toBe('Starting next month the central library will open on Sundays.');
    expect(library!.canonicalUrl).toBe('https://ledger.example/news/library-hours');
    expect(library!.image).toBe('https://img.ledger.example/library.png');
    // An unreadable date and a date years ahead both fall back to when the bot read the item.
    expect(council!.published).toBe(now.toISOString());
    expect(festival!.published).toBe(now.toISOString());
  });

  it('reads Atom, with relative links resolved against the site and HTML titles cleaned', async () => {
    const res = await readFeed(web.url('/atom.xml'), opts);
    if (res.status !== 'ok') throw new Error('expected ok');
    expect(res.articles.map((a) => a.title)).toEqual(['Lunar lander completes its third engine test', 'Weather satellite reaches orbit']);
    expect(res.articles[0]).toMatchObject({ author: 'Tomasz Eriksen', categories: ['space', 'engineering'], published: '2026-11-03T09:30:00.000Z' });
    expect(res.articles[1]!.url).toBe('https://orbit.example/posts/weather-satellite');
  });

  it('reads RSS 1.0 (RDF) with dc:date and dc:subject', async () => {
    const res = await readFeed(web.url('/rdf.xml'), opts);
    if (res.status !== 'ok') throw new Error('expected ok');
    expect(res.articles[0]).toMatchObject({ title: 'Coral reefs recover faster in cooler currents', published: '2026-11-01T12:00:00.000Z', categories: ['Oceans'] });
  });

  it('decodes Shift_JIS from the XML declaration and EUC-JP from the HTTP header', async () => {
    for (const path of ['/sjis.xml', '/eucjp.xml']) {
      const res = await readFeed(web.url(path), opts);
      if (res.status !== 'ok') throw new Error('expected ok');
      expect(res.title).toBe('みなと新報');
      expect(res.articles[0]!.title).toBe('日銀、政策金利を据え置き　円相場は小幅に上昇');
      expect(res.articles[0]!.text).toContain('東京外国為替市場');
    }
  });

  it('decodes an ISO-8859-1 feed the way browsers do (windows-1252 quotes included)', async () => {
    const res = await readFeed(web.url('/latin1.xml'), opts);
    if (res.status !== 'ok') throw new Error('expected ok');
    expect(res.title).toBe('Café du Monde');
    expect(res.articles[0]!.title).toBe('Crème brûlée festival “returns”');
  });

  it('handles gzip and brotli bodies, redirects, and repairs bare ampersands', async () => {
    for (const path of ['/gzip.xml', '/brotli.xml', '/moved']) {
      const res = await readFeed(web.url(path), opts);
      expect(res.status === 'ok' && res.articles.length).toBe(2);
    }
    const amp = await readFeed(web.url('/bare-amp.xml'), opts);
    if (amp.status !== 'ok') throw new Error('expected ok');
    expect(amp.articles[0]!.title).toBe('Salt & pepper shortage');
  });

  it('sends a User-Agent naming the bot and accepts compressed answers', async () => {
    await readFeed(web.url('/atom.xml'), opts);
    const req = web.requests.filter((r) => r.path === '/atom.xml').at(-1)!;
    expect(req.headers['user-agent']).toMatch(/newsbot/);
    expect(req.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('answers a conditional GET with not-modified and parses nothing', async () => {
    const first = await readFeed(web.url('/etag.xml'), opts);
    if (first.status !== 'ok') throw new Error('expected ok');
    expect(first.etag).toBe('"v1"');
    const second = await readFeed(web.url('/etag.xml'), { ...opts, etag: first.etag });
    expect(second.status).toBe('not-modified');
  });
});

describe('readFeed: failures carry a readable reason', () => {
  const cases: [string, RegExp, unknown][] = [
    ['/truncated.xml', /XML is broken/, FeedParseError],
    ['/page.html', /web page, not a feed/, FeedParseError],
    ['/empty.xml', /empty/, FeedParseError],
    ['/gone.xml', /HTTP 410/, FetchError],
    ['/huge.xml', /larger than the 1 MB limit/, FetchError],
    ['/bomb.xml', /larger than the 1 MB limit/, FetchError],
    ['/loop-a', /Too many redirects/, FetchError],
    ['/slow.xml', /longer than 0.3 s/, FetchError],
    ['/missing.xml', /HTTP 404/, FetchError],
  ];
  for (const [path, message, type] of cases) {
    it(`${path} fails with ${message}`, async () => {
      // Only the slow server needs a short deadline; the others get room for a busy machine (a 300 ms deadline
      // made the gzip bomb and the redirect loop fail by timing out first when test files ran in parallel).
      const timeoutMs = path === '/slow.xml' ? 300 : 5_000;
      const err = await readFeed(web.url(path), { ...opts, maxBytes: 1024 * 1024, timeoutMs }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(type);
      expect((err as Error).message).toMatch(message);
    });
  }

  it('refuses loopback addresses unless private URLs are allowed', async () => {
    const err = await readFeed(web.url('/atom.xml'), { ...opts, allowPrivate: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).kind).toBe('blocked');
  });
});
