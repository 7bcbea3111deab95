import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/news/article.ts';
import { EnrichError, enrichArticle, summarizeUrl, understandBody, type PageTask } from '../../src/news/enrich.ts';
import { createPagePool, pageThreadsFor, type PagePool } from '../../src/news/page-pool.ts';
import { LocalWebServer } from '../support/feed-server.ts';
import { fixtureBytes } from '../support/fixtures.ts';

const HTML = 'text/html; charset=utf-8';

/** Our own pages, each exercising a different path: full article, boilerplate, a preview, not an article, Shift_JIS. */
const PAGES: { name: string; body: Buffer; contentType: string }[] = [
  { name: 'e2e/japan-port-deal.html', body: fixtureBytes('pages/e2e/japan-port-deal.html'), contentType: HTML },
  { name: 'e2e/crypto-exchange.html', body: fixtureBytes('pages/e2e/crypto-exchange.html'), contentType: HTML },
  { name: 'news-with-boilerplate.html', body: fixtureBytes('pages/news-with-boilerplate.html'), contentType: HTML },
  { name: 'quote-across-paragraphs.html', body: fixtureBytes('pages/quote-across-paragraphs.html'), contentType: HTML },
  { name: 'paywalled.html', body: fixtureBytes('pages/paywalled.html'), contentType: HTML },
  { name: 'link-index.html', body: fixtureBytes('pages/link-index.html'), contentType: HTML },
  // Shift_JIS bytes and no charset in the header: the worker must find the charset as the main thread does.
  { name: 'japanese-shift-jis.html', body: fixtureBytes('pages/japanese-shift-jis.html'), contentType: 'text/html' },
];

function taskOf(page: (typeof PAGES)[number]): PageTask {
  return { body: page.body, contentType: page.contentType, url: `http://news.test/${page.name}`, sentences: 3 };
}

/** The result or the EnrichError of a read, as plain data to compare. */
async function outcome(read: () => unknown): Promise<unknown> {
  try {
    return { ok: await read() };
  } catch (err) {
    if (err instanceof EnrichError) return { error: err.kind, message: err.message };
    throw err;
  }
}

/** Paragraphs of our own words: a well-formed article so large that reading it takes seconds. */
function hugeArticle(paragraphs: number): string {
  const words = ['harbour', 'council', 'budget', 'ferry', 'quay', 'tide', 'crane', 'berth', 'cargo', 'pilot', 'dredging', 'schedule'];
  const parts: string[] = [];
  for (let i = 0; i < paragraphs; i++) {
    const sentence = Array.from({ length: 24 }, (_, k) => words[(i * 7 + k * 5) % words.length]).join(' ');
    parts.push(`<p>The ${sentence} (${i}). "We will ${sentence}," said Mara Okafor of the port board.</p>`);
  }
  return `<!doctype html><html lang="en"><head><title>Harbour budget</title></head><body><article><h1>Harbour budget</h1>${parts.join('\n')}</article></body></html>`;
}

