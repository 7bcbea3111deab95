import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrichError, summarizeUrl } from '../../src/news/enrich.ts';
import { FetchError, fetchUrl, isPublicAddress } from '../../src/news/http/fetch.ts';
import { LocalWebServer } from '../support/feed-server.ts';

// 127.0.0.2 stands in for "a public site" (isPublic below); everything else keeps the real rules.
const PUBLIC_STAND_IN = '127.0.0.2';
const isPublic = (address: string) => address === PUBLIC_STAND_IN || isPublicAddress(address);
/** A resolver for names that cannot be looked up here: evil.example points at loopback, as a hostile DNS would. */
const lookup = ((host: string, _opts: object, cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => {
  const table: Record<string, string> = { 'evil.example': '127.0.0.1', 'metadata.example': '169.254.169.254', 'site.example': PUBLIC_STAND_IN };
  const address = table[host];
  if (!address) return cb(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
  cb(null, [{ address, family: 4 }]);
}) as never;

let site: LocalWebServer;
let inside: LocalWebServer;
const opts = () => ({ allowPrivate: false, isPublic, lookup, timeoutMs: 1_000, maxBytes: 64 * 1024 });

beforeAll(async () => {
  inside = await LocalWebServer.start('127.0.0.1');
  inside.route('/secret', { body: 'internal admin page', contentType: 'text/html' });
  site = await LocalWebServer.start(PUBLIC_STAND_IN);
  site.route('/ok', { body: '<html><body><article><p>Hello there, this is a page.</p></article></body></html>', contentType: 'text/html' });
  const to = (location: string) => (_q: unknown, r: { writeHead(s: number, h: object): { end(): void } }) => r.writeHead(302, { location }).end();
  site.route('/to-loopback', to(`${inside.baseUrl}/secret`) as never);
  site.route('/to-ten', to('http://10.0.0.1/') as never);
  site.route('/to-metadata', to('http://169.254.169.254/latest/meta-data/') as never);
  site.route('/to-v6', to('http://[::1]/') as never);
  site.route('/to-evil-name', to(`http://evil.example:${inside.baseUrl.split(':').pop()}/secret`) as never);
  site.route('/to-file', to('file:///etc/passwd') as never);
  site.route('/forever', (_q, r) => r.writeHead(302, { location: '/forever' }).end());
  site.route('/slow-loris', (_q, r) => {
    r.writeHead(200, { 'content-type': 'text/html' });
    const drip = setInterval(() => r.write(' '), 50);
    r.on('close', () => clearInterval(drip));
  });
  site.route('/huge', (_q, r) => {
    r.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => {
      while (r.write(chunk)) {
        /* keep writing until the socket pushes back */
      }
    };
    r.on('drain', pump);
    pump();
  });
  site.route('/binary', { body: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), contentType: 'text/html' });
  site.route('/pdf', { body: '%PDF-1.7 …', contentType: 'application/pdf' });
});
afterAll(async () => {
  await site.close();
  await inside.close();
});

async function refusal(url: string): Promise<FetchError> {
  const err = await fetchUrl(url, opts()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FetchError);
  return err as FetchError;
}

describe('fetching refuses private and local targets in every spelling', () => {
  it.each(['http://127.0.0.1/', 'http://127.1/', 'http://2130706433/', 'http://0x7f.1/', 'http://0.0.0.0/', 'http://[::ffff:127.0.0.1]/', 'http://[::1]/', 'http://localhost/', 'http://api.localhost/', 'http://10.1.2.3/', 'http://192.168.1.1/', 'http://169.254.169.254/', 'http://[fd00::1]/'])(
    '%s is blocked before any connection',
    async (url) => {
      const err = await refusal(url);
      expect(err.kind).toBe('blocked');
      expect(err.message).toMatch(/private or local address/);
    },
  );

  it.each([
    ['file:///etc/passwd', /Only http and https/],
    ['ftp://files.example/a', /Only http and https/],
    ['data:text/html,<p>x</p>', /Only http and https/],
    ['javascript:alert(1)', /Only http and https/],
    ['http://user:pass@site.example/', /user name or password/],
    ['not a url', /is not a link/],
  ])('%s is refused: %s', async (url, message) => {
    const err = await refusal(url);
    expect(err.kind).toBe('bad-url');
    expect(err.message).toMatch(message);
  });

  it('a name that resolves to a private address is refused by the address actually connected to', async () => {
    const port = inside.baseUrl.split(':').pop();
    const hits = inside.hitCount('/secret');
    const err = await refusal(`http://evil.example:${port}/secret`);
    expect(err.kind).toBe('blocked');
    expect((await refusal('http://metadata.example/')).kind).toBe('blocked');
    expect(inside.hitCount('/secret')).toBe(hits);
  });

  it.each(['/to-loopback', '/to-ten', '/to-metadata', '/to-v6', '/to-evil-name'])('a public page redirecting (%s) to a private address is cut at the redirect', async (path) => {
    const hits = inside.hitCount('/secret');
    const err = await refusal(site.url(path));
    expect(err.kind).toBe('blocked');
    expect(inside.hitCount('/secret')).toBe(hits);
  });

  it('a redirect to file: is refused', async () => {
    expect((await refusal(site.url('/to-file'))).message).toMatch(/Only http and https/);
  });

  it('the stand-in public site itself is readable (the guard is not simply refusing everything)', async () => {
    const res = await fetchUrl(site.url('/ok'), opts());
    expect(res.status).toBe('ok');
  });

  it('endless redirects, a slow-loris server and an endless body are cut with a clear reason', async () => {
    expect((await refusal(site.url('/forever'))).message).toMatch(/Too many redirects/);
    const started = Date.now();
    expect((await refusal(site.url('/slow-loris'))).message).toMatch(/took longer than 1 s/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await refusal(site.url('/huge'))).message).toMatch(/larger than the 64 KB limit/);
  });
});

describe('/summary on content that is not an article', () => {
  const enrich = (path: string) => summarizeUrl(site.url(path), { fetch: opts(), sentences: 3 }).catch((e: unknown) => e);
  it('binary bytes labelled text/html are "not an article", not a crash', async () => {
    const err = await enrich('/binary');
    expect(err).toBeInstanceOf(EnrichError);
    expect((err as EnrichError).kind).toMatch(/not-an-article|empty/);
  });
  it('a PDF is named as such', async () => {
    const err = await enrich('/pdf');
    expect((err as EnrichError).message).toMatch(/PDF document, not an article/);
  });
});
