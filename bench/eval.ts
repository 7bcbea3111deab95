/**
 * `npm run eval -- --corpus <path>`: quality on real third-party data, each area against its baselines in
 * the same run, with the targets of issue 7. Reads the corpus at run time (default ../shared/corpus next to
 * the repository); nothing of it is stored in the repository.
 *
 * Writes bench/results/eval.md (the tables), bench/results/eval.json (the headline numbers) and
 * bench/results/eval.items.json (per page / article / feed, to trace a regression to what moved).
 * An area whose module is missing or throws is reported as such and the others still run.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeRun, runInfo } from './lib/machine.ts';
import { fmt, markdownTable } from './lib/table.ts';

const repoDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(repoDir, 'bench', 'results');
const TIME_BUDGET_S = 240;

interface Row {
  metric: string;
  values: string[];
  target: string;
  /** null: no target for this row. */
  pass: boolean | null;
}

interface Area {
  key: string;
  title: string;
  columns: string[];
  rows: Row[];
  notes: string[];
  seconds: number;
  error?: string;
}

interface BaselineCheck {
  what: string;
  measured: number;
  expected: number;
  tolerance: number;
  ok: boolean;
}

function corpusArg(argv: string[]): string {
  const i = argv.indexOf('--corpus');
  if (i >= 0 && argv[i + 1]) return resolve(argv[i + 1]!);
  const eq = argv.find((a) => a.startsWith('--corpus='));
  if (eq) return resolve(eq.slice('--corpus='.length));
  return resolve(repoDir, '..', 'shared', 'corpus');
}

const atLeast = (x: number, t: number) => x >= t;
const atMost = (x: number, t: number) => x <= t;

