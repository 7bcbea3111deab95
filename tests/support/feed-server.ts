import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import zlib from 'node:zlib';

/** What a route answers: a static document (with conditional-GET support) or a custom handler. */
export interface StaticRoute {
  body: string | Buffer;
  contentType?: string;
  status?: number;
  /** Enables ETag / If-None-Match handling. */
  etag?: string;
  lastModified?: string;
  encoding?: 'gzip' | 'deflate' | 'br';
  headers?: Record<string, string>;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A real HTTP server on 127.0.0.1 serving feeds and pages that tests define, counting every request so tests
 * can assert "fetched once" and "answered 304".
 */
export class LocalWebServer {
  private readonly routes = new Map<string, StaticRoute | RouteHandler>();
  private readonly sockets = new Set<Socket>();
  readonly hits = new Map<string, number>();
  readonly requests: { path: string; headers: IncomingMessage['headers']; status?: number }[] = [];
  /** Emits 'request' with the path of every request, so tests wait for events instead of sleeping. */
  readonly requestsEvents = new EventEmitter();
  private server!: Server;
  baseUrl = '';

  /** `host` may be another loopback address (127.0.0.2) so a test can stand it in for a public site. */
  static async start(host = '127.0.0.1'): Promise<LocalWebServer> {
    const s = new LocalWebServer();
    await s.listen(host);
    return s;
  }

  private listen(host: string): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return new Promise((resolve) => {
      this.server.listen(0, host, () => {
        const { port } = this.server.address() as AddressInfo;
        this.baseUrl = `http://${host}:${port}`;
        resolve();
      });
    });
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  route(path: string, route: StaticRoute | RouteHandler): this {
    this.routes.set(path, route);
    return this;
  }

  hitCount(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
    const record: (typeof this.requests)[number] = { path, headers: req.headers };
    this.requests.push(record);
    this.requestsEvents.emit('request', path);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    const route = this.routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') {
      route(req, res);
      return;
    }
    const headers: Record<string, string> = { 'content-type': route.contentType ?? 'application/rss+xml; charset=utf-8', ...route.headers };
    if (route.etag) headers.etag = route.etag;
    if (route.lastModified) headers['last-modified'] = route.lastModified;
    const notModified =
      (route.etag && req.headers['if-none-match'] === route.etag) ||
      (route.lastModified && !route.etag && req.headers['if-modified-since'] === route.lastModified);
    if (notModified) {
      res.writeHead(304, headers).end();
      return;
    }
    let body = typeof route.body === 'string' ? Buffer.from(route.body) : route.body;
    if (route.encoding === 'gzip') body = zlib.gzipSync(body);
    if (route.encoding === 'deflate') body = zlib.deflateSync(body);
    if (route.encoding === 'br') body = zlib.brotliCompressSync(body);
    if (route.encoding) headers['content-encoding'] = route.encoding;
    headers['content-length'] = String(body.length);
    res.writeHead(route.status ?? 200, headers).end(body);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
