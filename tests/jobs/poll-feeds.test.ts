import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedPoller, type PollSettings } from '../../src/jobs/poll-feeds.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Store } from '../../src/store/index.ts';
import { LocalWebServer } from '../support/feed-server.ts';
import { fixture } from '../support/fixtures.ts';
import { tempStore } from '../support/temp-store.ts';

const settings: PollSettings = {
  fetch: { allowPrivate: true, timeoutMs: 2_000 },
  concurrency: 4,
  perHostConcurrency: 2,
  lookbackMinutes: 0,
  storyWindowHours: 48,
};

function rss(title: string, items: { id: string; title: string; text?: string; date?: string; link?: string }[]): string {
  const body = items
    .map(
      (i) => `<item><title>${i.title}</title><link>${i.link ?? `https://${title.toLowerCase().replace(/\W+/g, '')}.example/${i.id}`}</link>
      <guid isPermaLink="false">${i.id}</guid><pubDate>${i.date ?? 'Tue, 03 Nov 2026 08:00:00 GMT'}</pubDate>
      <description>${i.text ?? `${i.title} — details of the story follow in the full article on the site.`}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://site.example/</link>${body}</channel></rss>`;
}

let web: LocalWebServer;
let env: Awaited<ReturnType<typeof tempStore>>;
let clock: Date;
const now = () => clock;

beforeEach(async () => {
  web = await LocalWebServer.start();
  env = await tempStore();
  clock = new Date('2026-11-03T12:00:00Z');
});
afterEach(async () => {
  await web.close();
  await env.cleanup();
});

const poller = (store: Store = env.store) => new FeedPoller({ store, log: silentLogger(), now, settings });
const add = (store: Store, path: string) => store.feeds.ensure(web.url(path), clock);
const titles = (r: Awaited<ReturnType<FeedPoller['poll']>>) => r.newArticles.map((n) => n.article.title);

describe('FeedPoller', () => {
  it('marks a new feed backlog as seen, alerts only items that appear later, and nothing again after a restart', async () => {
    let items = [
      { id: 'a1', title: 'Old story one about harbour dredging' },
      { id: 'a2', title: 'Old story two about the bridge tolls' },
    ];
    web.route('/feed.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Ledger', items)));
    await add(env.store, '/feed.xml');
    const p = poller();
    const first = await p.poll();
    expect(first.feeds[0]!.status).toBe('new-feed');
    expect(first.newArticles).toEqual([]);

    items = [{ id: 'a3', title: 'Fresh story about a ferry strike' }, ...items];
    clock = new Date('2026-11-03T12:05:00Z');
    expect(titles(await p.poll())).toEqual(['Fresh story about a ferry strike']);
    expect(titles(await p.poll())).toEqual([]);

    const restarted = poller(await env.reopen());
    expect(titles(await restarted.poll())).toEqual([]);
  });

  it('lets items inside the configured look-back through on a new feed', async () => {
    web.route('/feed.xml', {
      body: rss('Ledger', [
        { id: 'recent', title: 'Published twenty minutes ago', date: 'Tue, 03 Nov 2026 11:40:00 GMT' },
        { id: 'old', title: 'Published yesterday morning', date: 'Mon, 02 Nov 2026 08:00:00 GMT' },
      ]),
    });
    await add(env.store, '/feed.xml');
    const p = new FeedPoller({ store: env.store, log: silentLogger(), now, settings: { ...settings, lookbackMinutes: 60 } });
    expect(titles(await p.poll())).toEqual(['Published twenty minutes ago']);
  });

  it('uses conditional GET: an unchanged feed is answered 304 and costs no parsing', async () => {
    web.route('/feed.xml', { body: rss('Ledger', [{ id: 'x', title: 'Only story in this feed today' }]), etag: '"abc"' });
    await add(env.store, '/feed.xml');
    const p = poller();
    await p.poll();
    const second = await p.poll();
    expect(second.feeds[0]!.status).toBe('not-modified');
    expect(web.requests.filter((r) => r.path === '/feed.xml').map((r) => r.status)).toEqual([200, 304]);
  });

  it('fetches a URL once per poll however many servers follow it', async () => {
    web.route('/feed.xml', { body: rss('Ledger', [{ id: 'x', title: 'A story' }]) });
    await add(env.store, '/feed.xml');
    await add(env.store, '/feed.xml');
    await poller().poll();
    expect(web.hitCount('/feed.xml')).toBe(1);
  });

  it('clusters the same story from two feeds (same canonical URL, or near-identical title and lead) and alerts it once', async () => {
    const empty = '<rss version="2.0"><channel><title>t</title></channel></rss>';
    web.route('/a.xml', { body: empty }).route('/b.xml', { body: empty });
    await add(env.store, '/a.xml');
    await add(env.store, '/b.xml');
    const p = poller();
    await p.poll(); // both feeds known, with nothing in them yet
    web.route('/a.xml', { body: fixture('feeds/wire-copy-a.xml') }).route('/b.xml', { body: fixture('feeds/wire-copy-b.xml') });
    const fromA = await p.poll([web.url('/a.xml')]);
    const fromB = await p.poll([web.url('/b.xml')]);
    expect(titles(fromA)).toEqual(['Glacier retreat doubles in a decade, alpine survey finds']);
    expect(titles(fromB)).toEqual([]);
    // One copy re-titled by another outlet (near-identical text), one syndicated under the original URL.
    expect(fromB.duplicates.map((d) => d.how).sort()).toEqual(['seen', 'similar']);
    const story = await env.store.stories.get(fromA.newArticles[0]!.storyId);
    expect(story?.alsoReportedBy.map((r) => r.source)).toEqual(['Evening Dispatch']);
  });

  it('a failing feed is recorded with its reason, backs off, and never stops the other feeds', async () => {
    web.route('/ok.xml', { body: rss('Ledger', [{ id: 'x', title: 'Working feed story' }]) });
    web.route('/broken.xml', { body: fixture('feeds/truncated.xml') });
    await add(env.store, '/ok.xml');
    await add(env.store, '/broken.xml');
    const p = poller();
    const report = await p.poll();
    const byUrl = Object.fromEntries(report.feeds.map((f) => [f.url, f]));
    expect(byUrl[web.url('/ok.xml')]!.status).toBe('new-feed');
    expect(byUrl[web.url('/broken.xml')]).toMatchObject({ status: 'failed', error: expect.stringMatching(/XML is broken/) });
    const second = await p.poll(); // retried at once after one failure
    expect(second.feeds.find((f) => f.url === web.url('/broken.xml'))!.status).toBe('failed');
    const third = await p.poll(); // now backing off
    expect(third.feeds.find((f) => f.url === web.url('/broken.xml'))!.status).toBe('skipped');
    const record = await env.store.feeds.get(web.url('/broken.xml'));
    expect(record).toMatchObject({ failures: 2, lastError: expect.stringMatching(/XML is broken/), failingSince: '2026-11-03T12:00:00.000Z' });
  });

  it('a failed fetch between two good ones never makes old items look new', async () => {
    let mode: 'ok' | 'down' = 'ok';
    const body = rss('Ledger', [{ id: 'k1', title: 'Story that was there all along' }]);
    web.route('/flaky.xml', (_req, res) => {
      if (mode === 'down') res.writeHead(500).end('oops');
      else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    });
    await add(env.store, '/flaky.xml');
    const p = poller();
    await p.poll();
    mode = 'down';
    await p.poll();
    mode = 'ok';
    expect(titles(await p.poll())).toEqual([]);
    expect((await env.store.feeds.get(web.url('/flaky.xml')))!.failures).toBe(0);
  });

  it('a feed that rewrites every GUID and date at once does not re-alert its items', async () => {
    const stories = ['Budget vote delayed again', 'New tram line opens downtown', 'Museum wins design award', 'Storm closes mountain pass', 'School year to start later', 'Airport adds night flights'];
    let version = 1;
    web.route('/rewrite.xml', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
        rss(
          'Ledger',
          stories.map((t, i) => ({ id: `v${version}-${i}`, title: t, link: `https://ledger.example/v${version}/${i}`, date: version === 1 ? 'Mon, 02 Nov 2026 08:00:00 GMT' : 'Tue, 03 Nov 2026 11:59:00 GMT' })),
        ),
      ),
    );
    await add(env.store, '/rewrite.xml');
    const p = poller();
    await p.poll();
    version = 2;
    expect(titles(await p.poll())).toEqual([]);
  });

  it('a feed that was empty and then publishes many items at once alerts them all (not a rewrite)', async () => {
    let items: { id: string; title: string }[] = [];
    web.route('/burst.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Ledger', items)));
    await add(env.store, '/burst.xml');
    const p = poller();
    await p.poll();
    items = ['Ferry strike ends', 'Tram fares frozen', 'Harbour bridge reopens', 'New mayor sworn in', 'Library gets new wing', 'Port expands terminal'].map((t, i) => ({ id: `b${i}`, title: t }));
    expect(titles(await p.poll())).toHaveLength(6);
  });

  it('two overlapping poll calls run one poll', async () => {
    web.route('/feed.xml', { body: rss('Ledger', [{ id: 'x', title: 'A story' }]) });
    await add(env.store, '/feed.xml');
    const p = poller();
    const [a, b] = await Promise.all([p.poll(), p.poll()]);
    expect(a).toBe(b);
    expect(web.hitCount('/feed.xml')).toBe(1);
  });
});
