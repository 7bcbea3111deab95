import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedPoller } from '../../src/jobs/poll-feeds.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Article } from '../../src/news/article.ts';
import { FeedParseError, parseFeed, type ParsedFeed } from '../../src/news/feeds/parse-feed.ts';
import { normalizeFeed } from '../../src/news/feeds/normalize.ts';
import { LocalWebServer } from '../support/feed-server.ts';
import { tempStore } from '../support/temp-store.ts';

const wrap = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>${items}</channel></rss>`;
const item = (i: number, extra = '') => `<item><title>Story ${i}</title><link>https://h.example/${i}</link><guid>${i}</guid>${extra}</item>`;

/** The same "random" bytes every run, so the outcome can be stated exactly (none of them is a `<`). */
function noiseBytes(length: number): string {
  const chunks: Buffer[] = [];
  for (let i = 0; chunks.length * 32 < length; i++) chunks.push(createHash('sha256').update(`noise ${i}`).digest());
  return Buffer.concat(chunks).subarray(0, length).toString('latin1').replace(/</g, '?');
}

/** What a member or an admin sees from one document: the reason it was refused, or the alerts it makes. */
type Outcome = { refused: RegExp } | { articles: (articles: Article[], feed: ParsedFeed) => void };

/** Each hostile document and how it must end. */
const hostile: Record<string, { make: () => string; outcome: Outcome }> = {
  'random bytes': { make: () => noiseBytes(20_000), outcome: { refused: /^This is not a feed: it is not XML\.$/ } },
  'truncated XML': {
    make: () => wrap(item(1) + item(2)).slice(0, 150),
    outcome: { refused: /^The feed's XML is broken near line 1 \(the <item> element is never closed\); its only item is cut off\.$/ },
  },
  'billion laughs': {
    make: () =>
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
      `<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">` +
      `<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">` +
      `<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">` +
      `<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><rss version="2.0"><channel><title>&lol9;</title>${item(1, '<description>&lol9;</description>')}</channel></rss>`,
    outcome: { refused: /^The feed declares its own XML entities \(<!ENTITY> in a DOCTYPE\), which the bot does not expand\.$/ },
  },
  'external entity': {
    make: () =>
      `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>t</title>${item(1, '<description>&xxe;</description>')}</channel></rss>`,
    outcome: { refused: /^The feed declares its own XML entities/ },
  },
  '100,000 items': {
    make: () => wrap(Array.from({ length: 100_000 }, (_, i) => `<item><title>${i}</title><guid>${i}</guid></item>`).join('')),
    // The first 500 in the document (a feed lists its newest first) are kept; the rest is archive, read past.
    outcome: { articles: (articles) => expect(articles.map((a) => a.title)).toEqual(Array.from({ length: 500 }, (_, i) => String(i))) },
  },
  'deeply nested elements': {
    make: () => wrap(`<item><title>deep</title><description>${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}</description></item>`),
    outcome: { refused: /^The feed's XML is broken near line 1 \(elements nested more than 1000 deep\)/ },
  },
  '100 KB titles': {
    make: () => wrap(item(1).replace('Story 1', 'W'.repeat(100_000))),
    outcome: {
      articles: ([only, ...rest]) => {
        expect(rest).toEqual([]);
        expect(only!.title).toBe(`${'W'.repeat(299)}…`);
        expect(only!.url).toBe('https://h.example/1');
      },
    },
  },
  'scripts and tracking pixels': {
    make: () =>
      wrap(item(1, `<description><![CDATA[<script>steal()</script><p>Real text.</p><img src="https://t.example/p.gif" width="1"><iframe src="https://x.example"></iframe>]]></description>`)),
    outcome: { articles: (articles) => expect(articles.map((a) => [a.title, a.text])).toEqual([['Story 1', 'Real text.']]) },
  },
  'mixed encodings': {
    make: () => `<?xml version="1.0" encoding="utf-8"?>${wrap(item(1, '<description>caf\u00e9 \ufffd \u0000 ok</description>'))}`,
    // The NUL is not XML: the item is kept without it, and the feed's health says what was wrong.
    outcome: {
      articles: (articles, feed) => {
        expect(articles.map((a) => [a.title, a.text])).toEqual([['Story 1', 'caf\u00e9 \ufffd ok']]);
        expect(feed.recovered?.problem).toMatch(/control characters that XML does not allow/);
      },
    },
  },
};

describe('hostile feed documents: a reason or clean bounded items, never a crash or a hang', () => {
  for (const [name, { make, outcome }] of Object.entries(hostile)) {
    it(name, async () => {
      const started = Date.now();
      const feed = await parseFeed(make()).catch((err: unknown) => err);
      expect(Date.now() - started).toBeLessThan(15_000);
      if ('refused' in outcome) {
        expect(feed).toBeInstanceOf(FeedParseError);
        expect((feed as FeedParseError).message).toMatch(outcome.refused);
        return;
      }
      if (feed instanceof Error) throw feed;
      const articles = normalizeFeed(feed as ParsedFeed, { feedUrl: 'https://h.example/feed', now: new Date() });
      for (const a of articles) {
        expect(a.title.length).toBeLessThanOrEqual(300);
        expect(a.text).not.toMatch(/steal\(\)|<script|<img|<iframe/);
        expect(a.text.length).toBeLessThanOrEqual(20_000);
      }
      outcome.articles(articles, feed as ParsedFeed);
    });
  }

  it('entities declared in a DOCTYPE are never expanded: refused with the reason, or shown as written when declared too late to be noticed', async () => {
    const entityRefusal = /declares its own XML entities/;
    await expect(parseFeed(hostile['billion laughs']!.make())).rejects.toThrow(entityRefusal);
    // The up-front check reads the first 64 KB; a DOCTYPE pushed past it by a long comment reaches the XML
    // reader, which does not expand the entity either: the reference stays as written.
    const late = `<?xml version="1.0"?><!-- ${'x'.repeat(70_000)} --><!DOCTYPE rss [<!ENTITY boom "EXPANDED">]>${wrap(item(1, '<description>Before &boom; after</description>')).replace('<?xml version="1.0"?>', '').replace('Story 1', 'Story &boom; one')}`;
    const feed = await parseFeed(late);
    const articles = normalizeFeed(feed, { feedUrl: 'https://h.example/feed', now: new Date() });
    expect(articles.map((a) => [a.title, a.text])).toEqual([['Story &boom; one', 'Before &boom; after']]);
    expect(JSON.stringify(feed)).not.toContain('EXPANDED');
  });
});

describe('a poll with hostile and flaky feeds keeps serving the good ones', () => {
  let web: LocalWebServer;
  let env: Awaited<ReturnType<typeof tempStore>>;
  beforeEach(async () => {
    web = await LocalWebServer.start();
    env = await tempStore();
  });
  afterEach(async () => {
    await web.close();
    await env.cleanup();
  });

  it('records a reason for each bad feed; the good feed still delivers its new item', async () => {
    let goodItems = [item(1)];
    let flip = 0;
    web.route('/good.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(wrap(goodItems.join(''))));
    web.route('/random.xml', { body: randomBytes(5000) });
    web.route('/laughs.xml', { body: hostile['billion laughs']!.make() });
    web.route('/big.xml', (_q, r) => {
      // 50 MB of items, written as the reader takes them: the reader must stop at its limit, not take it all.
      r.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = item(1).repeat(10_000);
      let left = 50 * 1024 * 1024;
      r.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>');
      const more = () => {
        while (left > 0 && !r.destroyed) {
          left -= chunk.length;
          if (!r.write(chunk)) return void r.once('drain', more);
        }
        if (!r.destroyed) r.end('</channel></rss>');
      };
      r.on('close', () => (left = 0));
      more();
    });
    web.route('/reset.xml', (req) => req.socket.destroy());
    web.route('/timeout.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }));
    web.route('/flip.xml', (_q, r) => (flip++ % 2 ? r.writeHead(500).end() : r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(wrap(item(1)))));
    const now = new Date('2026-11-03T12:00:00Z');
    for (const p of ['/good.xml', '/random.xml', '/laughs.xml', '/big.xml', '/reset.xml', '/timeout.xml', '/flip.xml']) await env.store.feeds.ensure(web.url(p), now);
    const poller = new FeedPoller({
      store: env.store,
      log: silentLogger(),
      now: () => now,
      settings: { fetch: { allowPrivate: true, timeoutMs: 500, maxBytes: 1024 * 1024 }, concurrency: 8, perHostConcurrency: 8, lookbackMinutes: 0, storyWindowHours: 48 },
    });
    await poller.poll();
    goodItems = [item(2), item(1)];
    const second = await poller.poll(undefined, { ignoreBackoff: true });
    const reasons = Object.fromEntries(second.feeds.map((f) => [f.url.split('/').pop(), f.error ?? f.status]));
    expect(reasons['random.xml']).toMatch(/not a feed|not XML|broken/);
    expect(reasons['laughs.xml']).toMatch(/declares its own XML entities/);
    expect(reasons['big.xml']).toMatch(/larger than the 1 MB limit/);
    expect(reasons['reset.xml']).toMatch(/dropped the connection|closed the connection/);
    expect(reasons['timeout.xml']).toMatch(/took longer than 0.5 s/);
    expect(second.newArticles.map((a) => a.article.title)).toEqual(['Story 2']);
    const flipRecord = await env.store.feeds.get(web.url('/flip.xml'));
    expect(flipRecord?.initialized).toBe(true);
  });
});