function check(what: string, measured: number, expected: number, tolerance: number): BaselineCheck {
  return { what, measured, expected, tolerance, ok: Math.abs(measured - expected) <= tolerance + 1e-9 };
}

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message.split('\n')[0]}`;
  return String(err);
}

async function main(): Promise<void> {
  const corpus = corpusArg(process.argv.slice(2));
  if (!existsSync(corpus)) {
    console.log(`No corpus at ${corpus}: nothing evaluated, no results written. Pass --corpus <path> to a copy of the shared corpus.`);
    return;
  }
  const info = runInfo(repoDir);
  const started = performance.now();
  const areas: Area[] = [];
  const json: Record<string, unknown> = { run: info, corpus };
  const items: Record<string, unknown> = {};
  const checks: BaselineCheck[] = [];
  const errors: Record<string, string> = {};

  /** Runs one area; a failure becomes a note instead of ending the eval. */
  async function area(key: string, title: string, run: () => Promise<Omit<Area, 'key' | 'title' | 'seconds'> | null>): Promise<void> {
    process.stdout.write(`${title} … `);
    const t0 = performance.now();
    try {
      const r = await run();
      const seconds = (performance.now() - t0) / 1000;
      if (!r) {
        areas.push({ key, title, columns: [], rows: [], notes: ['skipped: that part of the corpus is missing'], seconds });
        console.log('skipped (not in corpus)');
        return;
      }
      areas.push({ key, title, seconds, ...r });
      console.log(`${seconds.toFixed(1)} s`);
    } catch (err) {
      const seconds = (performance.now() - t0) / 1000;
      errors[key] = errorText(err);
      areas.push({ key, title, columns: [], rows: [], notes: [], seconds, error: errorText(err) });
      console.log(`FAILED: ${errorText(err)}`);
    }
  }

  await area('extraction', 'Extraction', async () => {
    const { evalExtraction } = await import('./eval/extraction.ts');
    const r = await evalExtraction(corpus);
    if (!r) return null;
    const b = r.benchmark;
    json.extraction = {
      benchmark: { pages: b.pages, ours: b.ours, readability: b.readability },
      readabilityPages: { pages: r.readabilityPages.pages, ours: r.readabilityPages.ours, readability: r.readabilityPages.readability, worseThanPlain: r.readabilityPages.worseThanPlain },
      boilerplate: { ours: r.boilerplate.ours, readability: r.boilerplate.readability },
      speed: r.speed,
    };
    items.extraction = { benchmark: b.items, readabilityPages: r.readabilityPages.items, boilerplate: r.boilerplate.items.filter((i) => Object.values(i.ours).some((n) => n > 0) || Object.values(i.readability).some((n) => n > 0)) };
    checks.push(
      check('plain Readability, benchmark F1', b.readability.f1, 0.951, 0.005),
      check('plain Readability, benchmark precision', b.readability.precision, 0.922, 0.005),
      check('plain Readability, benchmark recall', b.readability.recall, 0.982, 0.005),
    );
    const worse = r.readabilityPages.worseThanPlain;
    const kinds = ['callToAction', 'related', 'comment', 'share'] as const;
    return {
      columns: ['ours', 'plain Readability'],
      rows: [
        { metric: `benchmark (${b.pages} pages) precision`, values: [fmt.n3(b.ours.precision), fmt.n3(b.readability.precision)], target: '≥ 0.95', pass: atLeast(b.ours.precision, 0.95) },
        { metric: 'benchmark recall', values: [fmt.n3(b.ours.recall), fmt.n3(b.readability.recall)], target: '', pass: null },
        { metric: 'benchmark F1', values: [fmt.n3(b.ours.f1), fmt.n3(b.readability.f1)], target: '≥ 0.96', pass: atLeast(b.ours.f1, 0.96) },
        { metric: `Readability test pages (${r.readabilityPages.pages}) mean token F1`, values: [fmt.n3(r.readabilityPages.ours.f1), fmt.n3(r.readabilityPages.readability.f1)], target: '≥ plain', pass: r.readabilityPages.ours.f1 >= r.readabilityPages.readability.f1 },
        { metric: 'pages worse than plain by > 0.02', values: [String(worse.length), '–'], target: '0', pass: worse.length === 0 },
        ...kinds.map((k) => ({ metric: `boilerplate lines left: ${k}`, values: [String(r.boilerplate.ours[k]), String(r.boilerplate.readability[k])], target: '0', pass: r.boilerplate.ours[k] === 0 })),
        { metric: `time per page, ours (${r.speed.pages} pages) p50 / p95 ms`, values: [`${fmt.n1(r.speed.p50)} / ${fmt.n1(r.speed.p95)}`, '–'], target: '', pass: null },
      ],
      notes: worse.length ? [`pages worse than plain Readability by more than 0.02 token F1: ${worse.join(', ')}`] : [],
    };
  });

  await area('summaries', 'Summaries (ROUGE F1, %)', async () => {
    if (!existsSync(join(corpus, 'summaries'))) return null;
    const { evalSummaries } = await import('./eval/summaries.ts');
    const { metrics, items: perArticle } = await evalSummaries(corpus);
    const pick = (s: { rouge1: number; rouge2: number; rougeL: number }) => ({ rouge1: s.rouge1, rouge2: s.rouge2, rougeL: s.rougeL });
    json.summaries = Object.fromEntries(
      (['cnndm', 'xsum'] as const).map((d) => [d, { articles: metrics[d].articles, ours: pick(metrics[d].ours), lead3: pick(metrics[d].lead3), lead1: pick(metrics[d].lead1), textrank: pick(metrics[d].textrank) }]),
    );
    items.summaries = perArticle;
    checks.push(
      check('Lead-3 CNN/DM ROUGE-1', metrics.cnndm.lead3.rouge1, 39.89, 0.7),
      check('Lead-3 CNN/DM ROUGE-2', metrics.cnndm.lead3.rouge2, 18.34, 0.7),
      check('Lead-3 CNN/DM ROUGE-L', metrics.cnndm.lead3.rougeL, 36.35, 0.7),
      check('Lead-1 XSum ROUGE-1', metrics.xsum.lead1.rouge1, 15.4, 0.7),
      check('Lead-1 XSum ROUGE-2', metrics.xsum.lead1.rouge2, 1.57, 0.7),
      check('Lead-1 XSum ROUGE-L', metrics.xsum.lead1.rougeL, 11.53, 0.7),
    );
    const rows: Row[] = [];
    for (const [d, label, base] of [['cnndm', 'CNN/DM', 'lead3'], ['xsum', 'XSum', 'lead1']] as const) {
      for (const [k, name] of [['rouge1', 'R-1'], ['rouge2', 'R-2'], ['rougeL', 'R-L']] as const) {
        const m = metrics[d];
        rows.push({
          metric: `${label} (${m.articles}) ${name}`,
          values: [m.ours[k], m.lead3[k], m.lead1[k], m.textrank[k]].map(fmt.n2),
          target: `≥ ${base === 'lead3' ? 'Lead-3' : 'Lead-1'}`,
          pass: atLeast(m.ours[k], m[base][k]),
        });
      }
    }
    // Real pages through the bot's own path: is each summary sentence the story's text, and free of datelines?
    const { evalPageSummaries } = await import('./eval/summaries.ts');
    const pages = await evalPageSummaries(corpus);
    const notes: string[] = [];
    if (pages) {
      json.summaries = { ...(json.summaries as object), benchmark: { pages: pages.pages, ours: pages.ours, lead3: pages.lead3 } };
      items.summaryPages = pages.items;
      const { ours, lead3 } = pages;
      rows.push(
        { metric: `benchmark pages (${pages.pages}): summary sentences`, values: [String(ours.sentences), String(lead3.sentences), '–', '–'], target: '', pass: null },
        { metric: 'benchmark: sentences outside the labelled body', values: [String(ours.outsideBody), String(lead3.outsideBody), '–', '–'], target: '0', pass: ours.outsideBody === 0 },
        { metric: 'benchmark: sentences opening with a dateline', values: [String(ours.datelines), String(lead3.datelines), '–', '–'], target: '0', pass: ours.datelines === 0 },
      );
      for (const i of pages.items) for (const x of i.outside.ours) notes.push(`outside the labelled body (${i.id.slice(0, 12)}): ${x.slice(0, 140)}`);
      notes.push('a sentence is outside the body when fewer than 90% of its word trigrams occur in the page\'s human-labelled article body; Lead-3 is the first three sentences of the same clean text');
    }
    return { columns: ['ours', 'Lead-3', 'Lead-1', 'TextRank'], rows, notes };
  });

  await area('quotes', 'Key quotes (direct quotes)', async () => {
    if (!existsSync(join(corpus, 'quotes'))) return null;
    const { evalQuotes } = await import('./eval/quotes.ts');
    const { metrics, items: perArticle } = await evalQuotes(corpus);
    json.quotes = metrics;
    items.quotes = perArticle;
    checks.push(
      check('naive quotes precision', metrics.naive.precision, 0.91, 0.02),
      check('naive quotes direct recall', metrics.naive.recall, 0.947, 0.02),
      check('naive quotes speaker accuracy', metrics.naive.speakerAccuracy, 0.2, 0.02),
    );
    const { ours, naive } = metrics;
    return {
      columns: ['ours', 'naive'],
      rows: [
        { metric: 'precision', values: [fmt.n3(ours.precision), fmt.n3(naive.precision)], target: '≥ 0.95', pass: atLeast(ours.precision, 0.95) },
        { metric: `direct recall (${ours.directAnnotated} annotated)`, values: [fmt.n3(ours.recall), fmt.n3(naive.recall)], target: '≥ 0.93', pass: atLeast(ours.recall, 0.93) },
        { metric: 'speaker accuracy', values: [fmt.n3(ours.speakerAccuracy), fmt.n3(naive.speakerAccuracy)], target: '≥ 0.85', pass: atLeast(ours.speakerAccuracy, 0.85) },
        { metric: 'quotes found', values: [String(ours.found), String(naive.found)], target: '', pass: null },
      ],
      notes: [],
    };
  });

  await area('feeds', 'Feeds', async () => {
    const { evalFeeds } = await import('./eval/feeds.ts');
    const r = await evalFeeds(corpus);
    if (!r) return null;
    json.feeds = {
      files: r.feeds,
      parsed: r.parsed,
      failed: r.failed,
      crashed: r.crashed,
      items: r.items,
      failuresByReason: r.failuresByReason,
      wellFormed: { total: r.wellFormed.total, parsed: r.wellFormed.parsed, failed: r.wellFormed.failed.map((f) => ({ file: f.file, reason: f.reason, message: f.message })) },
      malformed: { total: r.malformed.total, failedWithReason: r.malformed.failedWithReason, recovered: r.malformed.recovered },
      crashes: [...r.wellFormed.crashed, ...r.malformed.crashed].map((f) => ({ file: f.file, reason: f.reason, message: f.message })),
      fewerItemsThanExpected: r.fewerItemsThanExpected,
    };
    items.feeds = r.perFeed;
    const crashes = [...r.wellFormed.crashed, ...r.malformed.crashed];
    return {
      columns: ['ours'],
      rows: [
        { metric: `feeds parsed / failed with a reason / crashed (of ${r.feeds})`, values: [`${r.parsed} / ${r.failed} / ${r.crashed}`], target: '', pass: null },
        { metric: 'items found', values: [String(r.items)], target: '', pass: null },
        { metric: `well-formed feeds parsed (README xml_check)`, values: [`${r.wellFormed.parsed} / ${r.wellFormed.total}`], target: 'all', pass: r.wellFormed.parsed === r.wellFormed.total },
        { metric: 'malformed feeds: failed with a reason / recovered', values: [`${r.malformed.failedWithReason} / ${r.malformed.recovered} (of ${r.malformed.total})`], target: 'none crash', pass: r.malformed.crashed.length === 0 },
        { metric: 'crashed (exception other than FeedParseError, or no answer in 5 s)', values: [String(r.crashed)], target: '0', pass: r.crashed === 0 },
        { metric: 'well-formed feeds with fewer items than the XML holds', values: [String(r.fewerItemsThanExpected.length)], target: '', pass: null },
      ],
      notes: [
        `failures by reason: ${Object.entries(r.failuresByReason).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
        ...r.wellFormed.failed.map((f) => `well-formed but failed (pipeline bug): ${f.file} [${f.reason}] ${f.message ?? ''}`),
        ...crashes.map((f) => `crashed: ${f.file}: ${f.reason}: ${f.message ?? ''}`),
        ...r.fewerItemsThanExpected.map((f) => `fewer items than the XML holds: ${f.file} ${f.found}/${f.expected}`),
      ],
    };
  });

  await area('topics', 'Topics', async () => {
    if (!existsSync(join(corpus, 'topics'))) return null;
    const { evalTopics } = await import('./eval/topics.ts');
    const r = await evalTopics(corpus);
    const pr = (x: { precision: number; recall: number }) => ({ precision: x.precision, recall: x.recall });
    const cr = (x: { precision: number; recall: number; falsePositiveRate: number; falsePositiveRateReuters: number; falsePositiveRateAgNews: number }) => ({
      ...pr(x),
      falsePositiveRate: x.falsePositiveRate,
      falsePositiveRateReuters: x.falsePositiveRateReuters,
      falsePositiveRateAgNews: x.falsePositiveRateAgNews,
    });
    json.topics = {
      japan: { documents: r.japan.documents, ours: pr(r.japan.ours), substring: pr(r.japan.substring), titleLeadOr3: pr(r.japan.titleLeadOr3) },
      crypto: { positives: r.crypto.positives, negatives: r.crypto.negatives, ours: cr(r.crypto.ours), substring: cr(r.crypto.substring), broad: cr(r.crypto.broad) },
    };
    items.topics = r.items;
    checks.push(
      check('japan substring precision', r.japan.substring.precision, 0.66, 0.01),
      check('japan substring recall', r.japan.substring.recall, 0.99, 0.01),
      check('japan title/lead-or-3 precision', r.japan.titleLeadOr3.precision, 0.82, 0.01),
      check('japan title/lead-or-3 recall', r.japan.titleLeadOr3.recall, 0.95, 0.01),
      check('crypto substring recall', r.crypto.substring.recall, 0.64, 0.01),
      check('crypto broad-list recall', r.crypto.broad.recall, 0.81, 0.02),
      check('crypto broad-list false positives on Reuters (%)', r.crypto.broad.falsePositiveRateReuters * 100, 0.16, 0.05),
    );
    const j = r.japan;
    const c = r.crypto;
    return {
      columns: ['ours', 'substring', 'title/lead or 3+ (japan), broad list (crypto)'],
      rows: [
        { metric: `japan precision (Reuters, ${j.documents}, weighted)`, values: [fmt.n3(j.ours.precision), fmt.n3(j.substring.precision), fmt.n3(j.titleLeadOr3.precision)], target: '≥ 0.90', pass: atLeast(j.ours.precision, 0.9) },
        { metric: 'japan recall', values: [fmt.n3(j.ours.recall), fmt.n3(j.substring.recall), fmt.n3(j.titleLeadOr3.recall)], target: '≥ 0.90', pass: atLeast(j.ours.recall, 0.9) },
        { metric: `crypto recall (${c.positives} crypto items)`, values: [fmt.n3(c.ours.recall), fmt.n3(c.substring.recall), fmt.n3(c.broad.recall)], target: '≥ 0.95', pass: atLeast(c.ours.recall, 0.95) },
        { metric: `crypto false positives (${c.negatives} Reuters + AG News)`, values: [fmt.pct(c.ours.falsePositiveRate), fmt.pct(c.substring.falsePositiveRate), fmt.pct(c.broad.falsePositiveRate)], target: '≤ 0.3%', pass: atMost(c.ours.falsePositiveRate, 0.003) },
        { metric: 'crypto precision', values: [fmt.n3(c.ours.precision), fmt.n3(c.substring.precision), fmt.n3(c.broad.precision)], target: '', pass: null },
      ],
      notes: ['the third column is the "title/lead or 3+ mentions" rule for japan and the broader term list for crypto'],
    };
  });

  await area('stories', 'Stories (one alert per story)', async () => {
    const { evalStories } = await import('./eval/stories.ts');
    const r = await evalStories(corpus);
    if (!r) return null;
    const pick = (c: { precision: number; recall: number; f1: number; alertsPerStory: number; suppressedStories: number }) => ({
      bcubed: { precision: c.precision, recall: c.recall, f1: c.f1 },
      alertsPerStory: c.alertsPerStory,
      suppressedStories: c.suppressedStories,
    });
    const u = r.uci;
    // The corpus README measured this baseline on the whole file (seed 7, threshold 0.06); its exact tokenising and
    // word list are not given, hence the looser tolerance.
    checks.push(
      check('plain TF-IDF stories, whole stream, B-cubed precision', u.tfidfWholeStream.precision, 0.759, 0.04),
      check('plain TF-IDF stories, whole stream, B-cubed recall', u.tfidfWholeStream.recall, 0.732, 0.04),
      check('plain TF-IDF stories, whole stream, B-cubed F1', u.tfidfWholeStream.f1, 0.745, 0.04),
    );
    json.stories = {
      uci: { reportItems: u.reportItems, tuneItems: u.tuneItems, thresholds: u.thresholds, ours: pick(u.ours), tfidf: pick(u.tfidf), exact: pick(u.exact), oneSharedTerm: pick(u.oneSharedTerm), oursWholeStream: pick(u.oursWholeStream), oursDefault: pick(u.oursDefault), tfidfWholeStream: pick(u.tfidfWholeStream) },
      syndication: { recall: r.syndication.recall, precision: r.syndication.precision, copies: r.syndication.copies, articles: r.syndication.articles },
    };
    items.stories = { syndicationMissed: r.syndication.missed };
    const cols = [u.ours, u.tfidf, u.exact, u.oneSharedTerm];
    return {
      columns: ['ours', 'plain TF-IDF', 'exact title/URL', 'ours, one shared term'],
      rows: [
        { metric: `UCI reported half (${u.reportItems} headlines) B-cubed precision`, values: cols.map((c) => fmt.n3(c.precision)), target: '≥ 0.90', pass: atLeast(u.ours.precision, 0.9) },
        { metric: 'B-cubed recall', values: cols.map((c) => fmt.n3(c.recall)), target: '', pass: null },
        { metric: 'B-cubed F1', values: cols.map((c) => fmt.n3(c.f1)), target: '≥ 0.80', pass: atLeast(u.ours.f1, 0.8) },
        { metric: 'alerts per story', values: cols.map((c) => fmt.n2(c.alertsPerStory)), target: '≤ 3', pass: atMost(u.ours.alertsPerStory, 3) },
        { metric: 'stories with no alert of their own', values: cols.map((c) => fmt.pct(c.suppressedStories)), target: '≤ 5%', pass: atMost(u.ours.suppressedStories, 0.05) },
        { metric: `syndicated copies joined (${r.syndication.copies} of ${r.syndication.articles} articles): recall`, values: [fmt.n3(r.syndication.recall), '–', '–', '–'], target: '≥ 0.98', pass: atLeast(r.syndication.recall, 0.98) },
        { metric: 'syndication precision', values: [fmt.n3(r.syndication.precision), '–', '–', '–'], target: '≥ 0.99', pass: atLeast(r.syndication.precision, 0.99) },
      ],
      notes: [
        `thresholds chosen on the tuning half (${u.tuneItems} headlines, other gold stories): ours ${u.thresholds.ours}, plain TF-IDF ${u.thresholds.tfidf}, one shared term ${u.thresholds.oneSharedTerm}`,
        'the aggregator\'s stories are topics (every "Titanfall" headline of a day is one story) and it sometimes splits one event in two (a bankruptcy filing in two gold stories); ours are events: two shared facts join, one fact only when it is nearly all of a grown story\'s identity, and stories fold as they grow only when they share their central facts and a name. That costs recall here, by design: the one-shared-term column shows what a looser rule buys and what it merges',
        `ours over the whole stream with the tuned threshold: P ${fmt.n3(u.oursWholeStream.precision)}, R ${fmt.n3(u.oursWholeStream.recall)}, F1 ${fmt.n3(u.oursWholeStream.f1)}; on the reported half at the bot's default threshold: P ${fmt.n3(u.oursDefault.precision)}, R ${fmt.n3(u.oursDefault.recall)}, F1 ${fmt.n3(u.oursDefault.f1)}, ${fmt.n2(u.oursDefault.alertsPerStory)} alerts per story (that default was set looking at the whole stream)`,
        `plain TF-IDF (function words dropped, each headline counted once in a centroid) over the whole stream at the corpus README's threshold 0.06: P ${fmt.n3(u.tfidfWholeStream.precision)}, R ${fmt.n3(u.tfidfWholeStream.recall)}, F1 ${fmt.n3(u.tfidfWholeStream.f1)} (the README's figure: 0.759 / 0.732 / 0.745), which checks the baseline`,
        `syndication: ${r.syndication.corpusDuplicates} pair of corpus articles that are one text counted as a right join; least containment of a joined copy ${fmt.n3(r.syndication.minContainment)}`,
      ],
    };
  });

  await area('topicsAgNews', 'Built-in topics on AG News (matches by category)', async () => {
    if (!existsSync(join(corpus, 'topics'))) return null;
    const { evalCatalogOnAgNews, AG_CATEGORIES, EXPECTED_CATEGORY } = await import('./eval/topics.ts');
    const r = await evalCatalogOnAgNews(corpus);
    json.topicsAgNews = { items: r.items, topics: Object.fromEntries(r.rows.map((row) => [row.topic, { byCategory: row.byCategory, precision: row.precision }])) };
    items.topicsAgNews = r.rows.map((row) => ({ topic: row.topic, suspect: row.suspect }));
    return {
      columns: [...AG_CATEGORIES, 'precision'],
      rows: r.rows.map((row) => ({
        metric: `${row.topic}${EXPECTED_CATEGORY[row.topic] ? ` (expected in ${EXPECTED_CATEGORY[row.topic]!.join(', ')})` : ''}`,
        values: [...AG_CATEGORIES.map((c) => String(row.byCategory[c])), row.precision === null ? '–' : fmt.n3(row.precision)],
        target: '',
        pass: null,
      })),
      notes: [`${r.items} AG News items (500 per category). No built-in topic is about sport: a match in Sports is a false sense or a passing mention`],
    };
  });

  const totalSeconds = (performance.now() - started) / 1000;
  json.seconds = { total: totalSeconds, ...Object.fromEntries(areas.map((a) => [a.key, a.seconds])) };
  json.targets = areas.flatMap((a) => a.rows.filter((r) => r.pass !== null).map((r) => ({ area: a.key, metric: r.metric, ours: r.values[0], target: r.target, pass: r.pass })));
  json.baselineChecks = checks;
  if (Object.keys(errors).length) json.errors = errors;

  const md = render(info, corpus, areas, checks, totalSeconds);
  console.log(`\n${md}`);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'eval.md'), `${md}\n`);
  writeFileSync(join(resultsDir, 'eval.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(resultsDir, 'eval.items.json'), `${JSON.stringify(items)}\n`);
  console.log(`\nwrote bench/results/eval.md, eval.json, eval.items.json (${totalSeconds.toFixed(0)} s)`);
}

function render(info: ReturnType<typeof runInfo>, corpus: string, areas: Area[], checks: BaselineCheck[], totalSeconds: number): string {
  const out: string[] = ['# Quality eval (`npm run eval`)', '', describeRun(info), `- corpus: ${corpus}`, `- duration: ${totalSeconds.toFixed(0)} s (budget ${TIME_BUDGET_S} s${totalSeconds > TIME_BUDGET_S ? ', OVER BUDGET' : ''})`, ''];
  const targets = areas.flatMap((a) => a.rows.filter((r) => r.pass !== null));
  out.push(`Targets met: ${targets.filter((r) => r.pass).length} of ${targets.length}.`, '');
  for (const a of areas) {
    out.push(`## ${a.title}`, '');
    if (a.error) out.push(`Not evaluated: the module failed (${a.error}).`, '');
    if (a.rows.length) {
      out.push(
        markdownTable(
          ['metric', ...a.columns, 'target', 'result'],
          a.rows.map((r) => [r.metric, ...r.values, r.target, r.pass === null ? '' : r.pass ? 'PASS' : 'MISS']),
          ['l', ...a.columns.map(() => 'r' as const), 'l', 'l'],
        ),
        '',
      );
    }
    for (const n of a.notes) out.push(`- ${n}`);
    if (a.notes.length) out.push('');
    out.push(`(${a.seconds.toFixed(1)} s)`, '');
  }
  out.push('## Check of the eval itself: baselines against their independent measurements', '');
  out.push(
    markdownTable(
      ['baseline', 'measured here', 'measured independently', 'tolerance', 'result'],
      checks.map((c) => [c.what, c.measured.toFixed(3), String(c.expected), `±${c.tolerance}`, c.ok ? 'OK' : 'OFF']),
      ['l', 'r', 'r', 'r', 'l'],
    ),
  );
  return out.join('\n');
}

await main();
