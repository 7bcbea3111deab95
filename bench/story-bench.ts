/**
 * The same-story decisions at the size of a busy bot's 48-hour window: 50,000 stories in the event index (and
 * 50,000 bodies in the body index), then 2,000 new articles decided one by one (find, then add), half of them
 * rewrites of stories in the window and half new. Reports the time per article (target < 1 ms) and the memory
 * one story costs (heap + typed arrays, after full collections).
 *
 *   npx tsx bench/story-bench.ts [--stories 50000]
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BodyIndex, bodySketch } from '../src/news/stories/body-match.ts';
import { EventIndex, type EventDoc } from '../src/news/stories/events.ts';
import { argValue, isMain, runScenario, type ScenarioOutput } from './lib/scenario.ts';
import { madeUpName, makeParagraphs, makeTitle, rng } from './lib/synthetic-news.ts';
import { markdownTable } from './lib/table.ts';

const HOUR = 3600_000;
const WINDOW = 48 * HOUR;
const DECISIONS = 2_000;

function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

interface Article {
  doc: EventDoc;
  body: string;
}

function makeArticle(i: number, random: () => number, at: number): Article {
  const title = `${makeTitle(random, 0.5)} ${madeUpName(random)}`;
  const paragraphs = makeParagraphs(title, random, 6);
  return { doc: { id: `a${i}`, title, lead: paragraphs[0], outlet: `Outlet ${i % 300}`, at }, body: paragraphs.join('\n') };
}

/** Another outlet's version: the headline reworded and cut, its own lead, the same body under a byline. */
function rewriteOf(a: Article, i: number, at: number): Article {
  const words = a.doc.title.split(' ');
  const title = `${words.slice(0, -2).join(' ')}, officials say`;
  return { doc: { id: `r${i}`, title, lead: a.doc.lead?.split('. ').slice(1).join('. '), outlet: `Other ${i % 50}`, at }, body: `By a staff writer\n${a.body}` };
}

