/**
 * Topic matching speed as a cost curve: articles/s against 10, 100, 1,000, 10,000 and 100,000
 * generated custom-query subscriptions, each time together with the 12 built-in topics.
 * Articles and queries are generated from a fixed seed, so runs are comparable. Each row keeps
 * the best of a few passes over the articles, and gives CPU time beside wall time: on a shared
 * machine wall time mostly measures the neighbours.
 *
 *   npx tsx bench/match-bench.ts
 */
import { pathToFileURL } from 'node:url';
import { loadCatalog } from '../src/topics/catalog.ts';
import { TopicIndex, type MatchInput } from '../src/topics/match.ts';
import { rng } from './lib/synthetic-news.ts';

export interface MatchBenchRow {
  subscriptions: number;
  /** Time to register all subscriptions, ms. */
  buildMs: number;
  articlesPerSecond: number;
  /** Wall time per article, best pass. */
  msPerArticle: number;
  /** CPU time of the process per article in that pass (includes the garbage collector's helper threads). */
  cpuMsPerArticle: number;
  /** Mean number of subscriptions matched per article (shows the work is real). */
  matchesPerArticle: number;
  heapMb: number;
}

const COMMON = (
  'the of and to in a is that for on was with said it as at by from has have be are an this but not ' +
  'year government market company people new after would could their more than two also last week first ' +
  'percent million billion officials minister president bank prices rate growth trade deal plan talks ' +
  'report data shares investors city state country police court election party leader group support ' +
  'energy oil power climate health hospital school students technology software chip phone network ' +
  'space launch rocket team season match win players coach film music show series price stocks bonds'
).split(' ');
/** Common words a query may include (not the operator words AND/OR/NOT). */
const QUERY_COMMON = COMMON.filter((w) => !['and', 'or', 'not'].includes(w));
const SYLLABLES = ['ka', 'ro', 'mi', 'ten', 'sa', 'lo', 'vi', 'dar', 'nu', 'pe', 'qua', 'zel', 'bo', 'ri', 'fen', 'tor'];

export function makeVocabulary(size: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

function pick<T>(list: T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** A query like `kamiro AND (tensa OR "lovi dar") -bofen`, built from the names vocabulary and common words. */
export function makeQuery(names: string[], random: () => number): string {
  const term = (): string => (random() < 0.15 ? `"${pick(names, random)} ${pick(names, random)}"` : pick(names, random));
  const r = random();
  if (r < 0.35) return term();
  if (r < 0.6) return `${term()} ${random() < 0.3 ? pick(QUERY_COMMON, random) : term()}`;
  if (r < 0.85) return `${term()} AND (${term()} OR ${term()})`;
  return `${term()} OR ${term()} -${pick(names, random)}`;
}

export function makeArticle(names: string[], random: () => number): MatchInput {
  const words: string[] = [];
  for (let i = 0; i < 350; i++) words.push(random() < 0.08 ? pick(names, random) : pick(COMMON, random));
  const sentences: string[] = [];
  for (let i = 0; i < words.length; i += 14) sentences.push(words.slice(i, i + 14).join(' ') + '.');
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 4) paragraphs.push(sentences.slice(i, i + 4).join(' '));
  const title = Array.from({ length: 8 }, () => (random() < 0.3 ? pick(names, random) : pick(COMMON, random))).join(' ');
  return { title, text: paragraphs.join('\n\n') };
}

export function benchMatching(sizes = [10, 100, 1_000, 10_000, 100_000], articleCount = 2_000, passes = 3): MatchBenchRow[] {
  const random = rng(42);
  const names = makeVocabulary(20_000, random);
  const articles = Array.from({ length: articleCount }, () => makeArticle(names, random));
  const rows: MatchBenchRow[] = [];
  for (const size of sizes) {
    const queryRandom = rng(7);
    const started = performance.now();
    const index = new TopicIndex();
    for (const t of loadCatalog()) index.add(`topic:${t.id}`, t.id);
    for (let i = 0; i < size; i++) index.add(`sub:${i}`, makeQuery(names, queryRandom));
    const buildMs = performance.now() - started;
    for (const a of articles.slice(0, 200)) index.match(a); // warm-up
    let matches = 0;
    let elapsed = Infinity;
    let cpuMs = Infinity;
    for (let pass = 0; pass < passes; pass++) {
      matches = 0;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (const a of articles) matches += index.match(a).length;
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      if (wall < elapsed) {
        elapsed = wall;
        cpuMs = (cpu.user + cpu.system) / 1000;
      }
    }
    rows.push({
      subscriptions: size,
      buildMs,
      articlesPerSecond: (articles.length / elapsed) * 1000,
      msPerArticle: elapsed / articles.length,
      cpuMsPerArticle: cpuMs / articles.length,
      matchesPerArticle: matches / articles.length,
      heapMb: process.memoryUsage().heapUsed / 1024 / 1024,
    });
  }
  return rows;
}

export function formatMatchBench(rows: MatchBenchRow[]): string {
  const lines = [
    '| subscriptions (+12 built-in topics) | articles/s | ms/article | CPU ms/article | matches/article | build ms | heap MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.subscriptions.toLocaleString('en-US')} | ${Math.round(r.articlesPerSecond).toLocaleString('en-US')} | ${r.msPerArticle.toFixed(3)} | ${r.cpuMsPerArticle.toFixed(3)} | ${r.matchesPerArticle.toFixed(1)} | ${Math.round(r.buildMs)} | ${Math.round(r.heapMb)} |`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatMatchBench(benchMatching()));
}
