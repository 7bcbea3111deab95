/**
 * Page → clean article: Readability on a linkedom DOM, then our boilerplate rules, plus the
 * page's metadata. Pure: HTML in, plain data out.
 *
 * Why linkedom: on the corpus pages it parses ~15× faster than jsdom 27 and gives Readability
 * the same text on 206 of 210 pages, while jsdom 27 throws on some real pages (bench/dom-compare.ts).
 */
import { classifyBlocks, textSize, type ClassifiedBlock } from './boilerplate.ts';
import { collectBlocks } from './blocks.ts';
import { elementsByTag, findElements, normalizeSpace, parseDocument, shortText, type DomDocument, type DomElement } from './dom.ts';
import { authorByline, METADATA_TAGS, plausibleSiteName, readMetadata } from './metadata.ts';
import type { PageText } from '../article.ts';
import { fixInlineFurniture, InlineFurniture } from './inline-furniture.ts';
import { runReadability } from './readability.ts';
import { prepareSource } from './source.ts';

/** What extraction yields: the page's clean text and metadata (the shape summaries and quotes start from). */
export type ExtractedPage = PageText;

export type ExtractFailure = 'not-an-article' | 'empty' | 'paywalled';

export type ExtractResult =
  | { ok: true; page: ExtractedPage }
  | {
      ok: false;
      reason: ExtractFailure;
      message: string;
      /** For a paywalled page, the opening it does show (the teaser), when there is one. */
      partial?: ExtractedPage;
    };

export interface ExtractOptions {
  /** The page's address: resolves relative image URLs and helps recognise the site's name in titles. */
  url?: string;
}

/** Below this many words (two CJK characters count as one) there is no story to summarise. */
const MIN_ARTICLE_SIZE = 30;
/** A page that says it is for subscribers and shows fewer words than this is a teaser. */
const PAYWALL_TEASER_SIZE = 180;

const PAYWALL_PROMPT =
  /\b(subscribe (now )?to (continue|keep) reading|to continue reading,? (please )?(subscribe|log ?in|sign ?in|register)|(this|the) (article|story|content) is (only )?(available|reserved|exclusive) (to|for) (paying )?(subscribers|members)|for subscribers only|subscribers? only|subscriber[- ]exclusive|already a subscriber\??|(sign|log) ?in to (read|continue)|create a free account to (read|continue)|unlock (this|the full) (article|story)|you have reached your (free )?(article )?limit|premium (article|content))\b|(有料会員限定|会員限定記事|有料記事|この記事は有料会員|続きは(有料)?会員|この記事の続きを読むには|ログインして続きを読む|有料会員になると|購読すると続きを)/i;

function looksLikeHtml(input: string): boolean {
  const head = input.slice(0, 2048).trimStart();
  if (/^(%PDF|\{|\[|GIF8|\x89PNG|\xff\xd8)/.test(head)) return false;
  return /<(!doctype html|html|head|body|p|div|article|meta|title)[\s>]/i.test(input.slice(0, 65536)) || /<p[\s>]/i.test(input);
}

const INERT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'link', 'canvas']);

/**
 * Scripts, styles and vector art carry no article text but make up much of a modern page;
 * Readability walks every node several times, so dropping them first saves it real time.
 * (Most are gone from the source already; this catches JSON-LD, once read, and markup the source pass could not match.)
 */
function removeInertElements(doc: DomDocument): DomDocument {
  const inert = elementsByTag(doc, INERT);
  for (let i = inert.length - 1; i >= 0; i--) inert[i]!.remove();
  return doc;
}

