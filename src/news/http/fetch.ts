import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import zlib from 'node:zlib';
import ipaddr from 'ipaddr.js';

/**
 * The one HTTP fetcher for feeds and pages: timeouts that also cover slow senders, a cap on the decoded body
 * (so a gzip bomb stops at the cap too), a redirect cap, gzip/deflate/br, conditional GET, and a guard that
 * refuses private, loopback and link-local addresses by checking the address actually connected to.
 */
export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  allowPrivate: boolean;
  userAgent?: string;
  accept?: string;
  etag?: string;
  lastModified?: string;
  /** Name resolution (node:dns lookup by default); every address it returns is vetted before connecting. */
  lookup?: typeof dnsLookup;
  /** Which addresses count as public (isPublicAddress by default); tests use it to stand a loopback alias in for the internet. */
  isPublic?: (address: string) => boolean;
}

export interface FetchedBody {
  status: 'ok';
  /** The URL after redirects. */
  url: string;
  httpStatus: number;
  contentType: string;
  body: Buffer;
  etag?: string;
  lastModified?: string;
  /** The Content-Location header: the document's own URL, which may differ from the one asked for. */
  contentLocation?: string;
}

export interface NotModified {
  status: 'not-modified';
  url: string;
}

export type FetchResult = FetchedBody | NotModified;

export type FetchErrorKind = 'bad-url' | 'blocked' | 'timeout' | 'too-large' | 'redirects' | 'http' | 'network';

/** A fetch failure with a sentence fit to show a person. */
export class FetchError extends Error {
  override name = 'FetchError';
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

export const DEFAULT_USER_AGENT = 'newsbot/0.1 (+https://github.com/newsbot; Discord news alerts)';

export const defaultFetchOptions: FetchOptions = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivate: false,
};

