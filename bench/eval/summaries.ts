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
  const dir = process.argv[2] ?? '/work/shared/corpus';
  const started = performance.now();
  const { metrics } = await evalSummaries(dir);
  console.log(formatTable(metrics));
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
