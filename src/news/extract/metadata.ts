/**
 * Page metadata (title, byline, site, date, language, image) from what publishers put in the head:
 * Open Graph, article:*, JSON-LD, <time>, <html lang>. Read before Readability runs, because
 * Readability rewrites the document.
 */
import { ELEMENT_NODE, elementsByTag, normalizeSpace, type DomDocument, type DomElement } from './dom.ts';
import metadataWords from './metadata-words.json' with { type: 'json' };

export interface PageMetadata {
  /** The best headline candidate, site suffix removed. */
  title?: string;
  byline?: string;
  siteName?: string;
  /** ISO 8601. */
  published?: string;
  /** The language the page declares, as written (e.g. "en-US", "ja"). */
  declaredLang?: string;
  image?: string;
  /** JSON-LD says the article is not free to read. */
  notFreeToRead: boolean;
  /** Every headline candidate we saw, for spotting the headline repeated in the body. */
  titleVariants: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every <meta> value by its property/name/itemprop, gathered in one pass: one query per key would rescan the page each time. */
function metaIndex(tags: DomElement[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const el of tags) {
    const value = normalizeSpace(el.getAttribute('content') ?? '');
    if (!value) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      // A property attribute may hold several space-separated names (RDFa).
      for (const key of (el.getAttribute(attr) ?? '').toLowerCase().split(/\s+/)) {
        if (key && !index.has(key)) index.set(key, value);
      }
    }
  }
  return index;
}

function pick(index: Map<string, string>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = index.get(key);
    if (value) return value;
  }
  return undefined;
}

const ARTICLE_TYPES = /^(Article|NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|BlogPosting|LiveBlogPosting|Report|ScholarlyArticle|TechArticle|SocialMediaPosting|WebPage)$/;

/** All JSON-LD objects on the page, flattened out of arrays and @graph. Broken blocks are skipped: publishers ship plenty. */
function jsonLdObjects(scripts: DomElement[]): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  const visit = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      out.push(node);
      if (node['@graph']) visit(node['@graph']);
    }
  };
  for (const script of scripts) {
    // The type is matched as a selector matches it in HTML: without regard to case.
    if (script.getAttribute('type')?.toLowerCase() !== 'application/ld+json') continue;
    const raw = script.textContent ?? '';
    try {
      visit(JSON.parse(raw.replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '')) as Json);
    } catch {
      // Invalid JSON-LD is common; the page's other metadata still counts.
    }
  }
  return out;
}

