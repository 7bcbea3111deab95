/**
 * Summary quality on the FRANK sample of CNN/DailyMail (250) and XSum (251) test articles:
 * ROUGE-1/2/L F1 of our summarizer, side by side with Lead-3 (CNN/DM), Lead-1 (XSum) and a plain
 * TextRank computed in the same run. Reads the corpus at run time.
 *
 *   npx tsx bench/eval/summaries.ts [corpusDir]
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { splitSentences, unglueParagraphs } from '../../src/news/understand/sentences.ts';
import { summarize } from '../../src/news/understand/summarize.ts';
import { cosine, pageRank, sentenceTerms, tfidfVectors } from '../../src/news/understand/similarity.ts';
import { meanRougePercent, referenceSentences, rouge, type RougeScores } from './rouge.ts';

type Dataset = 'cnndm' | 'xsum';
const SYSTEMS = ['ours', 'lead3', 'lead1', 'textrank'] as const;
type System = (typeof SYSTEMS)[number];

interface Record {
  id: string;
  dataset: Dataset;
  article: string;
  reference: string;
}

export interface SummaryItemResult {
  id: string;
  dataset: Dataset;
  scores: { [S in System]: RougeScores };
  ours: string[];
}

export type SummaryMetrics = { [D in Dataset]: { [S in System]: RougeScores } & { articles: number } };

export async function evalSummaries(
  corpusDir: string,
): Promise<{ metrics: SummaryMetrics; items: SummaryItemResult[] }> {
  const raw = await readFile(join(corpusDir, 'summaries', 'frank_cnndm_xsum_test.jsonl'), 'utf8');
  const records = raw
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record);
  const items: SummaryItemResult[] = [];
  for (const r of records) {
    const paragraphs = articleParagraphs(r);
    const sentences = paragraphs.flatMap((p) => splitSentences(p, 'en'));
    // CNN/DM highlights are about three sentences, XSum summaries one.
    const n = r.dataset === 'cnndm' ? 3 : 1;
    const ours = summarize({ title: '', paragraphs, lang: 'en' }, { maxSentences: n });
    const systems: { [S in System]: string[] } = {
      ours,
      lead3: sentences.slice(0, 3),
      lead1: sentences.slice(0, 1),
      textrank: plainTextRank(sentences, n),
    };
    const scores = Object.fromEntries(
      SYSTEMS.map((s) => [s, rouge(systems[s], referenceSentences(r.reference))]),
    ) as { [S in System]: RougeScores };
    items.push({ id: r.id, dataset: r.dataset, scores, ours });
  }
  const metrics = {} as SummaryMetrics;
  for (const d of ['cnndm', 'xsum'] as const) {
    const subset = items.filter((i) => i.dataset === d);
    const m = { articles: subset.length } as SummaryMetrics[Dataset];
    for (const s of SYSTEMS) m[s] = meanRougePercent(subset.map((i) => i.scores[s]));
    metrics[d] = m;
  }
  return { metrics, items };
}

/** The corpus stores each article on one line; XSum's paragraphs are glued without a space. */
function articleParagraphs(r: Record): string[] {
  return r.article
    .split(/\n+/)
    .flatMap((p) => (r.dataset === 'xsum' ? unglueParagraphs(p) : [p]))
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** Textbook TextRank: TF-IDF cosine graph, PageRank, top n in article order. No position prior. */
function plainTextRank(sentences: string[], n: number): string[] {
  const vectors = tfidfVectors(sentences.map((s) => sentenceTerms(s, false)));
  const sim = vectors.map((a, i) => vectors.map((b, j) => (i === j ? 0 : cosine(a, b))));
  const rank = pageRank(sim);
  return rank
    .map((score, i) => ({ score, i }))
    .sort((a, b) => b.score - a.score)
    .slice(0, n)
    .sort((a, b) => a.i - b.i)
    .map((x) => sentences[x.i]!);
}

// ── summaries of real pages: does each sentence come from the story? ────────────────────────

export interface PageSummaryCounts {
  /** Summary sentences produced over all pages. */
  sentences: number;
  /** Sentences fewer than 90% of whose word trigrams occur in the page's human-labelled article body. */
  outsideBody: number;
  /** Sentences that open with a wire-style dateline ("WASHINGTON (Reuters) -", "(AP) —"). */
  datelines: number;
}

export interface PageSummaryItem {
  id: string;
  ours: string[];
  lead3: string[];
  outside: { ours: string[]; lead3: string[] };
  error?: string;
}

/** Lower-cased word tokens; trigrams of them decide whether a sentence is the page's story text. */
function words(text: string): string[] {
  return text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

function trigrams(tokens: string[]): string[] {
  if (tokens.length < 3) return tokens.length ? [tokens.join(' ')] : [];
  const out: string[] = [];
  for (let i = 0; i + 3 <= tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`);
  return out;
}

/** Share of the sentence's word trigrams found in the body (a sentence of under three words: all of it, as one gram). */
export function shareInBody(sentence: string, bodyGrams: Set<string>): number {
  const grams = trigrams(words(sentence));
  if (grams.length === 0) return 1;
  return grams.filter((g) => bodyGrams.has(g)).length / grams.length;
}

/**
 * A wire dateline at the start of a sentence: a place in capitals and/or an agency in brackets, then a dash.
 * Written here independently of the summarizer's own rule, so the count does not grade itself.
 */
export const DATELINE_START =
  /^(?:[A-Z][A-Z.'’-]*(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,4},?\s*(?:\([A-Za-z .&]{2,30}\))?|\([A-Za-z .&]{2,30}\))\s*[-—–]+\s/;

/**
 * The 80 pages of the article-extraction benchmark, run through the bot's own path (bytes → charset →
 * extraction → summary): ours against Lead-3 on the same clean text, counted against the human-labelled body.
 */
export async function evalPageSummaries(corpusDir: string): Promise<{ ours: PageSummaryCounts; lead3: PageSummaryCounts; pages: number; items: PageSummaryItem[] } | null> {
  const dir = join(corpusDir, 'pages', 'article-extraction-benchmark');
  const { existsSync } = await import('node:fs');
  if (!existsSync(join(dir, 'ground-truth.subset.json'))) return null;
  const { gunzipSync } = await import('node:zlib');
  const { decodeHtml } = await import('../../src/news/extract/page-charset.ts');
  const { understandPage } = await import('../../src/news/enrich.ts');
  const truth = JSON.parse(await readFile(join(dir, 'ground-truth.subset.json'), 'utf8')) as { [id: string]: { articleBody: string; url?: string } };
  const zero = (): PageSummaryCounts => ({ sentences: 0, outsideBody: 0, datelines: 0 });
  const totals = { ours: zero(), lead3: zero() };
  const items: PageSummaryItem[] = [];
  for (const id of Object.keys(truth).sort()) {
    const html = decodeHtml(gunzipSync(await readFile(join(dir, 'html', `${id}.html.gz`))));
    const body = new Set(trigrams(words(truth[id]!.articleBody)));
    let ours: string[] = [];
    let lead3: string[] = [];
    let error: string | undefined;
    try {
      const insight = understandPage(html, truth[id]!.url, 3);
      ours = insight.summary;
      lead3 = insight.paragraphs.flatMap((p) => splitSentences(p, insight.lang)).slice(0, 3);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const outside = { ours: [] as string[], lead3: [] as string[] };
    for (const [system, sentences] of [['ours', ours], ['lead3', lead3]] as const) {
      for (const s of sentences) {
        totals[system].sentences++;
        if (shareInBody(s, body) < 0.9) {
          totals[system].outsideBody++;
          outside[system].push(s);
        }
        if (DATELINE_START.test(s)) totals[system].datelines++;
      }
    }
    items.push({ id, ours, lead3, outside, ...(error ? { error } : {}) });
  }
  return { ...totals, pages: items.length, items };
}

function formatTable(metrics: SummaryMetrics): string {
  const lines = ['| dataset | system | ROUGE-1 | ROUGE-2 | ROUGE-L |', '| --- | --- | ---: | ---: | ---: |'];
  for (const d of ['cnndm', 'xsum'] as const) {
    for (const s of SYSTEMS) {
      const x = metrics[d][s];
      lines.push(`| ${d} (${metrics[d].articles}) | ${s} | ${x.rouge1.toFixed(2)} | ${x.rouge2.toFixed(2)} | ${x.rougeL.toFixed(2)} |`);
    }
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '/work/shared/corpus';
  const started = performance.now();
  const { metrics } = await evalSummaries(dir);
  console.log(formatTable(metrics));
  const pages = await evalPageSummaries(dir);
  if (pages) {
    console.log(`benchmark pages (${pages.pages}): ours ${pages.ours.outsideBody} of ${pages.ours.sentences} outside the body, ${pages.ours.datelines} datelines; Lead-3 ${pages.lead3.outsideBody} of ${pages.lead3.sentences}, ${pages.lead3.datelines}`);
    if (process.argv.includes('--items')) {
      for (const i of pages.items) {
        console.log(`=== ${i.id.slice(0, 12)}${i.error ? ` ERROR ${i.error}` : ''}`);
        for (const s of i.ours) console.log(`  ${i.outside.ours.includes(s) ? 'OUT ' : ''}${DATELINE_START.test(s) ? 'DATE ' : ''}${s}`);
      }
    }
  }
  const { timeSummaryAndQuotes } = await import('./quotes.ts');
  const raw = await readFile(join(dir, 'summaries', 'frank_cnndm_xsum_test.jsonl'), 'utf8');
  const articles = raw
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => articleParagraphs(JSON.parse(l) as Record));
  const t = await timeSummaryAndQuotes(articles);
  console.log(`summary + quotes per article (${articles.length}, best of 3): p50 ${t.p50.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms, max ${t.max.toFixed(1)} ms`);
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
