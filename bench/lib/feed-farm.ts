/**
 * Many generated RSS feeds behind one HTTP request handler with ETag support, listening on several loopback
 * addresses (127.0.0.1, 127.0.0.2, …) so the poller sees several hosts and its per-host limit applies as it
 * would across real sites. Feeds change only when the benchmark says so; every request is counted by status.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { makeParagraphs, makeTitle, rng, rssXml, articleHtml, type NewsItem } from './synthetic-news.ts';

interface FeedState {
  index: number;
  host: string;
  /** Number of the newest item; the feed shows the `itemsPerFeed` newest. */
  latest: number;
  etag: string;
  body: Buffer;
}

export interface FarmOptions {
  feeds: number;
  itemsPerFeed: number;
  hosts: number;
  /** Share of items whose title carries a topic phrase (Japan, crypto, AI …). */
  topical?: number;
  seed?: number;
}

export class FeedFarm {
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly feeds: FeedState[] = [];
  private readonly titles = new Map<string, string>();
  /** When each item first appeared; fixed from then on, as a real feed's dates are. */
  private readonly dates = new Map<string, Date>();
  readonly statusCounts = new Map<number, number>();
  requests = 0;

  private constructor(private readonly opts: FarmOptions) {}

  static async start(opts: FarmOptions): Promise<FeedFarm> {
    const farm = new FeedFarm(opts);
    await farm.listen();
    farm.build();
    return farm;
  }

  private async listen(): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    for (let h = 0; h < this.opts.hosts; h++) {
      const server = createServer(handler);
      server.keepAliveTimeout = 1_000;
      server.on('connection', (s) => {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
      });
      await new Promise<void>((resolve) => server.listen(0, `127.0.0.${h + 1}`, () => resolve()));
      this.servers.push(server);
    }
  }

  private build(): void {
    for (let i = 0; i < this.opts.feeds; i++) {
      const server = this.servers[i % this.servers.length]!;
      const { address, port } = server.address() as AddressInfo;
      const feed: FeedState = { index: i, host: `http://${address}:${port}`, latest: this.opts.itemsPerFeed, etag: '', body: Buffer.alloc(0) };
      this.render(feed);
      this.feeds.push(feed);
    }
  }

  /** Titles are a pure function of (feed, item number), so re-rendering a feed keeps its old items intact. */
  private title(feed: number, n: number): string {
    const key = `${feed}:${n}`;
    let t = this.titles.get(key);
    if (!t) {
      const random = rng((this.opts.seed ?? 1) * 1_000_003 + feed * 10_007 + n);
      t = makeTitle(random, this.opts.topical ?? 0.5);
      // Feed and item number keep every headline distinct, so dedupe does not merge unrelated items.
      t = `${t} (${feed}-${n})`;
      this.titles.set(key, t);
    }
    return t;
  }

  /** The first items are spread over the minutes before start-up; items published later are dated then. */
  private dateOf(feed: FeedState, n: number): Date {
    const key = `${feed.index}:${n}`;
    let d = this.dates.get(key);
    if (!d) {
      d = new Date(Date.now() - Math.max(0, this.opts.itemsPerFeed - n) * 60_000);
      this.dates.set(key, d);
    }
    return d;
  }

  private render(feed: FeedState): void {
    const items: NewsItem[] = [];
    for (let n = feed.latest; n > Math.max(0, feed.latest - this.opts.itemsPerFeed); n--) {
      const title = this.title(feed.index, n);
      items.push({
        id: `feed-${feed.index}-item-${n}`,
        title,
        link: `${feed.host}/article/${feed.index}/${n}`,
        published: this.dateOf(feed, n),
        description: makeParagraphs(title, rng(feed.index * 7_919 + n), 3).join(' '),
      });
    }
    feed.etag = `"f${feed.index}-v${feed.latest}"`;
    feed.body = Buffer.from(rssXml(`Generated Wire ${feed.index}`, `${feed.host}/`, items));
  }

  get urls(): string[] {
    return this.feeds.map((f) => this.urlOf(f.index));
  }

  urlOf(index: number): string {
    const f = this.feeds[index]!;
    return `${f.host}/feed/${f.index}.xml`;
  }

  /** Publishes `newItems` new items in each of the given feeds (new ETag, dated now). */
  publish(indexes: number[], newItems: number): void {
    for (const i of indexes) {
      const feed = this.feeds[i]!;
      feed.latest += newItems;
      this.render(feed);
    }
  }

  resetCounts(): void {
    this.requests = 0;
    this.statusCounts.clear();
  }

  private count(status: number): void {
    this.requests++;
    this.statusCounts.set(status, (this.statusCounts.get(status) ?? 0) + 1);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!;
    const feedMatch = /^\/feed\/(\d+)\.xml$/.exec(path);
    if (feedMatch) {
      const feed = this.feeds[Number(feedMatch[1])];
      if (!feed) return this.reply(res, 404, 'text/plain', 'no such feed');
      if (req.headers['if-none-match'] === feed.etag) {
        this.count(304);
        res.writeHead(304, { etag: feed.etag }).end();
        return;
      }
      this.count(200);
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: feed.etag, 'content-length': String(feed.body.length) }).end(feed.body);
      return;
    }
    const articleMatch = /^\/article\/(\d+)\/(\d+)$/.exec(path);
    if (articleMatch) {
      const [feed, n] = [Number(articleMatch[1]), Number(articleMatch[2])];
      const title = this.title(feed, n);
      const html = articleHtml(title, makeParagraphs(title, rng(feed * 7_919 + n)), `Generated Wire ${feed}`);
      return this.reply(res, 200, 'text/html; charset=utf-8', html);
    }
    this.reply(res, 404, 'text/plain', 'not found');
  }

  private reply(res: ServerResponse, status: number, type: string, body: string): void {
    this.count(status);
    res.writeHead(status, { 'content-type': type }).end(body);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
