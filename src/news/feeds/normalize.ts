import type { Article } from '../article.ts';
import { canonicalUrl } from './canonical-url.ts';
import { htmlToText } from './html-text.ts';
import type { FeedItem, ParsedFeed } from './parse-feed.ts';

/** A date this far ahead of our clock is a publisher's error, not a scheduled story. */
const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;
const MAX_TITLE_CHARS = 300;
const MAX_TEXT_CHARS = 20_000;

export interface NormalizeContext {
  feedUrl: string;
  /** When the item is being read: the fallback for missing, unreadable or future dates. */
  now: Date;
  /**
   * The document's own URL as its server named it (HTTP Content-Location): the base for relative links when
   * the feed sets no xml:base.
   */
  documentUrl?: string;
}

/** Every usable item of a feed as an Article; items with neither a link nor a title are skipped. */
export function normalizeFeed(feed: ParsedFeed, ctx: NormalizeContext): Article[] {
  const sourceName = htmlToText(feed.title ?? '') || hostOf(feed.link ?? ctx.feedUrl);
  const out: Article[] = [];
  const ids = new Set<string>();
  for (const item of feed.items) {
    const article = normalizeItem(item, { ...ctx, sourceName, siteUrl: feed.link, lang: feed.language });
    if (!article || ids.has(article.id)) continue;
    ids.add(article.id);
    out.push(article);
  }
  return out;
}

export function normalizeItem(
  item: FeedItem,
  ctx: NormalizeContext & { sourceName: string; siteUrl?: string; lang?: string },
): Article | undefined {
  // Without a declared base, the site's address beats the feed's: feeds on a feeds.* host write links relative to the site.
  const base = ctx.documentUrl ?? (ctx.siteUrl && /^https?:/i.test(ctx.siteUrl) ? ctx.siteUrl : ctx.feedUrl);
  const link = absoluteUrl(item.link, base) ?? (looksLikeUrl(item.guid) ? absoluteUrl(item.guid, base) : undefined);
  const text = htmlToText(item.content ?? item.summary ?? '', { keepParagraphs: true }).slice(0, MAX_TEXT_CHARS);
  let title = htmlToText(item.title ?? '');
  if (!title) title = firstWords(text, 12);
  const outlet = outletName(item.outlet);
  // Aggregators append the outlet to each headline ("Rates rise again - Evening Dispatch"); the alert names
  // the outlet on its own line, so the suffix goes.
  if (outlet && title.length > outlet.length + 3) {
    const suffix = title.slice(-(outlet.length + 3));
    if (/^\s[-–—|]\s/.test(suffix.slice(0, 3)) && suffix.slice(3).toLowerCase() === outlet.toLowerCase()) title = title.slice(0, -(outlet.length + 3)).trimEnd();
  }
  if (!link && !title) return undefined;
  if (title.length > MAX_TITLE_CHARS) title = `${title.slice(0, MAX_TITLE_CHARS - 1).trimEnd()}…`;
  const canonical = link ? canonicalUrl(link) : '';
  return {
    id: articleId(item.guid, canonical, ctx.feedUrl, title),
    url: link ?? ctx.feedUrl,
    canonicalUrl: canonical,
    title,
    published: publishedDate(item, ctx.now),
    text,
    html: item.content,
    categories: item.categories.map((c) => htmlToText(c)).filter(Boolean),
    author: item.creator ? htmlToText(item.creator) || undefined : undefined,
    image: absoluteUrl(item.image, base),
    lang: ctx.lang && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(ctx.lang) ? ctx.lang : undefined,
    // An aggregator's item names its own outlet: that, not the aggregator, is the source a member reads and
    // the outlet a story counts.
    source: outlet ? { name: outlet, feedUrl: ctx.feedUrl, fromItem: true } : { name: ctx.sourceName, feedUrl: ctx.feedUrl },
  };
}

function outletName(outlet: FeedItem['outlet']): string | undefined {
  const name = outlet?.name ? htmlToText(outlet.name).trim() : '';
  if (name) return name.slice(0, 200);
  if (!outlet?.url) return undefined;
  try {
    return new URL(outlet.url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/**
 * The guid when there is one (canonicalised when it is a URL; scoped to the feed when it is an opaque token,
 * since "1234" means different things in different feeds), else the canonical URL.
 */
export function articleId(guid: string | undefined, canonical: string, feedUrl: string, title: string): string {
  const g = guid?.trim();
  if (g && g.length <= 1000) {
    if (looksLikeUrl(g)) return canonicalUrl(g);
    return `${feedUrl}#${g}`;
  }
  if (canonical) return canonical;
  return `${feedUrl}#title:${title.toLowerCase()}`;
}

function publishedDate(item: FeedItem, now: Date): string {
  for (const candidate of [item.published, item.updated]) {
    if (!candidate) continue;
    const t = Date.parse(candidate);
    if (Number.isNaN(t)) continue;
    if (t > now.getTime() + FUTURE_TOLERANCE_MS) return now.toISOString();
    // Dates before the web existed are placeholders (epoch zero and friends), not history.
    if (t < Date.UTC(1990, 0, 1)) continue;
    return new Date(t).toISOString();
  }
  return now.toISOString();
}

function absoluteUrl(raw: string | undefined, base: string): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function looksLikeUrl(s: string | undefined): boolean {
  return !!s && /^https?:\/\//i.test(s.trim());
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

function firstWords(text: string, n: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > n ? `${words.slice(0, n).join(' ')}…` : words.join(' ');
}
