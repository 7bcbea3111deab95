import { decodeBody } from '../http/charset.ts';
import { fetchUrl, type FetchOptions } from '../http/fetch.ts';
import { FeedParseError } from './parse-feed.ts';
import { readFeed, type FeedReadResult } from './read-feed.ts';

/**
 * Accepts a feed URL or a site URL: a site page is searched for <link rel="alternate"> feed links (the way
 * browsers and feed readers discover feeds), and the first that reads as a feed wins.
 */
export async function discoverFeed(
  url: string,
  opts: Partial<FetchOptions> & { now: Date },
): Promise<{ feedUrl: string; feed: Extract<FeedReadResult, { status: 'ok' }> }> {
  try {
    const feed = await readFeed(url, opts);
    if (feed.status === 'ok') return { feedUrl: url, feed };
  } catch (err) {
    if (!(err instanceof FeedParseError) || err.kind !== 'not-a-feed') throw err;
  }
  const page = await fetchUrl(url, { ...opts, accept: 'text/html' });
  if (page.status !== 'ok') throw new FeedParseError('not-a-feed', 'This page is not a feed.');
  const candidates = feedLinks(decodeBody(page.body, page.contentType).text, page.url);
  if (candidates.length === 0) {
    throw new FeedParseError('not-a-feed', 'This page is not a feed and does not link to one. Look for an RSS or Atom link on the site.');
  }
  let lastError: unknown;
  for (const candidate of candidates.slice(0, 3)) {
    try {
      const feed = await readFeed(candidate, opts);
      if (feed.status === 'ok') return { feedUrl: candidate, feed };
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError instanceof Error ? lastError : new FeedParseError('not-a-feed', 'The feeds this page links to could not be read.');
}

/** Feed links a page declares in its head, absolute, RSS before Atom before others. */
export function feedLinks(html: string, base: string): string[] {
  const out: { url: string; rank: number }[] = [];
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1]?.trim();
    if (!/\balternate\b/i.test(attr('rel') ?? '')) continue;
    const type = (attr('type') ?? '').toLowerCase();
    const rank = type.includes('rss') ? 0 : type.includes('atom') ? 1 : type.includes('feed+json') || type.includes('rdf') ? 2 : -1;
    const href = attr('href');
    if (rank < 0 || !href) continue;
    try {
      out.push({ url: new URL(href.replace(/&amp;/g, '&'), base).toString(), rank });
    } catch {
      // an unusable href is skipped; the next candidate may work
    }
  }
  return [...new Set(out.sort((a, b) => a.rank - b.rank).map((c) => c.url))];
}
