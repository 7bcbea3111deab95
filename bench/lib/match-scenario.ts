/**
 * The matching scenario of `npm run bench`: bench/match-bench.ts's cost curve (articles/s against 10 to
 * 100,000 generated subscriptions plus the built-in topics), with the target printed next to the 10,000 row.
 *
 *   npx tsx bench/lib/match-scenario.ts
 */
import { benchMatching, formatMatchBench } from '../match-bench.ts';
import { isMain, runScenario, type ScenarioOutput } from './scenario.ts';
import { fmt } from './table.ts';

const TARGET_MS_PER_ARTICLE = 0.2;

export async function matchScenario(): Promise<ScenarioOutput> {
  const rows = benchMatching();
  const at10k = rows.find((r) => r.subscriptions === 10_000);
  const verdict = at10k
    ? `Target: under ${TARGET_MS_PER_ARTICLE} ms per article at 10,000 subscriptions: measured ${fmt.n3(at10k.msPerArticle)} ms, ${at10k.msPerArticle < TARGET_MS_PER_ARTICLE ? 'PASS' : `MISS (${fmt.n1(at10k.msPerArticle / TARGET_MS_PER_ARTICLE)}×)`}.`
    : 'The 10,000-subscription row is missing: target not checked.';
  const first = rows[0];
  const last = rows.at(-1);
  const flatness = first && last ? `From ${first.subscriptions.toLocaleString('en-US')} to ${last.subscriptions.toLocaleString('en-US')} subscriptions the cost per article grows ${fmt.n1(last.msPerArticle / first.msPerArticle)}×.` : '';
  return {
    markdown: ['2,000 generated articles (~350 words) per row, matched against the 12 built-in topics plus N generated custom queries (`TopicIndex.match`).', '', formatMatchBench(rows), '', verdict, flatness].join('\n'),
    data: { rows, targetMsPerArticleAt10k: TARGET_MS_PER_ARTICLE },
  };
}

if (isMain(import.meta.url)) await runScenario('matching', 'Topic matching', matchScenario);
