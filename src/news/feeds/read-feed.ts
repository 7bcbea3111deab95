import type { Article } from '../article.ts';
import { decodeBody } from '../http/charset.ts';
import { fetchUrl, type FetchOptions } from '../http/fetch.ts';
import { htmlToText } from './html-text.ts';
import { normalizeFeed } from './normalize.ts';
import { parseFeed, recoveryNote, type ParsedFeed } from './parse-feed.ts';

export type FeedReadResult =
  | { status: 'not-modified'; url: string }
  | {
      status: 'ok';
      url: string;
      title?: string;
      link?: string;
      articles: Article[];
      etag?: string;
      lastModified?: string;
      /**
       * Set when the document was broken and its complete items were read anyway: the feed's health for admins
       * ("malformed, 3 items recovered (line 12: the undefined entity &eacute;)"). Undefined for a sound feed.
       */
      health?: string;
    };

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
  // The server's name for the document is the base for its relative links (RFC 3986 §5.1.2), where the feed declares none.
  const documentUrl = res.contentLocation ? absolute(res.contentLocation, res.url) : undefined;
  const feed = await parseFeed(text, { baseUrl: documentUrl ?? res.url });
  // Items are identified relative to the URL the feed is followed under, not where a redirect landed.
  const articles = normalizeFeed(feed, { feedUrl: url, now: opts.now, documentUrl });
  return { status: 'ok', url: res.url, title: titleText(feed), link: feed.link, articles, etag: res.etag, lastModified: res.lastModified, ...health(feed) };
}

/** Reads a feed from text already in hand (a file for the CLI, a test fixture). */
export async function readFeedText(text: string, feedUrl: string, now: Date): Promise<{ title?: string; articles: Article[]; health?: string }> {
  const feed = await parseFeed(text, { baseUrl: feedUrl });
  return { title: titleText(feed), articles: normalizeFeed(feed, { feedUrl, now }), ...health(feed) };
}

function titleText(feed: ParsedFeed): string | undefined {
  return feed.title ? htmlToText(feed.title) || undefined : undefined;
}

function health(feed: ParsedFeed): { health?: string } {
  return feed.recovered ? { health: recoveryNote(feed.recovered) } : {};
}

function absolute(raw: string, base: string): string | undefined {
  try {
    const url = new URL(raw.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
