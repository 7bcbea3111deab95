/**
 * The matching scenario of `npm run bench`: bench/match-bench.ts's cost curve (articles/s against 10 to
 * 100,000 generated subscriptions plus the built-in topics), with the target printed next to the 100,000 row
 * and how much the cost per article grows from the smallest to the largest row.
 *
 *   npx tsx bench/lib/match-scenario.ts
 */
import { benchMatching, formatMatchBench } from '../match-bench.ts';
import { isMain, runScenario, type ScenarioOutput } from './scenario.ts';
import { fmt } from './table.ts';

const TARGET_MS_PER_ARTICLE = 0.2;
const TARGET_SUBSCRIPTIONS = 100_000;

export async function matchScenario(): Promise<ScenarioOutput> {
  const rows = benchMatching();
  const atTarget = rows.find((r) => r.subscriptions === TARGET_SUBSCRIPTIONS);
  const verdict = atTarget
    ? `Target: at most ${TARGET_MS_PER_ARTICLE} ms per article at ${TARGET_SUBSCRIPTIONS.toLocaleString('en-US')} subscriptions: measured ${fmt.n3(atTarget.msPerArticle)} ms (CPU ${fmt.n3(atTarget.cpuMsPerArticle)} ms), ${atTarget.msPerArticle <= TARGET_MS_PER_ARTICLE ? 'PASS' : `MISS (${fmt.n1(atTarget.msPerArticle / TARGET_MS_PER_ARTICLE)}×)`}.`
    : `The ${TARGET_SUBSCRIPTIONS.toLocaleString('en-US')}-subscription row is missing: target not checked.`;
  const first = rows[0];
  const last = rows.at(-1);
  const flatness =
    first && last
      ? `From ${first.subscriptions.toLocaleString('en-US')} to ${last.subscriptions.toLocaleString('en-US')} subscriptions the cost per article grows ${fmt.n1(last.msPerArticle / first.msPerArticle)}× (CPU ${fmt.n1(last.cpuMsPerArticle / first.cpuMsPerArticle)}×).`
      : '';
  return {
    markdown: [
      '2,000 generated articles (~350 words) per row, matched against the 12 built-in topics plus N generated custom queries (`TopicIndex.match`); each row is the best of 3 passes after a warm-up.',
      '',
      formatMatchBench(rows),
      '',
      verdict,
      flatness,
    ].join('\n'),
    data: { rows, targetMsPerArticle: TARGET_MS_PER_ARTICLE, targetSubscriptions: TARGET_SUBSCRIPTIONS },
  };
}

if (isMain(import.meta.url)) await runScenario('matching', 'Topic matching', matchScenario);
