/**
 * Quote extraction quality on the Gender Gap Tracker sample (98 Canadian news articles, 1,520
 * human-annotated quotations with speakers), against a naive extractor computed in the same run.
 *
 * Only direct quotes are scored (the annotated `quote` text starts with a quote mark; the rest is
 * indirect speech). A found quote "hits" an annotation when it covers at least half of that
 * annotation's tokens. Precision: share of found quotes that hit any annotation. Recall: share of
 * annotated direct quotes hit by some found quote. Speaker accuracy: over all found quotes, the share
 * whose speaker names the `reference` person of the direct annotation it hits (surname match); a found quote
 * that hits no annotation counts as wrong. (This is the definition that reproduces the independently
 * measured naive baseline, 0.20.)
 *
 *   npx tsx bench/eval/quotes.ts [corpusDir]
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Quote } from '../../src/news/article.ts';
import { findQuotes } from '../../src/news/understand/quotes.ts';
import { summarize } from '../../src/news/understand/summarize.ts';
import { rougeTokens } from './rouge.ts';

interface Annotation {
  speaker: string;
  quote: string;
  reference: string;
}

interface AnnotatedArticle {
  id: string;
  article: string;
  quotations: Annotation[];
}

export interface QuoteMetrics {
  precision: number;
  recall: number;
  speakerAccuracy: number;
  found: number;
  directAnnotated: number;
}

export interface QuoteItemResult {
  id: string;
  ours: { found: number; hits: number; recalled: number; direct: number; speakerRight: number; speakerScored: number };
  naive: { found: number; hits: number; recalled: number; direct: number; speakerRight: number; speakerScored: number };
  /** Our found quotes that hit nothing, and annotated direct quotes we missed: for tracing regressions. */
  falsePositives: string[];
  missed: string[];
  wrongSpeakers: Array<{ quote: string; ours: string | null; reference: string; context?: string }>;
}

const DIRECT = /^\s*["“”«]/;

export async function evalQuotes(corpusDir: string, opts: { context?: boolean } = {}): Promise<{
  metrics: { ours: QuoteMetrics; naive: QuoteMetrics };
  items: QuoteItemResult[];
}> {
  const raw = await readFile(join(corpusDir, 'quotes', 'gender-gap-tracker_annotated_quotes.jsonl'), 'utf8');
  const articles = raw
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as AnnotatedArticle);
  const items: QuoteItemResult[] = [];
  for (const a of articles) {
    const paragraphs = a.article
      .split(/\n\s*\n|\n/)
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
    const ours = findQuotes({ paragraphs, lang: 'en' }, { max: 1000 });
    const naive = naiveQuotes(a.article);
    const o = scoreArticle(ours, a.quotations, opts.context ? a.article : undefined);
    const n = scoreArticle(naive, a.quotations);
    items.push({
      id: a.id,
      ours: o.counts,
      naive: n.counts,
      falsePositives: o.falsePositives,
      missed: o.missed,
      wrongSpeakers: o.wrongSpeakers,
    });
  }
  return { metrics: { ours: total(items, 'ours'), naive: total(items, 'naive') }, items };
}

function total(items: QuoteItemResult[], which: 'ours' | 'naive'): QuoteMetrics {
  const sum = (k: keyof QuoteItemResult['ours']) => items.reduce((s, i) => s + i[which][k], 0);
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return {
    precision: ratio(sum('hits'), sum('found')),
    recall: ratio(sum('recalled'), sum('direct')),
    speakerAccuracy: ratio(sum('speakerRight'), sum('speakerScored')),
    found: sum('found'),
    directAnnotated: sum('direct'),
  };
}

/** Share of the annotation's tokens that the found quote covers (multiset overlap). */
function coverage(found: string[], annotated: string[]): number {
  if (annotated.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of found) counts.set(t, (counts.get(t) ?? 0) + 1);
  let hit = 0;
  for (const t of annotated) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      hit++;
      counts.set(t, c - 1);
    }
  }
  return hit / annotated.length;
}

function scoreArticle(found: Quote[], annotations: Annotation[], article?: string) {
  const annTokens = annotations.map((q) => rougeTokens(q.quote));
  const direct = annotations.map((q) => DIRECT.test(q.quote));
  const recalled = new Set<number>();
  const falsePositives: string[] = [];
  const wrongSpeakers: QuoteItemResult['wrongSpeakers'] = [];
  let hits = 0;
  let speakerRight = 0;
  let speakerScored = 0;
  for (const f of found) {
    const ft = rougeTokens(f.text.replace(/…$/, ''));
    let best = -1;
    let bestCov = 0;
    annTokens.forEach((at, i) => {
      const cov = coverage(ft, at);
      if (cov >= 0.5) {
        if (direct[i]) recalled.add(i);
        // Prefer a direct annotation for speaker scoring when both kinds are hit.
        const rank = cov + (direct[i] ? 1 : 0);
        if (rank > bestCov) {
          bestCov = rank;
          best = i;
        }
      }
    });
    if (best < 0) {
      falsePositives.push(f.text);
      continue;
    }
    hits++;
    // Only direct quotations are scored; a found quote that hits only indirect speech counts as wrong.
    const ref = annotations[best]!.reference;
    if (direct[best] && namesSamePerson(f.speaker, ref)) speakerRight++;
    else {
      const wrong: QuoteItemResult['wrongSpeakers'][number] = { quote: f.text.slice(0, 80), ours: f.speaker, reference: direct[best] ? ref : `(indirect) ${ref}` };
      if (article !== undefined) wrong.context = contextOf(article, f.text);
      wrongSpeakers.push(wrong);
    }
  }
  // Over all found quotes: a quote that matches no annotation has no right speaker.
  speakerScored = found.length;
  const missed = annotations.filter((q, i) => direct[i] && !recalled.has(i)).map((q) => q.quote.slice(0, 100));
  return {
    counts: {
      found: found.length,
      hits,
      recalled: recalled.size,
      direct: direct.filter(Boolean).length,
      speakerRight,
      speakerScored,
    },
    falsePositives,
    missed,
    wrongSpeakers,
  };
}