const CHROME_TAGS = new Set(['nav', 'header', 'footer', 'aside']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary']);
const CHROME_ITEMS = new Set(['a', 'li', 'p', 'h2', 'h3', 'h4', 'span', 'div']);
const CHROME_ITEMS_PER_PART = 400;
const CHROME_LINE_MAX = 160;

function isChrome(el: DomElement, tag: string): boolean {
  if (CHROME_TAGS.has(tag)) return true;
  const role = el.getAttribute('role');
  return role !== null && CHROME_ROLES.has(role);
}

/**
 * Short lines of the page's navigation, header, footer and sidebars (`parts`), to recognise them if they recur in the article.
 * Each line once: nested items repeat the same text, and the rules only ask whether a line is among them.
 */
function chromeLines(parts: DomElement[]): string[] {
  const lines = new Set<string>();
  for (const part of parts) {
    for (const item of elementsByTag(part, CHROME_ITEMS, CHROME_ITEMS_PER_PART)) {
      const text = shortText(item, CHROME_LINE_MAX);
      if (text) lines.add(text);
    }
  }
  return [...lines];
}

/** What the steps before Readability look at, found in one walk over the page instead of one walk each. */
function surveyPage(doc: DomDocument): { metadata: Map<string, DomElement[]>; chrome: DomElement[]; inert: DomElement[]; furniture: InlineFurniture } {
  const metadata = new Map<string, DomElement[]>([...METADATA_TAGS].map((tag) => [tag, []]));
  const chrome: DomElement[] = [];
  const inert: DomElement[] = [];
  const furniture = new InlineFurniture();
  findElements(doc, (el, tag) => {
    metadata.get(tag)?.push(el);
    if (INERT.has(tag)) inert.push(el);
    if (isChrome(el, tag)) chrome.push(el);
    furniture.visit(el, tag);
    return false;
  });
  return { metadata, chrome, inert, furniture };
}

const KANA = /[\u3040-\u30ff]/g;
const HAN = /[\u4e00-\u9fff]/g;

/** Japanese if kana and kanji make up a good share of the letters: kana rules out Chinese. */
function detectLang(text: string, declared: string | undefined): string | undefined {
  const sample = text.slice(0, 4000);
  const kana = sample.match(KANA)?.length ?? 0;
  const han = sample.match(HAN)?.length ?? 0;
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  const japanese = letters > 0 && kana >= 10 && (kana + han) / letters >= 0.3;
  if (japanese) return declared?.toLowerCase().startsWith('ja') ? declared : 'ja';
  if (declared?.toLowerCase().startsWith('ja')) return undefined; // declared Japanese, written otherwise: don't claim either
  return declared;
}

function fail(reason: ExtractFailure, message: string): ExtractResult {
  return { ok: false, reason, message };
}

export function extractArticle(html: string, opts: ExtractOptions = {}): ExtractResult {
  return explainExtraction(html, opts).result;
}

/** The result plus every block Readability gave us with our verdict on it: what the eval uses to say why a page lost text. */
export interface ExtractionTrace {
  result: ExtractResult;
  /** Readability's article as blocks, each with the boilerplate kind that removed it (null: kept). Empty when Readability found nothing. */
  blocks: ClassifiedBlock[];
}

export function explainExtraction(html: string, opts: ExtractOptions = {}): ExtractionTrace {
  const noBlocks = (result: ExtractResult): ExtractionTrace => ({ result, blocks: [] });
  if (!html.trim()) return noBlocks(fail('empty', 'The page is empty.'));
  if (!looksLikeHtml(html)) return noBlocks(fail('not-an-article', 'This is not a web page (no HTML found).'));

  const source = prepareSource(html);
  const doc = parseDocument(source);
  const survey = surveyPage(doc);
  const meta = readMetadata(doc, opts.url, survey.metadata);
  const chrome = chromeLines(survey.chrome);
  for (let i = survey.inert.length - 1; i >= 0; i--) survey.inert[i]!.remove();
  survey.furniture.fix();
  const paywallPrompt = PAYWALL_PROMPT.test(doc.body?.textContent ?? '');

  const article = runReadability(doc, () => fixInlineFurniture(removeInertElements(parseDocument(source))), INERT);

  if (!article?.content) {
    if (meta.notFreeToRead || paywallPrompt) return noBlocks(fail('paywalled', 'The article is behind a paywall: the page shows no story text.'));
    return noBlocks(fail('not-an-article', 'No article found on this page.'));
  }

  const blocks = collectBlocks(article.content);
  const title = meta.title ?? normalizeSpace(article.title ?? '') ?? '';
  const byline = meta.byline ?? authorByline(article.byline ?? undefined);
  const classified = classifyBlocks(blocks, { title, titleVariants: [...meta.titleVariants, article.title ?? ''], byline, chromeLines: chrome });
  const paragraphs = classified.filter((b) => !b.kind).map((b) => b.text);
  const traced = (result: ExtractResult): ExtractionTrace => ({ result, blocks: classified });

  const size = paragraphs.reduce((s, p) => s + textSize(p), 0);

  const text = paragraphs.join('\n\n');
  const page: ExtractedPage = { title: title || (paragraphs[0] ?? '').slice(0, 120), text, paragraphs };
  if (byline) page.byline = byline;
  const siteName = meta.siteName ?? plausibleSiteName(article.siteName ?? undefined);
  if (siteName) page.siteName = siteName;
  const published = meta.published ?? isoOrUndefined(article.publishedTime);
  if (published) page.published = published;
  const lang = detectLang(text, meta.declaredLang ?? article.lang ?? undefined);
  if (lang) page.lang = lang;
  if (meta.image) page.image = meta.image;

  if ((meta.notFreeToRead || paywallPrompt) && size < PAYWALL_TEASER_SIZE) {
    const result: ExtractResult = { ok: false, reason: 'paywalled', message: 'The article is behind a paywall: the page shows only its opening.' };
    if (paragraphs.length) result.partial = page;
    return traced(result);
  }
  // Mostly links and little prose: an index, a section front, a search page. (Measured only when the prose is short.)
  if (size < MIN_ARTICLE_SIZE * 3) {
    let rawSize = 0;
    let linkedSize = 0;
    for (const b of blocks) {
      const blockSize = textSize(b.text);
      rawSize += blockSize;
      linkedSize += blockSize * b.linkDensity;
    }
    if (rawSize > 0 && linkedSize / rawSize > 0.6) return traced(fail('not-an-article', 'This page is a list of links, not an article.'));
  }
  if (size < MIN_ARTICLE_SIZE) return traced(fail('empty', 'The page has too little article text to summarise.'));
  return traced({ ok: true, page });
}

function isoOrUndefined(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