function types(obj: Record<string, Json>): string[] {
  const t = obj['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

function str(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return normalizeSpace(value) || undefined;
  if (Array.isArray(value)) return str(value[0]);
  if (value && typeof value === 'object') return str(value['name'] ?? value['url'] ?? value['@id']);
  return undefined;
}

function names(value: Json | undefined): string[] {
  if (Array.isArray(value)) return value.flatMap(names);
  const s = value && typeof value === 'object' ? str(value['name']) : str(value);
  return s ? [s] : [];
}

function toIsoDate(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const trimmed = raw.trim();
  // A bare date stays a date in UTC rather than shifting with the machine's zone.
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed);
  if (Number.isNaN(ms)) return undefined;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1990 && year <= 2100 ? new Date(ms).toISOString() : undefined;
}

function absoluteUrl(raw: string | undefined, base: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const u = base ? new URL(raw, base) : new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

const SPACED_SEPARATORS = /\s+[|\-–—:·•»/]{1,2}\s+/;
// Chinese sites brand titles with underscores ("标题_科技_某网"); an underscore inside a Latin word ("snake_case") is no separator.
const TITLE_SEPARATORS = new RegExp(`${SPACED_SEPARATORS.source}|\\s*(?:(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9]))\\s*`);
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
/** Length in words; text in a script written without spaces counts about a word per two characters. */
const words = (s: string): number =>
  s.split(/\s+/).filter(Boolean).reduce((n, token) => {
    const unspaced = token.match(UNSPACED_SCRIPT)?.length ?? 0;
    return n + (unspaced ? Math.max(1, Math.round(unspaced / 2)) : 1);
  }, 0);

/**
 * Drops a " | Site" (or "Site | ") part. A part goes when it names the site, or, for the <title>
 * element, when it is short beside a longer headline: that is how sites brand their titles.
 */
export function stripSiteFromTitle(title: string, siteName: string | undefined, host: string | undefined, aggressive: boolean): string {
  const parts = title.split(TITLE_SEPARATORS);
  if (parts.length < 2) return title;
  const sameAsSite = (part: string): boolean => {
    const p = part.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    if (!p) return false;
    const s = siteName?.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    const h = host?.toLowerCase().replace(/^www\./, '').replace(/[^\p{L}\p{N}]+/gu, '');
    // A part that holds the site's name among other words ("The Harbor view on the strike") is a headline, not a brand.
    const holdsName = !!s && p.includes(s) && words(part) <= words(siteName ?? '') + 1;
    return (!!s && (p === s || s.includes(p) || holdsName)) || (!!h && (h.startsWith(p) || h.includes(p)));
  };
  const last = parts[parts.length - 1]!;
  const first = parts[0]!;
  const separatorSplit = (keepFrom: number, keepTo: number): string => {
    // Rebuild the kept part from the original string so separators inside the headline survive.
    const pieces = title.split(new RegExp(`(${TITLE_SEPARATORS.source})`));
    const kept = pieces.slice(keepFrom * 2, keepTo * 2 - 1);
    return kept.join('').trim();
  };
  // "Headline | Opinion": the section the page files it under is no part of the headline either.
  if (sameAsSite(last) || SECTION_NAMES.has(last.toLowerCase()) || (aggressive && words(last) <= 4 && words(title) - words(last) >= 4)) {
    // "标题_频道_网站": an underscored title names the channel before the site, and that goes too.
    const underscored = /_[^_]*$/.test(title);
    return stripSiteFromTitle(separatorSplit(0, parts.length - 1), siteName, host, aggressive && underscored);
  }
  if (sameAsSite(first) || (aggressive && words(first) <= 3 && words(title) - words(first) >= 5 && parts.length === 2)) {
    return separatorSplit(1, parts.length);
  }
  return title;
}

/** A link to the site's front page: what a logo or masthead is wrapped in. */
function linksHome(a: DomElement, base: string | undefined): boolean {
  const href = a.getAttribute('href');
  if (href === null) return false;
  try {
    const u = new URL(href, base ?? 'http://page.invalid/');
    return /^\/(?:index\.\w+)?$/.test(u.pathname) && !u.search;
  } catch {
    return false;
  }
}

/** An h1 that is the site's name linking home (<a href="/"><h1>Site</h1></a>, <h1><a href="/">Site</a></h1>), not the story's headline. */
function isMasthead(h1: DomElement, base: string | undefined): boolean {
  for (let node = h1.parentNode, up = 0; node && node.nodeType === ELEMENT_NODE && up < 3; node = node.parentNode, up++) {
    const el = node as DomElement;
    if (el.localName.toLowerCase() === 'a') return linksHome(el, base);
  }
  const links = h1.querySelectorAll('a');
  return links.length === 1 && linksHome(links[0]!, base) && normalizeSpace(links[0]!.textContent ?? '') === normalizeSpace(h1.textContent ?? '');
}

function firstHeading(h1s: DomElement[], base?: string): string | undefined {
  const texts: string[] = [];
  for (const h1 of h1s) {
    if (isMasthead(h1, base)) continue;
    const t = normalizeSpace(h1.textContent ?? '');
    if (t && t.length <= 300) texts.push(t);
  }
  // A page with several different h1s (logo, sections) gives no reliable headline.
  return new Set(texts).size === 1 ? texts[0] : undefined;
}

/** The first <time> on the page whose datetime is a plausible date. */
function publishedFromTimeElement(times: DomElement[]): string | undefined {
  for (const time of times) {
    const iso = toIsoDate(time.getAttribute('datetime') ?? undefined);
    if (iso) return iso;
  }
  return undefined;
}

/** A date after the name ("Jane Doe Published 11:11 PM EST Nov 19, 2019") when the page's byline block holds both; or only a date. */
const DATED_TAIL = /(?:^|\s+(?:[|·•–—-]\s*)?)(?:last updated|published|updated|posted)(?:\s+on)?\s*:?\s+(?=[^\d]{0,12}\d)[\s\S]*$/i;

const SECTION_NAMES: ReadonlySet<string> = new Set(metadataWords.sectionNames);
const NAME_PARTICLES: ReadonlySet<string> = new Set(metadataWords.nameParticles);

export function cleanByline(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let s = normalizeSpace(raw).replace(/^(by|written by|words by|von|par|por)\s+/i, '').replace(/^(文|記者)[:：]\s*/, '');
  if (/^https?:\/\//.test(s) || s.length > 120) return undefined;
  s = s.replace(DATED_TAIL, '').replace(/\s*[|,]\s*$/, '');
  return s || undefined;
}

/** "Jane Doe. Harbor Daily" / "Jane Doe, Harbor Daily": the writer's name, without the outlet it writes for. */
function withoutSiteName(byline: string | undefined, siteName: string | undefined): string | undefined {
  if (!byline || !siteName || byline.length <= siteName.length) return byline;
  const tail = byline.slice(-siteName.length);
  const rest = byline.slice(0, -siteName.length).replace(/[\s.,|·•–—-]+$/, '');
  return tail.toLowerCase() === siteName.toLowerCase() && rest && /[.,|·•–—-]\s*$/.test(byline.slice(0, -siteName.length)) ? rest : byline;
}

/**
 * A site name as pages declare it can be a section or an edition ("U.S.", "World") or the site's address:
 * an edition or a section is not the source (the next candidate is asked), an address gives its host.
 */
export function plausibleSiteName(name: string | undefined): string | undefined {
  const s = name ? normalizeSpace(name) : '';
  if (!s) return undefined;
  if (/^https?:\/\//i.test(s)) {
    try {
      return new URL(s).hostname.replace(/^www\./, '');
    } catch {
      return undefined;
    }
  }
  // An edition or a section names no one: better no source (the address's host is shown) than "U.S.".
  if (/^(?:\p{L}\.){1,4}$/u.test(s) || SECTION_NAMES.has(s.toLowerCase())) return undefined;
  if (/^www\.[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u.test(s)) return s.slice(4);
  // "Harbor Daily | The coast's favourite news source": the name comes first, the slogan after the separator.
  // An underscore is part of a declared name ("某某的家_藍天"), not a separator there.
  const first = s.split(SPACED_SEPARATORS)[0];
  return first && first !== s ? plausibleSiteName(first) : s;
}

/** "harbourpostinternational" for the handle "harbourpostintl": one holds the other, or they open alike. */
function sameNameAsHandle(name: string, handle: string): boolean {
  let common = 0;
  while (common < name.length && name[common] === handle[common]) common++;
  return name.includes(handle) || common >= Math.min(6, handle.length);
}

/** Where the account handles start among the declared site names in readMetadata. */
const SOCIAL_NAMES_FROM = 3;

/** A site name as a bare lower-case slug ("harbordaily"), as some pages declare it: a fuller spelling is better. */
const SLUG = /^[\p{Ll}\p{N}]+$/u;

/**
 * The site's name as its <title> spells it after (or before) the headline, "Headline - The Harbor Daily": asked
 * when the page declares no site name, or only a slug that this spelling contains.
 */
export function siteFromTitle(titleElement: string | undefined, headlines: Array<string | undefined>, declared: string | undefined, handle = false): string | undefined {
  // An account handle ("@HarborDailyIntl", "@Harbor_") is a name squeezed to fit: the title's spelling of it is better.
  if (!titleElement || (declared && !SLUG.test(declared) && !handle)) return declared;
  const flat = (t: string): string => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  for (const headline of headlines) {
    if (!headline || headline.length >= titleElement.length) continue;
    const after = titleElement.startsWith(headline) ? titleElement.slice(headline.length) : undefined;
    const before = titleElement.endsWith(headline) ? titleElement.slice(0, -headline.length) : undefined;
    let rest: string | undefined;
    if (after && new RegExp(`^${TITLE_SEPARATORS.source}`).test(after)) rest = after.split(TITLE_SEPARATORS).pop();
    else if (before && new RegExp(`${TITLE_SEPARATORS.source}$`).test(before)) rest = before.split(TITLE_SEPARATORS)[0];
    const name = plausibleSiteName(rest);
    if (!name || words(name) > 5) continue;
    if (!declared || flat(name).includes(declared) || (handle && sameNameAsHandle(flat(name), flat(declared)))) return name;
  }
  return declared;
}

/** A copyright notice's owner: "© 2019 The Harbor Daily, a …", "Copyright © Harbor Daily. All rights reserved". */
const COPYRIGHT_OWNER = /(?:©|\([cC]\)|\b[cC]opyright\b|\bCOPYRIGHT\b)\s*(?:©\s*)?(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\s*,?\s*)?((?:[Tt]he\s+)?\p{Lu}[\p{L}\p{N}&'’.-]*(?:\s+(?:of\s+|the\s+|&\s+)?\p{Lu}[\p{L}\p{N}&'’.-]*){0,4})/gu;

/**
 * A site that declares only a slug ("harbordaily") usually spells its name in its copyright line ("© The Harbor
 * Daily"): the owner whose letters are the slug's, with or without "The".
 */
function spelledInCopyright(doc: DomDocument, slug: string): string | undefined {
  const text = doc.body?.textContent ?? '';
  for (const m of text.matchAll(COPYRIGHT_OWNER)) {
    const name = m[1]!.replace(/[.,]+$/, '');
    const flat = name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    if (flat === slug || flat === `the${slug}`) return name;
  }
  return undefined;
}

/**
 * The publisher's name from its social account: "@Reuters", or the page https://www.facebook.com/Reuters.
 * Any other address says nothing about the name.
 */
function socialName(value: string | undefined): string | undefined {
  const s = value?.trim();
  if (!s) return undefined;
  if (/^@[\p{L}\p{N}_]{2,30}$/u.test(s)) return s.slice(1);
  const m = /^https?:\/\/(?:www\.|m\.)?(?:facebook\.com|twitter\.com|x\.com)\/([\p{L}\p{N}.]{2,50})\/?$/u.exec(s);
  return m && !/^(?:pages|profile\.php|home|share)$/i.test(m[1]!) ? m[1] : undefined;
}

/**
 * A byline names who wrote the piece: people or a newsroom ("Jane Doe", "News Nation Bureau"). A phrase with
 * ordinary lower-case words ("The Russian and Syrian defense ministries", the claim a fact-check reviews) is not one.
 */
export function authorByline(raw: string | undefined): string | undefined {
  const s = cleanByline(raw);
  if (!s) return undefined;
  const words = s.split(/[\s,&]+/).filter(Boolean);
  const plain = words.filter((w) => /^\p{Ll}/u.test(w) && !NAME_PARTICLES.has(w));
  return plain.length > 0 || /^the\s/i.test(s) ? undefined : s;
}

/** The tags the metadata comes from. */
export const METADATA_TAGS: ReadonlySet<string> = new Set(['meta', 'script', 'base', 'title', 'h1', 'time']);

/** The page's elements of each tag the metadata comes from, found in one walk over the page rather than one per tag. */
function elementsOfInterest(doc: DomDocument): Map<string, DomElement[]> {
  const byTag = new Map<string, DomElement[]>([...METADATA_TAGS].map((tag) => [tag, []]));
  for (const el of elementsByTag(doc, METADATA_TAGS)) byTag.get(el.localName.toLowerCase())!.push(el);
  return byTag;
}

/**
 * `elements`: the page's elements of each of METADATA_TAGS in document order, when the caller has
 * already walked the page; otherwise they are found here.
 */
export function readMetadata(doc: DomDocument, url: string | undefined, elements: ReadonlyMap<string, DomElement[]> = elementsOfInterest(doc)): PageMetadata {
  const of = (tag: string): DomElement[] => elements.get(tag) ?? [];
  const metas = metaIndex(of('meta'));
  const meta = (_doc: DomDocument, ...keys: string[]): string | undefined => pick(metas, ...keys);
  const ld = jsonLdObjects(of('script'));
  const article = ld.find((o) => types(o).some((t) => ARTICLE_TYPES.test(t) && t !== 'WebPage')) ?? ld.find((o) => types(o).includes('WebPage'));
  const base = absoluteUrl(of('base').find((el) => el.hasAttribute('href'))?.getAttribute('href') ?? undefined, url) ?? url;
  let host: string | undefined;
  try {
    host = url ? new URL(url).hostname : undefined;
  } catch {
    host = undefined;
  }

  const declaredNames = [
    meta(doc, 'og:site_name', 'application-name', 'al:ios:app_name'),
    article ? str(article['publisher']) : undefined,
    str(ld.find((o) => types(o).some((t) => t === 'WebSite' || t === 'NewsMediaOrganization' || t === 'Organization'))?.['name']),
    // From SOCIAL_NAMES_FROM on: account handles, the weakest spelling of the name.
    socialName(meta(doc, 'twitter:site')),
    socialName(meta(doc, 'article:publisher')),
  ];
  const plausible = declaredNames.map((name) => plausibleSiteName(name));
  const declaredIndex = plausible.findIndex((name) => name !== undefined);
  const declared = plausible[declaredIndex];
  const titleElement = normalizeSpace(of('title')[0]?.textContent ?? '') || undefined;
  // The site's own title ("Harbor Daily - Latest News") as og:title is what a template fills in when the article sets none.
  const ogTitle = [meta(doc, 'og:title'), meta(doc, 'twitter:title')].find((t) => t && !declaredNames.includes(t));
  const siteName = siteFromTitle(
    titleElement,
    // Last, the title as branded titles are trimmed: what that trimming drops is the site's name.
    [ogTitle, article ? str(article['headline']) : undefined, firstHeading(of('h1'), base), titleElement && stripSiteFromTitle(titleElement, undefined, host, true)],
    declared,
    declaredIndex >= SOCIAL_NAMES_FROM,
  );

  const sourceName = siteName && SLUG.test(siteName) ? (spelledInCopyright(doc, siteName) ?? siteName) : siteName;
  const ldTitle = article ? str(article['headline'] ?? article['name']) : undefined;
  const h1 = firstHeading(of('h1'), base);
  const chosen =
    (ogTitle && stripSiteFromTitle(ogTitle, siteName, host, false)) ??
    ldTitle ??
    h1 ??
    (titleElement && stripSiteFromTitle(titleElement, siteName, host, true));

  const byline = authorByline(
    (article ? names(article['author']).join(', ') : '') ||
      meta(doc, 'author', 'article:author', 'parsely-author', 'sailthru.author', 'dc.creator') ||
      (doc.querySelector('[rel="author"], [itemprop="author"] [itemprop="name"], [itemprop="author"]')?.textContent ?? undefined),
  );

  const published =
    toIsoDate(meta(doc, 'article:published_time', 'og:article:published_time', 'datePublished', 'pubdate', 'publishdate', 'date', 'dc.date', 'dc.date.issued', 'sailthru.date', 'parsely-pub-date')) ??
    (article ? toIsoDate(str(article['datePublished'] ?? article['dateCreated'])) : undefined) ??
    publishedFromTimeElement(of('time'));

  const image = absoluteUrl(meta(doc, 'og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src') ?? (article ? str(article['image'] ?? article['thumbnailUrl']) : undefined), base);

  const declaredLang =
    normalizeSpace(doc.documentElement?.getAttribute('lang') ?? doc.documentElement?.getAttribute('xml:lang') ?? '') ||
    meta(doc, 'og:locale', 'language', 'content-language')?.replace('_', '-') ||
        undefined;

  const free = article?.['isAccessibleForFree'];
  const notFreeToRead = free === false || (typeof free === 'string' && free.trim().toLowerCase() === 'false');

  const titleVariants = [ogTitle, ldTitle, h1, titleElement, titleElement && stripSiteFromTitle(titleElement, siteName, host, true)].filter((t): t is string => !!t);

  return { title: chosen, byline: withoutSiteName(byline, sourceName), siteName: sourceName, published, declaredLang, image, notFreeToRead, titleVariants };
}
