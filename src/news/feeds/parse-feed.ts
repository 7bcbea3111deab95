import { readTextConstruct, readMediaTitle } from './text-construct.ts';
import { buildXmlTree, child, childElements, children, innerHtml, textOf, type XmlElement, type XmlFault } from './xml-tree.ts';

/** A feed reduced to the fields the pipeline uses. Text fields hold HTML: normalize decodes it exactly once. */
export interface ParsedFeed {
  title?: string;
  link?: string;
  /** The language the feed declares (RSS <language>, dc:language, Atom xml:lang), as written. */
  language?: string;
  items: FeedItem[];
  /** Set when the document was not well-formed XML and its complete items were read anyway. */
  recovered?: Recovery;
}

export interface Recovery {
  /** Complete items read from the broken document. */
  items: number;
  /** Items cut off by the break, left out. */
  incomplete: number;
  /** The first problem, in plain words, with its line. */
  problem: string;
}

export interface FeedItem {
  guid?: string;
  /** Absolute when an xml:base was in scope; otherwise as written, resolved by normalize. */
  link?: string;
  /** HTML. */
  title?: string;
  /** The date the item was first published, as written (pubDate, published, dc:date, Atom 0.3 issued …). */
  published?: string;
  /** The date it was last changed, as written (updated, dcterms:modified, Atom 0.3 modified). */
  updated?: string;
  /** HTML: RSS description, Atom summary. */
  summary?: string;
  /** HTML: content:encoded, Atom content. */
  content?: string;
  creator?: string;
  categories: string[];
  image?: string;
  /**
   * The outlet that wrote the item, when the feed names one per item (RSS `<source url="…">Name</source>`:
   * Google News, Bing News and other aggregators' topic feeds). Absolute URL when it parses as one.
   */
  outlet?: { name?: string; url?: string };
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
const ITEM_NAMES: ReadonlySet<string> = new Set(['item', 'entry']);

export interface ParseOptions {
  /** The document's own URL (HTTP Content-Location, else the URL it was fetched from): what a relative xml:base is relative to. */
  baseUrl?: string;
}

/**
 * Reads RSS 0.9x/1.0/2.0 and Atom 0.3/1.0. A well-formed document is read whole. A broken one (cut off, an
 * undefined entity, a bare "&") is read in recovering mode and only its complete items are kept, with
 * `recovered` saying what was wrong; with no complete item it is refused as malformed.
 */
export async function parseFeed(xml: string, opts: ParseOptions = {}): Promise<ParsedFeed> {
  const text = xml.replace(/^\uFEFF/, '').trimStart();
  if (!text) throw new FeedParseError('empty', 'The feed is empty.');
  if (!text.startsWith('<')) throw new FeedParseError('not-a-feed', 'This is not a feed: it is not XML.');
  if (!hasRootElement(text)) throw new FeedParseError('empty', 'The feed has no content (no XML element at all).');
  if (/<!DOCTYPE[^>[]*\[[\s\S]*?<!ENTITY/i.test(text.slice(0, 65_536))) {
    // Entity declarations are how "billion laughs" and file-reading attacks are written; no feed needs its own.
    throw new FeedParseError('malformed', 'The feed declares its own XML entities (<!ENTITY> in a DOCTYPE), which the bot does not expand.');
  }
  const tree = buildXmlTree(text, { maxRepeats: { names: ITEM_NAMES, limit: MAX_ITEMS_PER_FEED } });
  if (!tree.root) throw new FeedParseError('empty', 'The feed has no content (no XML element at all).');
  const feedElement = findFeedElement(tree.root, text);
  const ctx: ReadContext = { baseUrl: opts.baseUrl, loose: tree.faults.length > 0 };
  const read = readFeedElement(feedElement, ctx);
  if (tree.faults.length === 0) return { ...read.feed, items: read.items.map((i) => i.item) };
  const complete = read.items.filter((i) => i.complete).map((i) => i.item);
  if (complete.length === 0) throw brokenError(tree.faults[0]!, read.items.length);
  return {
    ...read.feed,
    items: complete,
    recovered: { items: complete.length, incomplete: read.items.length - complete.length, problem: describeFault(tree.faults[0]!) },
  };
}

/** The feed's health in the words admins read: "malformed, 3 items recovered (line 12: …)". */
export function recoveryNote(r: Recovery): string {
  const cut = r.incomplete > 0 ? `, ${r.incomplete} cut off` : '';
  return `malformed, ${r.items} item${r.items === 1 ? '' : 's'} recovered${cut} (${r.problem})`;
}

function describeFault(f: XmlFault): string {
  return `line ${f.line}: ${f.what}`;
}

function brokenError(first: XmlFault, incomplete: number): FeedParseError {
  const tail = incomplete > 0 ? `; its ${incomplete === 1 ? 'only item is' : `${incomplete} items are`} cut off` : ' and it has no complete item';
  return new FeedParseError('malformed', `The feed's XML is broken near line ${first.line} (${first.what})${tail}.`);
}

/** True when the document holds an element after its prolog, comments and doctype. */
function hasRootElement(text: string): boolean {
  const body = text
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i, '');
  return /<[A-Za-z_]/.test(body);
}

const PAGE_START = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype html|<html[\s>])/i;

/** The element the feed is: the document's root, or a feed inside a page (some sites wrap their Atom in XHTML). */
function findFeedElement(root: XmlElement, text: string): XmlElement {
  if (root.local === 'html' || PAGE_START.test(text)) {
    const inner = findDescendant(root, (el) => el.local === 'feed' || el.local === 'rss');
    if (!inner) throw new FeedParseError('not-a-feed', 'This is a web page, not a feed.');
    return inner;
  }
  if (root.local === 'rss' || root.local === 'feed' || root.local === 'channel' || (root.local === 'rdf' && (root.ns === 'rdf' || root.ns === ''))) return root;
  // A known vocabulary reads as its usual prefix (atom:, dc:); a namespace URI would only confuse.
  const name = /^[a-z]+$/.test(root.ns) ? `${root.ns}:${root.local}` : root.local;
  throw new FeedParseError('not-a-feed', `This XML is not an RSS or Atom feed: its top element is <${name}>, where a feed has <rss>, <feed> or <rdf:RDF>.`);
}

/** RSS or Atom items anywhere below `root`, not looking inside an item for more. */
function descendants(root: XmlElement, local: 'item' | 'entry'): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = childElements(root).reverse();
  while (stack.length) {
    const el = stack.pop()!;
    if (el.local === local && (el.ns === '' || el.ns === 'atom')) {
      out.push(el);
      continue;
    }
    const kids = childElements(el);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

function findDescendant(root: XmlElement, test: (el: XmlElement) => boolean): XmlElement | undefined {
  const stack = [root];
  while (stack.length) {
    const el = stack.pop()!;
    if (el !== root && test(el)) return el;
    const kids = childElements(el);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return undefined;
}

interface ReadContext {
  baseUrl?: string;
  /**
   * A broken document: an element left open (`<itunes:category>` with no end) swallows what follows, so items
   * are looked for anywhere below the feed, as a browser's recovering parser would still show them.
   */
  loose: boolean;
}

interface ReadResult {
  feed: Omit<ParsedFeed, 'items'>;
  items: { item: FeedItem; complete: boolean }[];
}

function readFeedElement(el: XmlElement, ctx: ReadContext): ReadResult {
  if (el.local === 'feed') return readAtom(el, ctx);
  if (el.local === 'rdf') {
    const channel = child(el, '', 'channel');
    const items = ctx.loose ? descendants(el, 'item') : [...children(el, '', 'item'), ...(channel ? children(channel, '', 'item') : [])];
    if (!channel && items.length === 0) {
      throw new FeedParseError('not-a-feed', 'This RSS 1.0 (RDF) document has no <channel> and no <item>: there is no feed in it.');
    }
    return readRss(channel, items, ctx);
  }
  const channel = el.local === 'channel' ? el : child(el, '', 'channel');
  // Some feeds put their items beside the channel instead of inside it.
  const items = ctx.loose ? descendants(el, 'item') : [...(channel ? children(channel, '', 'item') : []), ...(el !== channel ? children(el, '', 'item') : [])];
  return readRss(channel, items, ctx);
}

// ---- RSS 0.9x, 1.0, 2.0 ----

function readRss(channel: XmlElement | undefined, items: XmlElement[], ctx: ReadContext): ReadResult {
  const feed: Omit<ParsedFeed, 'items'> = {};
  if (channel) {
    feed.title = clip(htmlField(child(channel, '', 'title') ?? child(channel, 'dc', 'title')));
    feed.link = linkText(child(channel, '', 'link'), ctx) ?? atomLink(channel, ctx);
    feed.language = clip(plain(child(channel, '', 'language') ?? child(channel, 'dc', 'language')));
  }
  return { feed, items: items.slice(0, MAX_ITEMS_PER_FEED).map((el) => ({ item: readRssItem(el, ctx), complete: el.complete })) };
}

function readRssItem(el: XmlElement, ctx: ReadContext): FeedItem {
  return {
    guid: clip(plain(child(el, '', 'guid')) ?? el.attrs['rdf:about']?.trim()),
    link: clip(linkText(child(el, '', 'link'), ctx) ?? atomLink(el, ctx)),
    title: clip(htmlField(child(el, '', 'title') ?? child(el, 'dc', 'title')) ?? readMediaTitle(el)),
    published: firstDate(el, [['', 'pubdate'], ['dc', 'date'], ['dcterms', 'issued'], ['dcterms', 'created'], ['dcterms', 'date'], ['atom', 'published']]),
    updated: firstDate(el, [['dcterms', 'modified'], ['atom', 'updated']]),
    summary: clip(htmlField(child(el, '', 'description') ?? child(el, 'dc', 'description'))),
    content: clip(htmlField(child(el, 'content', 'encoded'))),
    creator: clip(plain(child(el, 'dc', 'creator')) ?? plain(child(el, '', 'author')) ?? plain(child(el, 'itunes', 'author'))),
    categories: collectCategories([...children(el, '', 'category'), ...children(el, 'dc', 'subject')]),
    image: findImage(el, ctx),
    outlet: readOutlet(child(el, '', 'source')),
  };
}

function readOutlet(el: XmlElement | undefined): FeedItem['outlet'] {
  if (!el) return undefined;
  const name = clip(plain(el));
  const url = el.attrs.url?.trim();
  return name || url ? { name: name || undefined, url: url && /^https?:\/\//i.test(url) ? url : undefined } : undefined;
}

/** An RSS text element: its character data is HTML (escaped or in CDATA); markup written as elements is kept as markup. */
function htmlField(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  return innerHtml(el, true).trim() || undefined;
}

function linkText(el: XmlElement | undefined, ctx: ReadContext): string | undefined {
  const raw = el && plain(el);
  return raw ? resolve(raw, el, ctx) : undefined;
}

// ---- Atom 1.0 and 0.3 ----

function readAtom(el: XmlElement, ctx: ReadContext): ReadResult {
  const feed: Omit<ParsedFeed, 'items'> = {
    title: clip(textConstruct(atomChild(el, 'title'))),
    link: atomLink(el, ctx),
    language: el.attrs['xml:lang']?.trim() || undefined,
  };
  const entries = (ctx.loose ? descendants(el, 'entry') : [...children(el, 'atom', 'entry'), ...children(el, '', 'entry')]).slice(0, MAX_ITEMS_PER_FEED);
  return { feed, items: entries.map((entry) => ({ item: readAtomEntry(entry, ctx), complete: entry.complete })) };
}

function readAtomEntry(el: XmlElement, ctx: ReadContext): FeedItem {
  const content = atomChild(el, 'content');
  return {
    guid: clip(plain(atomChild(el, 'id'))),
    link: clip(atomLink(el, ctx)),
    title: clip(textConstruct(atomChild(el, 'title')) ?? readMediaTitle(el)),
    published: firstDate(el, [['atom', 'published'], ['', 'published'], ['atom', 'issued'], ['', 'issued'], ['atom', 'created'], ['', 'created'], ['dc', 'date'], ['dcterms', 'issued'], ['dcterms', 'created']]),
    updated: firstDate(el, [['atom', 'updated'], ['', 'updated'], ['atom', 'modified'], ['', 'modified'], ['dcterms', 'modified']]),
    summary: clip(textConstruct(atomChild(el, 'summary'))),
    content: content && content.attrs.src === undefined ? clip(textConstruct(content)) : undefined,
    creator: clip(plain(atomChild(el, 'author') && atomChild(atomChild(el, 'author')!, 'name')) ?? plain(child(el, 'dc', 'creator'))),
    categories: collectCategories([...children(el, 'atom', 'category'), ...children(el, '', 'category'), ...children(el, 'dc', 'subject')]),
    image: findImage(el, ctx),
  };
}

function atomChild(el: XmlElement, local: string): XmlElement | undefined {
  return child(el, 'atom', local) ?? child(el, '', local);
}

function textConstruct(el: XmlElement | undefined): string | undefined {
  return el ? readTextConstruct(el)?.trim() || undefined : undefined;
}

const NOT_THE_PAGE = new Set(['self', 'edit', 'replies', 'enclosure', 'hub', 'next', 'previous', 'first', 'last', 'via', 'license', 'related']);

/**
 * The alternate link: rel="alternate" (or no rel), an HTML one first. Atom 0.3 publishers sometimes wrote the
 * URL as the element's text instead of its href.
 */
function atomLink(el: XmlElement, ctx: ReadContext): string | undefined {
  const links = [...children(el, 'atom', 'link'), ...(el.local === 'feed' || el.local === 'entry' ? children(el, '', 'link') : [])];
  const candidates = links
    .map((link) => ({ link, rel: (link.attrs.rel ?? 'alternate').trim().toLowerCase(), href: link.attrs.href?.trim() || plain(link) }))
    .filter((c) => c.href && !NOT_THE_PAGE.has(c.rel));
  const best = candidates.find((c) => c.rel === 'alternate' && /html/i.test(c.link.attrs.type ?? 'text/html')) ?? candidates.find((c) => c.rel === 'alternate') ?? candidates[0];
  if (best) return resolve(best.href!, best.link, ctx);
  // An entry whose only link is its own "self" document is still better linked there than not at all.
  const self = links.find((l) => l.attrs.rel?.trim().toLowerCase() === 'self' && l.attrs.href?.trim());
  return self && el.local === 'entry' ? resolve(self.attrs.href!.trim(), self, ctx) : undefined;
}

// ---- shared ----

function plain(el: XmlElement | undefined): string | undefined {
  return el ? textOf(el).trim() || undefined : undefined;
}

function firstDate(el: XmlElement, names: [string, string][]): string | undefined {
  for (const [ns, local] of names) {
    const value = plain(child(el, ns, local));
    if (value && value.length < 100) return value;
  }
  return undefined;
}

/**
 * A link as the document means it: resolved against the xml:base in scope (the element's own, its parents',
 * each relative to the one above, the outermost relative to the document's URL). Without any xml:base it is
 * left as written for normalize, which knows the feed's other bases.
 */
function resolve(raw: string, el: XmlElement, ctx: ReadContext): string {
  const bases: string[] = [];
  for (let at: XmlElement | undefined = el; at; at = at.parent) {
    const base = at.attrs['xml:base']?.trim();
    if (base !== undefined) bases.push(base);
  }
  if (bases.length === 0) return raw;
  try {
    let base = ctx.baseUrl;
    for (let i = bases.length - 1; i >= 0; i--) base = new URL(bases[i]!, base).toString();
    return new URL(raw, base).toString();
  } catch {
    return raw;
  }
}

function collectCategories(elements: XmlElement[]): string[] {
  const out = new Set<string>();
  for (const c of elements) {
    // Atom says it with attributes, RSS and Dublin Core with text.
    const value = c.attrs.term?.trim() || c.attrs.label?.trim() || plain(c);
    if (value) out.add(value.slice(0, 100));
  }
  return [...out].slice(0, 30);
}

function findImage(item: XmlElement, ctx: ReadContext): string | undefined {
  const enclosure = child(item, '', 'enclosure');
  const enclosureUrl = enclosure?.attrs.url?.trim();
  if (enclosure && enclosureUrl && (!enclosure.attrs.type || enclosure.attrs.type.startsWith('image/'))) return resolve(enclosureUrl, enclosure, ctx);
  const media = [...children(item, 'media', 'content'), ...children(item, 'media', 'thumbnail')];
  for (const group of children(item, 'media', 'group')) media.push(...children(group, 'media', 'content'), ...children(group, 'media', 'thumbnail'));
  for (const m of media) {
    const url = m.attrs.url?.trim();
    if (url && (!m.attrs.medium || m.attrs.medium === 'image') && (!m.attrs.type || m.attrs.type.startsWith('image/'))) return resolve(url, m, ctx);
  }
  const imageLink = [...children(item, 'atom', 'link'), ...children(item, '', 'link')].find((l) => l.attrs.rel === 'enclosure' && l.attrs.type?.startsWith('image/') && l.attrs.href);
  return imageLink ? resolve(imageLink.attrs.href!.trim(), imageLink, ctx) : undefined;
}

function clip(s: string | undefined): string | undefined {
  return s && s.length > MAX_FIELD_CHARS ? s.slice(0, MAX_FIELD_CHARS) : s;
}