export async function storyBench(argv: string[]): Promise<ScenarioOutput> {
  const count = Number(argValue(argv, '--stories') ?? 50_000);
  const gc = collector();
  const random = rng(11);
  const t0 = Date.UTC(2026, 10, 1);
  const step = WINDOW / count;
  // Articles are generated first, so the memory measured below is the indexes' own.
  const articles = Array.from({ length: count }, (_, i) => makeArticle(i, random, t0 + i * step));
  const sketches = articles.map((a) => bodySketch(a.body));
  gc();
  gc();
  const m0 = process.memoryUsage();
  const events = new EventIndex();
  for (const a of articles) events.add(a.doc, a.doc.id);
  gc();
  gc();
  const m1 = process.memoryUsage();
  const bodies = new BodyIndex();
  articles.forEach((a, i) => bodies.add(sketches[i]!, a.doc.id, a.doc.at));
  gc();
  gc();
  const m2 = process.memoryUsage();
  const bytes = (a: NodeJS.MemoryUsage, b: NodeJS.MemoryUsage) => (b.heapUsed + b.external - a.heapUsed - a.external) / count;
  const eventBytes = bytes(m0, m1);
  const bodyBytes = bytes(m1, m2);

  const now = t0 + WINDOW;
  const incoming: Article[] = [];
  for (let i = 0; i < DECISIONS; i++) {
    const at = now + i * 1000;
    incoming.push(i % 2 === 0 ? rewriteOf(articles[Math.floor(random() * count)]!, i, at) : makeArticle(count + i, random, at));
  }
  const eventMs: number[] = [];
  const bodyMs: number[] = [];
  let eventJoined = 0;
  let bodyJoined = 0;
  let i = 0;
  let eventCpu = 0;
  let bodyCpu = 0;
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  for (const a of incoming) {
    // Even positions are rewrites: they should join their original's story; the others are new articles.
    const rewrite = i++ % 2 === 0;
    let c = cpu();
    let s = performance.now();
    const hit = events.find(a.doc);
    events.add(a.doc, hit?.storyId ?? a.doc.id);
    eventMs.push(performance.now() - s);
    eventCpu += cpu() - c;
    if (hit && rewrite) eventJoined++;
    c = cpu();
    s = performance.now();
    const sketch = bodySketch(a.body);
    const bodyHit = bodies.find(sketch);
    bodies.add(sketch, bodyHit?.storyId ?? a.doc.id, a.doc.at);
    bodyMs.push(performance.now() - s);
    bodyCpu += cpu() - c;
    if (bodyHit && rewrite) bodyJoined++;
  }
  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { mean: xs.reduce((x, y) => x + y, 0) / xs.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted[sorted.length - 1]! };
  };
  const ev = stats(eventMs);
  const bo = stats(bodyMs);
  let s = performance.now();
  const prunedEvents = events.prune(now + DECISIONS * 1000 - WINDOW / 2);
  const pruneEventMs = performance.now() - s;
  s = performance.now();
  const prunedBodies = bodies.prune(now + DECISIONS * 1000 - WINDOW / 2);
  const pruneBodyMs = performance.now() - s;

  const f = (x: number) => x.toFixed(3);
  const markdown = [
    markdownTable(
      ['decision', `stories in window`, 'CPU ms per article', 'mean ms', 'p50 ms', 'p95 ms', 'max ms', 'target', 'result', 'rewrites that joined a story (of 1,000)'],
      [
        ['event (title + lead, TF-IDF centroid)', count.toLocaleString('en'), f(eventCpu / DECISIONS), f(ev.mean), f(ev.p50), f(ev.p95), f(ev.max), '< 1 ms', eventCpu / DECISIONS < 1 ? 'PASS' : 'MISS', `${eventJoined}`],
        ['body (sketch + containment, incl. sketching)', count.toLocaleString('en'), f(bodyCpu / DECISIONS), f(bo.mean), f(bo.p50), f(bo.p95), f(bo.max), '< 1 ms', bodyCpu / DECISIONS < 1 ? 'PASS' : 'MISS', `${bodyJoined}`],
      ],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'l', 'r'],
    ),
    '',
    markdownTable(
      ['index', 'bytes per story (heap + typed arrays)', `for ${count.toLocaleString('en')} stories`],
      [
        ['event index (centroid ≤ 40 terms, postings)', Math.round(eventBytes).toLocaleString('en'), `${((eventBytes * count) / 1024 / 1024).toFixed(1)} MB`],
        ['body index (sampled shingles, postings)', Math.round(bodyBytes).toLocaleString('en'), `${((bodyBytes * count) / 1024 / 1024).toFixed(1)} MB`],
      ],
      ['l', 'r', 'r'],
    ),
    '',
    `- Pruning half the window: event index ${prunedEvents.toLocaleString('en')} articles in ${pruneEventMs.toFixed(0)} ms, body index ${prunedBodies.toLocaleString('en')} bodies in ${pruneBodyMs.toFixed(0)} ms.`,
    '- The target is judged on CPU time per article (find + add, including its garbage collection on this thread): wall times on this shared 2-core machine include time the process was not scheduled, which the load average at start shows.',
    '- Generated text (bench/lib/synthetic-news.ts): a small template vocabulary, so common words have posting lists in the thousands, as "says" or "government" would in a real window.',
  ].join('\n');
  return {
    markdown,
    data: { stories: count, decisions: DECISIONS, event: { ...ev, cpuMsPerArticle: eventCpu / DECISIONS, joined: eventJoined, bytesPerStory: eventBytes }, body: { ...bo, cpuMsPerArticle: bodyCpu / DECISIONS, joined: bodyJoined, bytesPerStory: bodyBytes }, prune: { eventMs: pruneEventMs, bodyMs: pruneBodyMs } },
  };
}

if (isMain(import.meta.url)) await runScenario('stories', 'Same-story decisions at 50,000 stories in the window', storyBench);