/** True for addresses on the public internet; false for private, loopback, link-local, multicast, reserved … */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/** Parses and vets a URL a person or a feed gave us; throws FetchError('bad-url' | 'blocked'). */
export function checkUrl(raw: string, allowPrivate: boolean, isPublic: (address: string) => boolean = isPublicAddress): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new FetchError('bad-url', `"${truncate(raw, 80)}" is not a link (expected something like https://example.com/story).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('bad-url', `Only http and https links can be read, not ${url.protocol.replace(':', '')}: links.`);
  }
  if (url.username || url.password) {
    throw new FetchError('bad-url', 'Links with a user name or password in them are not read.');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate) {
    if (isIP(host) && !isPublic(host)) throw blocked(url);
    if (host === 'localhost' || host.endsWith('.localhost')) throw blocked(url);
  }
  return url;
}

function blocked(url: URL): FetchError {
  return new FetchError('blocked', `${url.hostname} is a private or local address, which the bot does not read.`);
}

function guardedLookup(allowPrivate: boolean, resolve: typeof dnsLookup = dnsLookup, isPublic: (address: string) => boolean = isPublicAddress) {
  return (
    hostname: string,
    options: object,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const usable = allowPrivate ? list : list.filter((a) => isPublic(a.address));
      if (usable.length === 0) {
        const e = new Error(`${hostname} resolves to a private or local address`) as NodeJS.ErrnoException;
        e.code = 'EPRIVATEADDR';
        return callback(e, []);
      }
      if ((options as { all?: boolean }).all) return callback(null, usable);
      const first = usable[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** Fetches a URL, following redirects itself so every hop is vetted. */
export async function fetchUrl(rawUrl: string, options: Partial<FetchOptions> = {}): Promise<FetchResult> {
  const opts = { ...defaultFetchOptions, ...options };
  let url = checkUrl(rawUrl, opts.allowPrivate, opts.isPublic);
  const deadline = Date.now() + opts.timeoutMs;
  for (let hop = 0; ; hop++) {
    const res = await requestOnce(url, opts, deadline);
    if (res.kind === 'redirect') {
      if (hop >= opts.maxRedirects) {
        throw new FetchError('redirects', `Too many redirects (more than ${opts.maxRedirects}) starting at ${rawUrl}.`);
      }
      url = checkUrl(new URL(res.location, url).toString(), opts.allowPrivate, opts.isPublic);
      continue;
    }
    return res.result;
  }
}

type Hop = { kind: 'redirect'; location: string } | { kind: 'done'; result: FetchResult };

function requestOnce(url: URL, opts: FetchOptions, deadline: number): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(timeoutError(opts));
    const headers: Record<string, string> = {
      'user-agent': opts.userAgent ?? DEFAULT_USER_AGENT,
      accept: opts.accept ?? '*/*',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (opts.etag) headers['if-none-match'] = opts.etag;
    if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(err);
    };
    const succeed = (hop: Hop) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(hop);
    };
    // One deadline for the whole exchange: a server that trickles bytes (slow-loris) is cut like a silent one.
    const timer = setTimeout(() => fail(timeoutError(opts)), remaining);
    const req = client.request(
      url,
      { method: 'GET', headers, lookup: guardedLookup(opts.allowPrivate, opts.lookup, opts.isPublic) as never, agent: false },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && status !== 304 && res.headers.location) {
          res.resume();
          return succeed({ kind: 'redirect', location: res.headers.location });
        }
        if (status === 304) {
          res.resume();
          return succeed({ kind: 'done', result: { status: 'not-modified', url: url.toString() } });
        }
        if (status < 200 || status >= 300) {
          res.resume();
          return fail(new FetchError('http', `${url.host} answered HTTP ${status}${res.statusMessage ? ` (${res.statusMessage})` : ''}.`, status));
        }
        const declared = Number(res.headers['content-length']);
        const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
        if (!encoding && Number.isFinite(declared) && declared > opts.maxBytes) {
          fail(tooLarge(opts));
          return res.destroy();
        }
        let stream: NodeJS.ReadableStream = res;
        if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(zlib.createGunzip());
        else if (encoding === 'deflate') stream = res.pipe(zlib.createInflate());
        else if (encoding === 'br') stream = res.pipe(zlib.createBrotliDecompress());
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) {
            // Settle first: destroying the response fires 'aborted', which must not win with a vaguer reason.
            fail(tooLarge(opts));
            return res.destroy();
          }
          chunks.push(chunk);
        });
        stream.on('error', (err: Error) => fail(new FetchError('network', `Could not read the answer from ${url.host}: ${err.message}.`)));
        res.on('aborted', () => fail(new FetchError('network', `${url.host} closed the connection before the answer was complete.`)));
        stream.on('end', () =>
          succeed({
            kind: 'done',
            result: {
              status: 'ok',
              url: url.toString(),
              httpStatus: status,
              contentType: String(res.headers['content-type'] ?? ''),
              body: Buffer.concat(chunks),
              etag: headerValue(res.headers.etag),
              lastModified: headerValue(res.headers['last-modified']),
              contentLocation: headerValue(res.headers['content-location']),
            },
          }),
        );
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => fail(networkError(url, err)));
    req.end();
  });
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v || undefined;
}

function timeoutError(opts: FetchOptions): FetchError {
  return new FetchError('timeout', `The server took longer than ${Math.round(opts.timeoutMs / 100) / 10} s to answer.`);
}

function tooLarge(opts: FetchOptions): FetchError {
  return new FetchError('too-large', `The answer is larger than the ${formatBytes(opts.maxBytes)} limit.`);
}

function networkError(url: URL, err: NodeJS.ErrnoException): FetchError {
  switch (err.code) {
    case 'EPRIVATEADDR':
      return new FetchError('blocked', `${url.hostname} points to a private or local address, which the bot does not read.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new FetchError('network', `The site ${url.hostname} could not be found.`);
    case 'ECONNREFUSED':
      return new FetchError('network', `${url.host} refused the connection.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new FetchError('network', `${url.host} dropped the connection.`);
    default:
      if (err.code?.startsWith('ERR_TLS') || err.code?.includes('CERT')) {
        return new FetchError('network', `${url.host} has an invalid security certificate.`);
      }
      return new FetchError('network', `Could not reach ${url.host} (${err.code ?? err.message}).`);
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 102.4) / 10} MB` : `${Math.round(n / 1024)} KB`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
