import type { Article, ArticleInsight } from './article.ts';
import { decodeBody } from './http/charset.ts';
import { extractArticle, type ExtractedPage } from './extract/extract.ts';
import { fetchUrl, FetchError, type FetchOptions } from './http/fetch.ts';
import { findQuotes } from './understand/quotes.ts';
import { summarize } from './understand/summarize.ts';

export interface EnrichOptions {
  fetch: Partial<FetchOptions>;
  /** Summary length in sentences. */
  sentences: number;
  /** Where pages are read: a worker pool keeps the event loop free; without one, the calling thread reads them. */
  pages?: PageReader;
  /** A member is waiting (/summary): the page goes before background pages waiting for the same pool. */
  urgent?: boolean;
}

/** A fetched page as it came off the wire, with what reading it needs: plain data, so a worker thread can take it. */
export interface PageTask {
  body: Uint8Array;
  contentType: string;
  url: string;
  sentences: number;
  urgent?: boolean;
}

/** Reads pages somewhere else (see news/page-pool.ts); rejects with EnrichError as understandBody throws it. */
export interface PageReader {
  /** Pages it reads at once: a caller with many pages can keep this many in flight. */
  readonly threads: number;
  understand(task: PageTask): Promise<ArticleInsight>;
}

/** Why a page could not be summarised, in words for the member who asked. */
export class EnrichError extends Error {
  override name = 'EnrichError';
  constructor(
    readonly kind: 'not-an-article' | 'empty' | 'paywalled' | 'fetch' | 'too-slow',
    message: string,
  ) {
    super(message);
  }
}

const PAGE_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5';

/** Summary and key quotes from clean paragraphs: the one place both are computed. */
export function understandText(
  page: Pick<ExtractedPage, 'title' | 'paragraphs'> & Partial<ExtractedPage>,
  sentences: number,
  basis: ArticleInsight['basis'],
): ArticleInsight {
  const summary = summarize({ title: page.title, paragraphs: page.paragraphs, lang: page.lang }, { maxSentences: sentences });
  const quotes = findQuotes({ paragraphs: page.paragraphs, lang: page.lang }, { max: 3, exclude: summary });
  return { ...page, text: page.text ?? page.paragraphs.join('\n\n'), summary, quotes, basis };
}

/** Reads a saved or fetched page: extraction, then summary and quotes. Throws EnrichError. */
export function understandPage(html: string, url: string | undefined, sentences: number): ArticleInsight {
  const extracted = extractArticle(html, { url });
  if (extracted.ok) return understandText(extracted.page, sentences, 'page');
  // A paywalled page still shows its opening: a short summary of that beats no summary, said plainly.
  if (extracted.reason === 'paywalled' && extracted.partial) {
    const preview = understandText(extracted.partial, sentences, 'preview');
    if (preview.summary.length) return { ...preview, fallbackReason: extracted.message };
  }
  throw new EnrichError(extracted.reason, extracted.message);
}

/** Bytes → text in the page's charset → understandPage: all the CPU work of reading a fetched page. Throws EnrichError. */
export function understandBody(task: PageTask): ArticleInsight {
  // A Buffer that crossed to a worker thread arrives as a plain Uint8Array; the view shares its memory.
  const body = Buffer.isBuffer(task.body) ? task.body : Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
  const { text } = decodeBody(body, task.contentType);
  return understandPage(text, task.url, task.sentences);
}

/** Fetches a link and understands it (in opts.pages when given); for /summary, alerts and the CLI. Throws EnrichError. */
export async function summarizeUrl(url: string, opts: EnrichOptions): Promise<ArticleInsight & { url: string }> {
  let res;
  try {
    res = await fetchUrl(url, { ...opts.fetch, accept: PAGE_ACCEPT });
  } catch (err) {
    if (err instanceof FetchError) throw new EnrichError('fetch', err.message);
    throw err;
  }
  if (res.status !== 'ok') throw new EnrichError('fetch', 'The site answered without a page.');
  const kind = contentKind(res.contentType);
  if (kind !== 'html') throw new EnrichError('not-an-article', `This link is ${kind}, not an article.`);
  const task: PageTask = { body: res.body, contentType: res.contentType, url: res.url, sentences: opts.sentences, urgent: opts.urgent };
  const insight = opts.pages ? await opts.pages.understand(task) : understandBody(task);
  return { ...insight, url: res.url };
}

/**
 * The insight behind an alert: the article's page when it can be read, else the feed's own content, saying
 * why. Never throws for a page problem: an alert with the feed's text beats no alert.
 */
export async function enrichArticle(article: Article, opts: EnrichOptions): Promise<ArticleInsight> {
  try {
    const insight = await summarizeUrl(article.url, opts);
    if (insight.summary.length > 0) return { ...insight, image: insight.image ?? article.image };
    return fromFeed(article, opts, 'The page had no readable text.');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return fromFeed(article, opts, reason);
  }
}

function fromFeed(article: Article, opts: EnrichOptions, reason: string): ArticleInsight {
  const paragraphs = article.text.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
  const insight = understandText({ title: article.title, paragraphs, image: article.image, published: article.published }, opts.sentences, 'feed');
  return { ...insight, siteName: article.source.name, byline: article.author, fallbackReason: reason };
}

function contentKind(contentType: string): 'html' | string {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (!type || type === 'text/html' || type === 'application/xhtml+xml' || type === 'text/plain') return 'html';
  if (type === 'application/pdf') return 'a PDF document';
  if (type.startsWith('image/')) return 'an image';
  if (type.startsWith('video/')) return 'a video';
  if (type.startsWith('audio/')) return 'an audio file';
  if (type.includes('json')) return 'JSON data';
  if (type.includes('xml')) return 'an XML document (perhaps a feed: admins can add it with /feeds add)';
  return `a ${type} file`;
}
