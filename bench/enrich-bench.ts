/**
 * Enrichment cost: page → clean text + summary + quotes (`understandPage`), per page over the corpus's real
 * pages (the article-extraction benchmark's 80 news pages and Mozilla's 130 Readability test pages), with a
 * breakdown into extraction and summary + quotes. Then the DOM comparison (linkedom vs jsdom under plain
 * Readability) by running bench/dom-compare.ts as it is, since it exports no function for it.
 *
 *   npx tsx bench/enrich-bench.ts [--corpus ../shared/corpus] [--no-dom]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { understandPage, understandText } from '../src/news/enrich.ts';
import { extractArticle } from '../src/news/extract/extract.ts';
import { loadSamples } from './dom-compare.ts';
import { argValue, isMain, repoDir, runScenario, type ScenarioOutput } from './lib/scenario.ts';
import { fmt, markdownTable, percentile } from './lib/table.ts';

const P95_TARGET_MS = 50;
const SENTENCES = 3;
const URL_OF_TEST_PAGES = 'http://fakehost/test/page.html';

export interface PageTiming {
  id: string;
  kind: string;
  bytes: number;
  totalMs: number;
  /**
   * CPU time of the same call (user + system, all threads). Other work on the machine does not inflate it, but V8's
   * garbage collector does part of its work on helper threads, so even on an idle machine it runs above the wall time.
   */
  cpuMs: number;
  extractMs: number;
  understandMs: number;
  ok: boolean;
  failure?: string;
}

export interface Distribution {
  pages: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

function dist(values: number[]): Distribution {
  return {
    pages: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: values.length ? Math.max(...values) : NaN,
    mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN,
  };
}

export function benchEnrich(corpusDir: string): { pages: PageTiming[] } | null {
  const samples = loadSamples(corpusDir);
  if (samples.length === 0) return null;
  const urlOf = (kind: string) => (kind === 'readability' ? URL_OF_TEST_PAGES : undefined);
  // JIT warm-up, so the first pages measured are not paying for compilation.
  for (const s of samples.slice(0, 10)) {
    try {
      understandPage(s.html, urlOf(s.kind), SENTENCES);
    } catch {
      // Pages that are not articles throw EnrichError; they still warm the code up.
    }
  }
  const pages: PageTiming[] = [];
  for (const s of samples) {
    // The headline number: the one call the bot makes per page.
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let ok = true;
    let failure: string | undefined;
    try {
      understandPage(s.html, urlOf(s.kind), SENTENCES);
    } catch (err) {
      ok = false;
      failure = err instanceof Error ? err.message.slice(0, 120) : String(err);
    }
    const totalMs = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    // The breakdown, measured on a second run of the same page.
    const t1 = performance.now();
    const extracted = extractArticle(s.html, { url: urlOf(s.kind) });
    const extractMs = performance.now() - t1;
    let understandMs = 0;
    if (extracted.ok) {
      const t2 = performance.now();
      understandText(extracted.page, SENTENCES, 'page');
      understandMs = performance.now() - t2;
    }
    pages.push({ id: s.id, kind: s.kind, bytes: Buffer.byteLength(s.html), totalMs, cpuMs, extractMs, understandMs, ok, ...(failure ? { failure } : {}) });
  }
  return { pages };
}

function runDomCompare(corpusDir: string): string {
  try {
    return execFileSync(process.execPath, ['--import', 'tsx', join(repoDir, 'bench', 'dom-compare.ts'), corpusDir], {
      cwd: repoDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 16 * 1024 * 1024,
    }).trim();
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return `bench/dom-compare.ts failed: ${(e.stderr ?? e.message).split('\n').slice(0, 3).join(' ')}`;
  }
}

export async function enrichScenario(argv: string[]): Promise<ScenarioOutput> {
  const corpusDir = resolve(argValue(argv, '--corpus') ?? join(repoDir, '..', 'shared', 'corpus'));
  if (!existsSync(join(corpusDir, 'pages'))) {
    return { markdown: `No corpus pages under ${corpusDir}: enrichment not measured.`, data: null };
  }
  const result = benchEnrich(corpusDir);
  if (!result) return { markdown: `No pages found under ${corpusDir}/pages: enrichment not measured.`, data: null };
  const { pages } = result;
  const groups: [string, PageTiming[]][] = [
    ['all pages', pages],
    ['benchmark news pages', pages.filter((p) => p.kind === 'benchmark')],
    ['Readability test pages', pages.filter((p) => p.kind === 'readability')],
  ];
  const rows = groups.map(([label, list]) => {
    const total = dist(list.map((p) => p.totalMs));
    const cpu = dist(list.map((p) => p.cpuMs));
    const extract = dist(list.map((p) => p.extractMs));
    const understand = dist(list.filter((p) => p.ok).map((p) => p.understandMs));
    return [
      `${label} (${list.length})`,
      fmt.n1(total.p50),
      fmt.n1(total.p95),
      fmt.n1(total.max),
      `${fmt.n1(cpu.p50)} / ${fmt.n1(cpu.p95)}`,
      `${fmt.n1(extract.p50)} / ${fmt.n1(extract.p95)}`,
      `${fmt.n1(understand.p50)} / ${fmt.n1(understand.p95)}`,
      '< 50',
      total.p95 < P95_TARGET_MS ? 'PASS' : `MISS (${fmt.n1(total.p95 / P95_TARGET_MS)}×)`,
    ];
  });
  const slowest = [...pages].sort((a, b) => b.totalMs - a.totalMs).slice(0, 5);
  const failures = pages.filter((p) => !p.ok).length;
  const dom = argv.includes('--no-dom') ? 'skipped (--no-dom)' : runDomCompare(corpusDir);
  const markdown = [
    `\`understandPage\` (extraction with Readability on linkedom + cleaning, then ${SENTENCES}-sentence summary and quotes), one call per page, pages in memory. ${failures} pages end in "not an article" (timed all the same).`,
    '',
    markdownTable(
      ['pages', 'p50 ms', 'p95 ms', 'max ms', 'CPU ms p50 / p95', 'extraction p50 / p95', 'summary + quotes p50 / p95', 'target p95 ms', 'result'],
      rows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'l'],
    ),
    '',
    'p50/p95/max are wall-clock ms per page and decide PASS/MISS; CPU ms is the same call\'s CPU time, which other work on the machine does not inflate but which counts the garbage collector\'s helper threads too, so it runs above the wall time even on an idle machine. The breakdown columns come from a second run of each page.',
    '',
    `Slowest pages: ${slowest.map((p) => `${p.id.slice(0, 24)} ${fmt.int(p.totalMs)} ms (${fmt.int(p.bytes / 1024)} kB)`).join(', ')}.`,
    '',
    'DOM comparison (plain Readability on each DOM, same pages), output of bench/dom-compare.ts:',
    '',
    '```',
    dom,
    '```',
  ].join('\n');
  return {
    markdown,
    data: {
      sentences: SENTENCES,
      total: Object.fromEntries(groups.map(([label, list]) => [label, dist(list.map((p) => p.totalMs))])),
      cpu: Object.fromEntries(groups.map(([label, list]) => [label, dist(list.map((p) => p.cpuMs))])),
      extraction: dist(pages.map((p) => p.extractMs)),
      summaryAndQuotes: dist(pages.filter((p) => p.ok).map((p) => p.understandMs)),
      failures,
      slowest: slowest.map((p) => ({ id: p.id, ms: p.totalMs, bytes: p.bytes })),
      domCompare: dom,
    },
  };
}

if (isMain(import.meta.url)) await runScenario('enrich', 'Enrichment', enrichScenario);
