/** Where and on what a result was measured: the header of every results file, so numbers can be compared. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface RunInfo {
  date: string;
  commit: string;
  /** True when tracked files differ from the commit (the numbers then describe a work in progress). */
  dirty: boolean;
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  /** 1-minute load average when the run started: other work on the machine makes timings noisy. */
  loadAverage: number;
}

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

export function runInfo(repoDir: string): RunInfo {
  return {
    date: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD'], repoDir) || 'unknown',
    dirty: git(['status', '--porcelain', '--untracked-files=no'], repoDir) !== '',
    cpu: cpuModel(),
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
  };
}

export function describeRun(info: RunInfo): string {
  return [
    `- date: ${info.date}`,
    `- commit: ${info.commit}${info.dirty ? ' (with uncommitted changes in the working tree)' : ''}`,
    `- machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGb} GB RAM, Node ${info.node}`,
    `- load average at start: ${info.loadAverage} (other work shares this machine, so timings are noisy)`,
  ].join('\n');
}
