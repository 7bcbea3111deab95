/**
 * The shape every `npm run bench` scenario returns, and the entry point that lets each scenario module run
 * on its own (`npx tsx bench/poll-bench.ts`) or as a child of bench/run.ts (`--out <file>`: the result as
 * JSON), so each scenario gets a fresh process and its memory numbers are its own.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInfo, type RunInfo } from './machine.ts';

export interface ScenarioOutput {
  /** Markdown: tables with the target printed next to the number, and notes. */
  markdown: string;
  /** The numbers, for bench.json. */
  data: unknown;
}

export interface ScenarioResult extends ScenarioOutput {
  name: string;
  title: string;
  run: RunInfo;
  seconds: number;
}

export const repoDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function argValue(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  if (i >= 0 && argv[i + 1] !== undefined) return argv[i + 1];
  return argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

export async function runScenario(name: string, title: string, fn: (argv: string[]) => Promise<ScenarioOutput>, argv = process.argv.slice(2)): Promise<ScenarioResult> {
  const run = runInfo(repoDir);
  const t0 = performance.now();
  const out = await fn(argv);
  const result: ScenarioResult = { name, title, run, seconds: (performance.now() - t0) / 1000, ...out };
  const file = argValue(argv, '--out');
  if (file) writeFileSync(file, JSON.stringify(result));
  else console.log(`## ${title}\n\n${out.markdown}\n\n(${result.seconds.toFixed(1)} s)`);
  return result;
}

/** True when this module is the program being run (not imported). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}
