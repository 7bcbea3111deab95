import Parser from 'rss-parser';

/** A feed as rss-parser reads it, reduced to the fields the pipeline uses. */
export interface ParsedFeed {
  title?: string;
  link?: string;
  items: FeedItem[];
}

export interface FeedItem {
  guid?: string;
  link?: string;
  title?: string;
  pubDate?: string;
  isoDate?: string;
  /** Plain-ish description (RSS description / Atom summary). */
  summary?: string;
  /** Full HTML content (content:encoded, Atom content). */
  content?: string;
  creator?: string;
  categories: string[];
  image?: string;
}

export class FeedParseError extends Error {
  override name = 'FeedParseError';
  constructor(
    readonly kind: 'not-a-feed' | 'malformed' | 'empty',
    message: string,
  ) {
    super(message);
  }
}

/** Items past this many are the feed's archive, not its news; reading them costs memory for nothing. */
export const MAX_ITEMS_PER_FEED = 500;
const MAX_FIELD_CHARS = 100_000;

type RawItem = Record<string, unknown>;

const parser = new Parser<Record<string, unknown>, RawItem>({
  // <rss> without a version attribute is common in the wild; read it as RSS 2.0.
  defaultRSS: 2,
  customFields: {
    item: [
      ['media:content', 'mediaContent', { keepArray: true }],
      ['media:thumbnail', 'mediaThumbnail', { keepArray: true }],
      ['media:group', 'mediaGroup', { keepArray: true }],
      ['category', 'atomCategory', { keepArray: true }],
      ['dc:subject', 'dcSubject', { keepArray: true }],
    ],
  },
});

/**
 * Parses RSS 0.9x/1.0/2.0 or Atom text. Feeds in the wild often carry bare ampersands or junk before the
 * XML declaration; those get one repair attempt before the feed is declared malformed.
 */
export async function parseFeed(xml: string): Promise<ParsedFeed> {
  let text = xml.replace(/^\uFEFF/, '').trimStart();
  if (!text) throw new FeedParseError('empty', 'The feed is empty.');
  if (!text.startsWith('<')) throw new FeedParseError('not-a-feed', 'This is not a feed: it is not XML.');
  if (!hasRootElement(text)) throw new FeedParseError('empty', 'The feed has no content (no XML element at all).');
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype html|<html[\s>])/i.test(text)) {
    // Some sites serve their Atom feed wrapped in an XHTML page; anything else shaped like a page is one.
    const embedded = embeddedFeed(text);
    if (!embedded) throw new FeedParseError('not-a-feed', 'This is a web page, not a feed.');
    text = embedded;
  }
  text = unprefixAtom(text);
  // An <rss> with no <channel> is a well-formed feed with nothing in it (rss-parser would trip over it).
  if (/<rss[\s>]/i.test(text) && !/<channel[\s>]/i.test(text)) return { items: [] };
  let raw: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    raw = await settled(parser.parseString(text));
  } catch (first) {
    const repaired = repairXml(text);
    try {
      if (repaired === text) throw first;
      raw = await settled(parser.parseString(repaired));
    } catch (err) {
      throw describeParseError(err);
    }
  }
  const items = (raw.items ?? []).slice(0, MAX_ITEMS_PER_FEED).map(toFeedItem);
  return { title: clip(asText(raw.title)), link: asText(raw.link), items };
}

/** True when the document holds an element after its prolog, comments and doctype. */
function hasRootElement(text: string): boolean {
  const body = text
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i, '');
  return /<[A-Za-z_]/.test(body);
}

/** The <feed> or <rss> element inside a page, as a document of its own. */
function embeddedFeed(page: string): string | undefined {
  for (const [open, close] of [
    [/<feed[\s>]/i, '</feed>'],
    [/<rss[\s>]/i, '</rss>'],
  ] as const) {
    const start = page.search(open);
    const end = page.lastIndexOf(close);
    if (start >= 0 && end > start) return page.slice(start, end + close.length);
  }
  return undefined;
}

const ATOM_NS = 'http://www.w3.org/2005/Atom';

/**
 * Atom with a namespace prefix (<a:feed xmlns:a="…/Atom">, or entries written as <p0:entry>) is valid but
 * rss-parser reads only unprefixed names; in an Atom document those prefixes carry no other meaning.
 */