/** The text around a found quote, for studying mistakes: the paragraph before through the sentence after. */
function contextOf(article: string, quote: string): string {
  const at = article.indexOf(quote.replace(/…$/, '').slice(0, 60));
  if (at < 0) return '';
  const end = at + quote.length;
  return `${article.slice(Math.max(0, at - 350), at)}⟦${article.slice(at, end)}⟧${article.slice(end, end + 160)}`;
}

/** Surname match: the last word of either name appears among the other's words. */
function namesSamePerson(ours: string | null, reference: string): boolean {
  if (!ours || !reference.trim()) return false;
  const a = rougeTokens(ours);
  const b = rougeTokens(reference);
  const lastA = a[a.length - 1];
  const lastB = b[b.length - 1];
  return (lastA !== undefined && b.includes(lastA)) || (lastB !== undefined && a.includes(lastB));
}

/**
 * The naive baseline: every span of 4+ words between matching double quote marks; speaker = the
 * nearest capitalised name before said/says/told in the same sentence.
 */
export function naiveQuotes(article: string): Quote[] {
  const out: Quote[] = [];
  const re = /"([^"\n]+)"|“([^”\n]+)”/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(article)) !== null) {
    const inner = m[1] ?? m[2] ?? '';
    if (inner.trim().split(/\s+/).length < 4) continue;
    out.push({ text: inner, speaker: naiveSpeaker(article, m.index, m.index + m[0].length) });
  }
  return out;
}

function naiveSpeaker(article: string, start: number, end: number): string | null {
  const sentenceStart = Math.max(article.lastIndexOf('\n', start), 0);
  let sentenceEnd = article.indexOf('\n', end);
  if (sentenceEnd < 0) sentenceEnd = article.length;
  const after = article.slice(end, sentenceEnd);
  const stop = /[.!?](\s|$)/.exec(after);
  const sentence = article.slice(sentenceStart, end + (stop ? stop.index : after.length));
  const verb = /\b(said|says|told)\b/.exec(sentence);
  if (!verb) return null;
  const names = [...sentence.slice(0, verb.index).matchAll(/\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*/g)];
  return names.length > 0 ? names[names.length - 1]![0] : null;
}

function formatTable(metrics: { ours: QuoteMetrics; naive: QuoteMetrics }): string {
  const lines = ['| system | precision | direct recall | speaker accuracy | found |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const s of ['ours', 'naive'] as const) {
    const x = metrics[s];
    lines.push(`| ${s} | ${x.precision.toFixed(3)} | ${x.recall.toFixed(3)} | ${x.speakerAccuracy.toFixed(3)} | ${x.found} |`);
  }
  return lines.join('\n');
}

/**
 * Milliseconds per article for summary + quotes together (what enrichment runs on every article), best
 * of three passes so that a GC pause or a busy machine does not decide the number.
 */
export async function timeSummaryAndQuotes(articles: string[][], passes = 3): Promise<{ p50: number; p95: number; max: number }> {
  const best = articles.map(() => Infinity);
  for (let pass = 0; pass < passes; pass++) {
    articles.forEach((paragraphs, i) => {
      const t0 = performance.now();
      summarize({ title: '', paragraphs, lang: 'en' });
      findQuotes({ paragraphs, lang: 'en' });
      best[i] = Math.min(best[i]!, performance.now() - t0);
    });
  }
  const sorted = [...best].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0 };
}

function formatItems(items: QuoteItemResult[]): string {
  const out: string[] = [];
  for (const item of items) {
    if (item.wrongSpeakers.length + item.falsePositives.length + item.missed.length === 0) continue;
    out.push(`=== ${item.id}`);
    for (const w of item.wrongSpeakers) {
      out.push(`  WRONG ours=${JSON.stringify(w.ours)} ref=${JSON.stringify(w.reference)}`);
      if (w.context) out.push(`    ${w.context.replace(/\n+/g, ' ¶ ')}`);
    }
    for (const f of item.falsePositives) out.push(`  FALSE POSITIVE ${JSON.stringify(f.slice(0, 100))}`);
    for (const m of item.missed) out.push(`  MISSED ${JSON.stringify(m)}`);
  }
  return out.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // --items: every wrong speaker (with its context), false positive and missed quote, per article.
  const args = process.argv.slice(2);
  const showItems = args.includes('--items');
  const dir = args.find((a) => !a.startsWith('--')) ?? '/work/shared/corpus';
  const { metrics, items } = await evalQuotes(dir, { context: showItems });
  if (showItems) console.log(formatItems(items));
  console.log(`direct quotes annotated: ${metrics.ours.directAnnotated}`);
  console.log(formatTable(metrics));
  const raw = await readFile(join(dir, 'quotes', 'gender-gap-tracker_annotated_quotes.jsonl'), 'utf8');
  const articles = raw
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as AnnotatedArticle).article.split(/\n\s*\n|\n/).map((p) => p.trim()).filter((p) => p.length > 0));
  const t = await timeSummaryAndQuotes(articles);
  console.log(`summary + quotes per article (${articles.length}, best of 3): p50 ${t.p50.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms, max ${t.max.toFixed(1)} ms`);
}
