/**
 * Which server-side DOM should Readability run on? Measures, on the real pages of the corpus,
 * parse time, Readability time, and how far the extracted text of each DOM agrees with the other
 * and with the ground truth.
 *
 *   npx tsx bench/dom-compare.ts [corpusDir]
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { JSDOM, VirtualConsole } from 'jsdom';
import { shingleScores, tokenF1, aggregateShingles, percentile } from './eval/extraction.ts';

interface PageSample {
  id: string;
  html: string;
  /** Reference text when the corpus has one. */
  truth?: string;
  kind: 'benchmark' | 'readability';
}

type DomName = 'linkedom' | 'jsdom';

const quietConsole = new VirtualConsole();

// Readability's types name the browser's Document, which this project's lib settings omit;
// both DOMs implement what Readability uses, so the cast is the honest boundary here.
type ReadabilityDoc = ConstructorParameters<typeof Readability>[0];

function parseWith(dom: DomName, html: string): ReadabilityDoc {
  if (dom === 'linkedom') return parseHTML(html).document as unknown as ReadabilityDoc;
  return new JSDOM(html, { url: 'https://example.com/', virtualConsole: quietConsole }).window.document as unknown as ReadabilityDoc;
}

export function loadSamples(corpusDir: string): PageSample[] {
  const samples: PageSample[] = [];
  const bench = join(corpusDir, 'pages/article-extraction-benchmark');
  if (existsSync(bench)) {
    const truth = JSON.parse(readFileSync(join(bench, 'ground-truth.subset.json'), 'utf8')) as Record<string, { articleBody: string }>;
    for (const file of readdirSync(join(bench, 'html')).sort()) {
      const id = file.replace(/\.html\.gz$/, '');
      samples.push({ id, kind: 'benchmark', html: gunzipSync(readFileSync(join(bench, 'html', file))).toString('utf8'), truth: truth[id]?.articleBody });
    }
  }
  const rdir = join(corpusDir, 'pages/readability');
  if (existsSync(rdir)) {
    for (const name of readdirSync(rdir).sort()) {
      const src = join(rdir, name, 'source.html');
      if (!existsSync(src)) continue;
      const expected = readFileSync(join(rdir, name, 'expected.html'), 'utf8');
      samples.push({ id: name, kind: 'readability', html: readFileSync(src, 'utf8'), truth: parseHTML(`<html><body>${expected}</body></html>`).document.body.textContent ?? '' });
    }
  }
  return samples;
}

interface Run { parseMs: number; readMs: number; text: string }

function runOnce(dom: DomName, html: string): Run {
  const t0 = performance.now();
  const doc = parseWith(dom, html);
  const t1 = performance.now();
  const article = new Readability(doc).parse();
  const t2 = performance.now();
  return { parseMs: t1 - t0, readMs: t2 - t1, text: article?.textContent ?? '' };
}

function main(): void {
  const corpusDir = resolve(process.argv[2] ?? '../shared/corpus');
  if (!existsSync(join(corpusDir, 'pages'))) {
    console.log(`No corpus pages under ${corpusDir}; nothing to measure.`);
    return;
  }
  const samples = loadSamples(corpusDir);
  // Warm both DOMs up so JIT compilation does not count against whichever runs first.
  for (const s of samples.slice(0, 5)) for (const d of ['linkedom', 'jsdom'] as const) runOnce(d, s.html);

  const doms: DomName[] = ['linkedom', 'jsdom'];
  const runs: Record<DomName, Run[]> = { linkedom: [], jsdom: [] };
  const failures: Record<DomName, number> = { linkedom: 0, jsdom: 0 };
  for (const s of samples) {
    for (const d of doms) {
      try {
        runs[d].push(runOnce(d, s.html));
      } catch {
        failures[d] += 1;
        runs[d].push({ parseMs: 0, readMs: 0, text: '' });
      }
    }
  }

  console.log(`DOM comparison over ${samples.length} pages (${samples.filter((s) => s.kind === 'benchmark').length} benchmark, ${samples.filter((s) => s.kind === 'readability').length} Readability test pages)\n`);
  console.log('dom       parse p50  parse p95  total p50  total p95  total mean  failures');
  for (const d of doms) {
    const parse = runs[d].map((r) => r.parseMs);
    const total = runs[d].map((r) => r.parseMs + r.readMs);
    const mean = total.reduce((a, b) => a + b, 0) / total.length;
    console.log(`${d.padEnd(9)} ${percentile(parse, 50).toFixed(1).padStart(9)} ${percentile(parse, 95).toFixed(1).padStart(10)} ${percentile(total, 50).toFixed(1).padStart(10)} ${percentile(total, 95).toFixed(1).padStart(10)} ${mean.toFixed(1).padStart(11)} ${String(failures[d]).padStart(9)}`);
  }

  // Agreement: token F1 of linkedom's text against jsdom's, per page.
  const agree = samples.map((_, i) => tokenF1(runs.linkedom[i]!.text, runs.jsdom[i]!.text));
  const identical = samples.filter((_, i) => runs.linkedom[i]!.text.replace(/\s+/g, ' ').trim() === runs.jsdom[i]!.text.replace(/\s+/g, ' ').trim()).length;
  console.log(`\nagreement linkedom vs jsdom: identical text (whitespace-normalised) on ${identical}/${samples.length} pages; mean token F1 ${(agree.reduce((a, b) => a + b, 0) / agree.length).toFixed(4)}; min ${Math.min(...agree).toFixed(3)}`);
  const worst = samples.map((s, i) => ({ id: s.id, f1: agree[i]! })).sort((a, b) => a.f1 - b.f1).slice(0, 5);
  console.log('least agreement:', worst.map((w) => `${w.id.slice(0, 24)} ${w.f1.toFixed(3)}`).join(', '));

  // Quality against the references, per DOM.
  for (const d of doms) {
    const bi = samples.map((s, i) => ({ s, r: runs[d][i]! })).filter((x) => x.s.kind === 'benchmark');
    const agg = aggregateShingles(bi.map((x) => shingleScores(x.s.truth ?? '', x.r.text)));
    const ri = samples.map((s, i) => ({ s, r: runs[d][i]! })).filter((x) => x.s.kind === 'readability');
    const rf1 = ri.map((x) => tokenF1(x.r.text, x.s.truth ?? ''));
    console.log(`${d.padEnd(9)} benchmark P ${agg.precision.toFixed(3)} R ${agg.recall.toFixed(3)} F1 ${agg.f1.toFixed(3)} | readability pages mean token F1 ${(rf1.reduce((a, b) => a + b, 0) / Math.max(1, rf1.length)).toFixed(4)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
