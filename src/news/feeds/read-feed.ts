import type { Article } from '../article.ts';
import { decodeBody } from '../http/charset.ts';
import { fetchUrl, type FetchOptions } from '../http/fetch.ts';
import { normalizeFeed } from './normalize.ts';
import { parseFeed } from './parse-feed.ts';

export type FeedReadResult =
  | { status: 'not-modified'; url: string }
  | { status: 'ok'; url: string; title?: string; link?: string; articles: Article[]; etag?: string; lastModified?: string };

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/**
 * Fetch → decode → parse → normalize for one feed URL. A 304 answer stops before any parsing.
 * Throws FetchError or FeedParseError, each with a message fit for an admin.
 */
export async function readFeed(
  url: string,
  opts: Partial<FetchOptions> & { now: Date },
): Promise<FeedReadResult> {
  const res = await fetchUrl(url, { ...opts, accept: FEED_ACCEPT });
  if (res.status === 'not-modified') return { status: 'not-modified', url };
  const { text } = decodeBody(res.body, res.contentType);
  const feed = await parseFeed(text);
  // Items are identified relative to the URL the feed is followed under, not where a redirect landed.
  const articles = normalizeFeed(feed, { feedUrl: url, now: opts.now });
  return { status: 'ok', url: res.url, title: feed.title, link: feed.link, articles, etag: res.etag, lastModified: res.lastModified };
}

/** Reads a feed from text already in hand (a file for the CLI, a test fixture). */
export async function readFeedText(text: string, feedUrl: string, now: Date): Promise<{ title?: string; articles: Article[] }> {
  const feed = await parseFeed(text);
  return { title: feed.title, articles: normalizeFeed(feed, { feedUrl, now }) };
}