function unprefixAtom(text: string): string {
  const head = text.slice(0, 4096);
  const root = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>]/.exec(head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''));
  if (!root || root[2] !== 'feed') return text;
  const prefixes = [...text.matchAll(/xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']+)["']/g)].filter((m) => m[2] === ATOM_NS).map((m) => m[1]!);
  let out = text;
  for (const prefix of new Set(prefixes)) {
    const escaped = prefix.replace(/[.-]/g, '\\$&');
    out = out.replace(new RegExp(`<(/?)${escaped}:`, 'g'), '<$1');
  }
  return out;
}

/**
 * xml2js reports through a callback that, for some inputs, never comes; the parse itself is synchronous,
 * so a result that has not arrived by the next macrotask never will.
 */
async function settled<T>(parse: Promise<T>): Promise<T> {
  const never = Symbol('unsettled');
  const result = await Promise.race([parse, new Promise<typeof never>((resolve) => setTimeout(() => resolve(never), 0))]);
  if (result === never) throw new Error('the XML parser gave no result');
  return result as T;
}

function repairXml(text: string): string {
  return text
    .replace(/&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what XML forbids and feeds contain
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

function describeParseError(err: unknown): FeedParseError {
  const message = err instanceof Error ? err.message : String(err);
  if (/not recognized as RSS/i.test(message)) {
    return new FeedParseError('not-a-feed', 'This XML is not an RSS or Atom feed.');
  }
  const where = /Line:\s*(\d+)/i.exec(message)?.[1];
  const what = message.split('\n')[0]?.trim() ?? 'unreadable XML';
  return new FeedParseError('malformed', `The feed's XML is broken${where ? ` near line ${Number(where) + 1}` : ''} (${what}).`);
}

function toFeedItem(item: RawItem): FeedItem {
  const guid = asText(item.guid) ?? asText(item.id) ?? asText(item['rdf:about']);
  const summary = asText(item.summary) ?? asText(item.content);
  const encoded = asText(item['content:encoded']);
  const content = encoded ?? (asText(item.summary) ? asText(item.content) : undefined);
  return {
    guid: clip(guid),
    link: clip(asText(item.link)),
    title: clip(asText(item.title)),
    pubDate: asText(item.pubDate) ?? asText(item.date) ?? asText(item['dc:date']),
    isoDate: asText(item.isoDate),
    summary: clip(summary),
    content: clip(content),
    creator: clip(asText(item.creator) ?? asText(item.author) ?? asText(item['dc:creator'])),
    categories: collectCategories(item),
    image: findImage(item),
  };
}

function collectCategories(item: RawItem): string[] {
  const out = new Set<string>();
  for (const source of [item.categories, item.atomCategory, item.dcSubject]) {
    if (!Array.isArray(source)) continue;
    for (const c of source) {
      const text = asText(c) ?? asText((c as { $?: { term?: unknown } })?.$?.term);
      if (text) out.add(text.trim().slice(0, 100));
    }
  }
  return [...out].slice(0, 30);
}

function findImage(item: RawItem): string | undefined {
  const enclosure = item.enclosure as { url?: string; type?: string } | undefined;
  if (enclosure?.url && (!enclosure.type || enclosure.type.startsWith('image/'))) return enclosure.url;
  const candidates: unknown[] = [
    ...asArray(item.mediaContent),
    ...asArray(item.mediaThumbnail),
    ...asArray(item.mediaGroup).flatMap((g) => [
      ...asArray((g as Record<string, unknown>)['media:content']),
      ...asArray((g as Record<string, unknown>)['media:thumbnail']),
    ]),
  ];
  for (const c of candidates) {
    const attrs = (c as { $?: { url?: string; medium?: string; type?: string } })?.$;
    if (attrs?.url && (!attrs.medium || attrs.medium === 'image') && (!attrs.type || attrs.type.startsWith('image/'))) {
      return attrs.url;
    }
  }
  return undefined;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

/** rss-parser hands back strings, `{_: text, $: attrs}` objects or one-element arrays depending on the XML. */
function asText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return asText(v[0]);
  if (typeof v === 'object') {
    const o = v as { _?: unknown; $?: { href?: unknown } };
    if (o._ !== undefined) return asText(o._);
    if (o.$?.href !== undefined) return asText(o.$.href);
  }
  return undefined;
}

function clip(s: string | undefined): string | undefined {
  return s && s.length > MAX_FIELD_CHARS ? s.slice(0, MAX_FIELD_CHARS) : s;
}
