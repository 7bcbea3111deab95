/**
 * `npm run bench`: speed and scale as cost curves, one scenario per module, each in a fresh Node process so
 * its memory numbers and JIT state are its own. No pass/fail exit code: the target is printed next to each
 * number. Results merge into bench/results/bench.json (per scenario, with its own date and commit) and
 * bench/results/bench.md is rewritten from it.
 *
 *   npm run bench                       every scenario
 *   npm run bench -- --only poll        one scenario (matching, poll, enrich, summary, store, loop)
 *   npm run bench -- --loop             the same as --only loop: /summary and the event loop during a heavy poll
 *   npm run bench -- --soak [...]       the bot as one process: 2,000 servers, 20,000 follows, 2,000 feeds, 100 polls,
 *                                       RSS per poll (about an hour; not part of the default run; flags of
 *                                       bench/soak-bench.ts such as --polls 20 pass through)
 *   npm run bench -- --corpus <path>    corpus for the enrichment and loop pages (default ../shared/corpus)
 *   npm run bench -- --render           rewrite bench.md from bench.json without measuring anything
 *   npm run bench -- --scale [...]      1 vs 3 worker processes + a gateway on Redis (bench/scale-bench.ts; its flags pass through)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argValue, repoDir, type ScenarioResult } from './lib/scenario.ts';

interface Scenario {
  name: string;
  title: string;
  file: string;
  args: string[];
}

const SCENARIOS: Scenario[] = [
  { name: 'matching', title: 'Topic matching', file: 'bench/lib/match-scenario.ts', args: [] },
  { name: 'poll', title: 'Poll cycle', file: 'bench/poll-bench.ts', args: [] },
  { name: 'enrich', title: 'Enrichment', file: 'bench/enrich-bench.ts', args: [] },
  { name: 'summary', title: '/summary round trip and alert delivery', file: 'bench/summary-bench.ts', args: [] },
  { name: 'store', title: 'Store', file: 'bench/store-bench.ts', args: [] },
  { name: 'loop', title: 'A free event loop: /summary and the event loop during a heavy poll', file: 'bench/loop-bench.ts', args: [] },
  { name: 'stories', title: 'Same-story decisions at 50,000 stories in the window', file: 'bench/story-bench.ts', args: [] },
];
const SOAK: Scenario = { name: 'soak', title: 'Soak: the bot under load for 100 polls', file: 'bench/soak-bench.ts', args: [] };

const resultsDir = join(repoDir, 'bench', 'results');
const jsonPath = join(resultsDir, 'bench.json');
const mdPath = join(resultsDir, 'bench.md');

type Stored = Record<string, ScenarioResult | { name: string; title: string; error: string; at: string }>;

function runChild(s: Scenario, extra: string[]): ScenarioResult {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-bench-'));
  const out = join(dir, 'result.json');
  try {
    execFileSync(process.execPath, ['--import', 'tsx', join(repoDir, s.file), ...s.args, ...extra, '--out', out], {
      cwd: repoDir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return JSON.parse(readFileSync(out, 'utf8')) as ScenarioResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function headline(stored: Stored): string[] {
  const lines: string[] = [];
  const data = (name: string) => {
    const r = stored[name];
    return r && 'data' in r ? (r.data as Record<string, unknown> | null) : undefined;
  };
  const match = data('matching') as { rows?: { subscriptions: number; msPerArticle: number }[] } | undefined;
  const row = match?.rows?.find((r) => r.subscriptions === 100_000);
  if (row) lines.push(`| matching, ms per article at 100,000 subscriptions | ${row.msPerArticle.toFixed(3)} | ≤ 0.2 | ${row.msPerArticle <= 0.2 ? 'PASS' : `MISS (${(row.msPerArticle / 0.2).toFixed(1)}×)`} |`);
  const poll = data('poll') as { phases?: { phase: string; wallMs: number }[] } | undefined;
  const p304 = poll?.phases?.find((p) => p.phase.startsWith('all-304'));
  if (p304) lines.push(`| all-304 poll of 1,000 feeds, s | ${(p304.wallMs / 1000).toFixed(2)} | < 5 | ${p304.wallMs < 5000 ? 'PASS' : 'MISS'} |`);
  const enrich = data('enrich') as { total?: Record<string, { p95: number }> } | undefined;
  const e95 = enrich?.total?.['all pages']?.p95;
  if (e95 !== undefined) lines.push(`| enrichment p95 ms (page → text + summary + quotes) | ${e95.toFixed(1)} | < 50 | ${e95 < 50 ? 'PASS' : `MISS (${(e95 / 50).toFixed(1)}×)`} |`);
  const summary = data('summary') as { roundTrip?: { sequential: { p95: number } } } | undefined;
  const s95 = summary?.roundTrip?.sequential.p95;
  if (s95 !== undefined) lines.push(`| /summary round trip p95 ms | ${Math.round(s95)} | < 1,000 | ${s95 < 1000 ? 'PASS' : 'MISS'} |`);
  const loop = data('loop') as { runs?: { mode: string; idle: { p95: number }; duringPoll: { p95: number }; loopDelay: { p99: number } }[]; throughput?: { speedup: number } } | undefined;
  const now = loop?.runs?.find((r) => r.mode === 'after');
  if (now) {
    const ratio = now.duringPoll.p95 / now.idle.p95;
    lines.push(`| /summary p95 ms during a poll of 200 alerts (× idle) | ${Math.round(now.duringPoll.p95)} (${ratio.toFixed(1)}×) | ≤ 300 (≤ 3×) | ${now.duringPoll.p95 <= 300 && ratio <= 3 ? 'PASS' : 'MISS'} |`);
    lines.push(`| event-loop delay p99 ms during that poll | ${now.loopDelay.p99.toFixed(1)} | ≤ 50 | ${now.loopDelay.p99 <= 50 ? 'PASS' : 'MISS'} |`);
  }
  const speedup = loop?.throughput?.speedup;
  if (speedup !== undefined && Number.isFinite(speedup)) lines.push(`| enrichment throughput, page pool vs one thread | ${speedup.toFixed(2)}× | ≥ 1.6× | ${speedup >= 1.6 ? 'PASS' : 'MISS'} |`);
  if (!lines.length) return [];
  return ['| what | measured | target | result |', '| --- | ---: | ---: | --- |', ...lines];
}

function renderMarkdown(stored: Stored): string {
  const out = [
    '# Speed and scale (`npm run bench`)',
    '',
    'Cost curves, not tests: each scenario runs in its own Node process and prints the target next to its number. The machine is shared with other work (2 cores), so wall times are noisy: each section gives the load average when it started.',
    '',
  ];
  const head = headline(stored);
  if (head.length) out.push('## Targets', '', ...head, '');
  for (const s of [...SCENARIOS, SOAK]) {
    const r = stored[s.name];
    if (!r) {
      if (s.name !== 'soak') out.push(`## ${s.title}`, '', 'Not run yet.', '');
      continue;
    }
    out.push(`## ${s.title}`, '');
    if ('error' in r) {
      out.push(`Failed at ${r.at}: ${r.error}`, '');
      continue;
    }
    const i = r.run;
    out.push(
      `Measured ${i.date.slice(0, 16).replace('T', ' ')} UTC at commit ${i.commit}${i.dirty ? ' (working tree with uncommitted changes)' : ''}; ${i.cpu}, ${i.cores} cores, ${i.memoryGb} GB, Node ${i.node}; load average ${i.loadAverage} at start; took ${r.seconds.toFixed(0)} s.`,
      '',
      r.markdown,
      '',
    );
  }
  return out.join('\n');
}

function main(): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--scale')) {
    // The scale bench manages its own processes and Redis keys; it reports by itself.
    const rest = argv.filter((a) => a !== '--scale');
    execFileSync(process.execPath, ['--import', 'tsx', join(repoDir, 'bench', 'scale-bench.ts'), ...rest], { stdio: 'inherit', cwd: repoDir });
    return;
  }
  const only = argValue(argv, '--only') ?? (argv.includes('--loop') ? 'loop' : undefined);
  const corpus = argValue(argv, '--corpus');
  let selected: Scenario[];
  if (argv.includes('--soak')) selected = [SOAK];
  else if (only) {
    selected = SCENARIOS.filter((s) => s.name === only);
    if (!selected.length) {
      console.error(`No scenario "${only}". Choose one of: ${SCENARIOS.map((s) => s.name).join(', ')} (or --soak).`);
      process.exitCode = 1;
      return;
    }
  } else selected = SCENARIOS;

  mkdirSync(resultsDir, { recursive: true });
  const stored: Stored = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as Stored) : {};
  if (argv.includes('--render')) {
    writeFileSync(mdPath, `${renderMarkdown(stored)}\n`);
    console.log('rewrote bench/results/bench.md from bench.json');
    return;
  }
  for (const s of selected) {
    console.log(`\n== ${s.title} ==`);
    const extra = (s.name === 'enrich' || s.name === 'loop') && corpus ? ['--corpus', corpus] : s.name === 'soak' ? argv.filter((a) => a !== '--soak') : [];
    try {
      const result = runChild(s, extra);
      stored[s.name] = result;
      console.log(`${result.markdown}\n(${result.seconds.toFixed(1)} s)`);
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      stored[s.name] = { name: s.name, title: s.title, error: message, at: new Date().toISOString() };
      console.log(`FAILED: ${message}`);
    }
    // Written after every scenario, so a long run that is stopped still keeps what it measured.
    writeFileSync(jsonPath, `${JSON.stringify(stored, null, 2)}\n`);
    writeFileSync(mdPath, `${renderMarkdown(stored)}\n`);
  }
  console.log(`\nwrote bench/results/bench.md and bench.json`);
}

main();