describe('page pool', () => {
  let pool: PagePool;
  beforeAll(() => {
    pool = createPagePool({ threads: 2 });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('reads our pages exactly as the main thread does, failures included', async () => {
    const inPool = await Promise.all(PAGES.map((p) => outcome(() => pool.understand(taskOf(p)))));
    const inThread = await Promise.all(PAGES.map((p) => outcome(() => understandBody(taskOf(p)))));
    expect(inPool).toStrictEqual(inThread);
    // The comparison covers each path, not only successes.
    const byName = new Map(PAGES.map((p, i) => [p.name, inPool[i] as { ok?: { basis: string; summary: string[]; lang?: string }; error?: string }]));
    expect(byName.get('e2e/japan-port-deal.html')?.ok?.basis).toBe('page');
    expect(byName.get('e2e/japan-port-deal.html')?.ok?.summary.length).toBeGreaterThan(0);
    expect(byName.get('paywalled.html')?.ok?.basis ?? byName.get('paywalled.html')?.error).toMatch(/preview|paywalled/);
    expect(byName.get('link-index.html')?.error).toBeDefined();
    expect(byName.get('japanese-shift-jis.html')?.ok?.lang).toBe('ja');
  });

  it('gives summarizeUrl and enrichArticle the same answers with or without a pool', async () => {
    const web = await LocalWebServer.start();
    try {
      for (const p of PAGES) web.route(`/${p.name}`, { body: p.body, contentType: p.contentType });
      const fetch = { allowPrivate: true, timeoutMs: 5_000 };
      for (const p of PAGES) {
        const url = web.url(`/${p.name}`);
        expect(await outcome(() => summarizeUrl(url, { fetch, sentences: 3, pages: pool }))).toStrictEqual(await outcome(() => summarizeUrl(url, { fetch, sentences: 3 })));
      }
      const article: Article = {
        id: 'a1',
        url: web.url('/e2e/garden-show.html'),
        canonicalUrl: web.url('/e2e/garden-show.html'),
        title: 'Garden show',
        published: new Date(0).toISOString(),
        text: 'The feed says little.',
        categories: [],
        source: { name: 'Local', feedUrl: web.url('/feed.xml') },
      };
      web.route('/e2e/garden-show.html', { body: fixtureBytes('pages/e2e/garden-show.html'), contentType: HTML });
      const pooled = await enrichArticle(article, { fetch, sentences: 3, pages: pool });
      expect(pooled).toStrictEqual(await enrichArticle(article, { fetch, sentences: 3 }));
      expect(pooled.basis).toBe('page');
    } finally {
      await web.close();
    }
  });

  it('sizes itself to the machine: both cores of two, all but one from three on, never none', () => {
    expect([1, 2, 3, 4, 8].map(pageThreadsFor)).toEqual([1, 2, 2, 3, 7]);
    expect(pageThreadsFor(0)).toBe(1);
  });
});

describe('a page that takes too long', () => {
  it('is abandoned at the deadline while other pages complete, and the pool keeps reading', async () => {
    const deadlineMs = 1_500;
    const pool = createPagePool({ threads: 2, deadlineMs });
    try {
      // Both threads loaded, so the deadline below measures reading, not a thread's start-up.
      await Promise.all([pool.understand(taskOf(PAGES[0]!)), pool.understand(taskOf(PAGES[1]!))]);
      // About 8 MB: reading it takes around ten seconds on this machine, far past the deadline.
      const huge: PageTask = { body: Buffer.from(hugeArticle(20_000)), contentType: HTML, url: 'http://news.test/huge', sentences: 3 };
      const started = performance.now();
      const slow = pool.understand(huge).then(
        () => ({ done: performance.now() - started }),
        (err: unknown) => ({ err, at: performance.now() - started }),
      );
      const others = await Promise.all(PAGES.map((p) => outcome(() => pool.understand(taskOf(p)))));
      const expected = await Promise.all(PAGES.map((p) => outcome(() => understandBody(taskOf(p)))));
      expect(others).toStrictEqual(expected);

      const result = await slow;
      expect(result).not.toHaveProperty('done');
      const { err, at } = result as { err: unknown; at: number };
      expect(err).toBeInstanceOf(EnrichError);
      expect((err as EnrichError).kind).toBe('too-slow');
      expect(at).toBeGreaterThanOrEqual(deadlineMs - 50);
      expect(at).toBeLessThan(deadlineMs + 3_000);

      // The abandoned thread was replaced: two pages at once are still read.
      const again = await Promise.all([pool.understand(taskOf(PAGES[0]!)), pool.understand(taskOf(PAGES[2]!))]);
      expect(again.map((i) => i.basis)).toEqual(['page', 'page']);
    } finally {
      await pool.close();
    }
  });

  it('falls back to the feed text in an alert', async () => {
    const web = await LocalWebServer.start();
    const pool = createPagePool({ threads: 1, deadlineMs: 1_000 });
    try {
      web.route('/huge', { body: hugeArticle(20_000), contentType: HTML });
      const article: Article = {
        id: 'h1',
        url: web.url('/huge'),
        canonicalUrl: web.url('/huge'),
        title: 'Harbour budget agreed',
        published: new Date(0).toISOString(),
        text: 'The harbour council agreed its budget on Monday after a long debate.\n\nFerry fares stay the same next year.',
        categories: [],
        source: { name: 'Port Weekly', feedUrl: web.url('/feed.xml') },
      };
      const insight = await enrichArticle(article, { fetch: { allowPrivate: true, timeoutMs: 5_000, maxBytes: 20 * 1024 * 1024 }, sentences: 3, pages: pool });
      expect(insight.basis).toBe('feed');
      expect(insight.summary.join(' ')).toContain('The harbour council agreed its budget');
      expect(insight.fallbackReason).toMatch(/took longer than 1 s/);
    } finally {
      await pool.close();
      await web.close();
    }
  });
});

describe('a member waiting', () => {
  it("is read before the poll's pages that were waiting already", async () => {
    const pool = createPagePool({ threads: 1 });
    try {
      await pool.understand(taskOf(PAGES[0]!)); // the thread is up
      const order: string[] = [];
      const read = (name: string, task: PageTask) => pool.understand(task).then(() => order.push(name));
      // The thread is busy with a long page; three of the poll's pages wait, then a member asks.
      const busy = read('long page', { body: Buffer.from(hugeArticle(1_500)), contentType: HTML, url: 'http://news.test/long', sentences: 3 });
      const background = [1, 2, 3].map((i) => read(`poll page ${i}`, taskOf(PAGES[i]!)));
      const member = read('member', { ...taskOf(PAGES[0]!), urgent: true });
      await Promise.all([busy, ...background, member]);
      expect(order).toEqual(['long page', 'member', 'poll page 1', 'poll page 2', 'poll page 3']);
    } finally {
      await pool.close();
    }
  });
});

describe('closing', () => {
  it('lets a page being read finish and refuses new ones', async () => {
    const pool = createPagePool({ threads: 1 });
    await pool.understand(taskOf(PAGES[2]!)); // the thread is up
    const reading = pool.understand(taskOf(PAGES[0]!));
    const waiting = pool.understand(taskOf(PAGES[1]!)).then(
      () => 'read',
      (err: Error) => err.message,
    );
    await pool.close();
    expect((await reading).basis).toBe('page');
    expect(await waiting).toMatch(/closed/);
    await expect(pool.understand(taskOf(PAGES[0]!))).rejects.toThrow(/closed/);
  });
});
