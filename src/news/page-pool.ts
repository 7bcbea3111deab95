/**
 * Worker threads that read fetched pages (bytes → text → extraction → summary → quotes), so a 1 MB page costs
 * the bot's event loop a message copy instead of up to a second of blocked gateway, commands and deliveries.
 * Fetching stays on the main thread: it is I/O. The outputs are those of `understandBody` in the caller's thread.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { ArticleInsight } from './article.ts';
import { EnrichError, type PageReader, type PageTask } from './enrich.ts';
import type { PageOutcome } from './page-worker.ts';

export const DEFAULT_PAGE_DEADLINE_MS = 10_000;

export interface PagePoolOptions {
  /** Worker threads; defaults to pageThreadsFor(availableParallelism()). */
  threads?: number;
  /** A page still being read after this long is abandoned: its thread is stopped and replaced. */
  deadlineMs?: number;
  /** Errors of a thread between tasks (a task's own errors reject its promise instead). */
  onError?: (err: Error) => void;
}

export interface PagePool extends PageReader {
  readonly threads: number;
  readonly deadlineMs: number;
  /** Lets pages being read finish, refuses new ones, and stops the threads. */
  close(): Promise<void>;
}

/**
 * Threads for a machine with `cores` cores. On two cores both read pages: while pages are being read the main
 * thread mostly waits on sockets, so keeping a core for it would halve throughput for little gain in latency.
 * From three cores on, one is left to the main thread, which also parses feeds and serves the gateway.
 */
export function pageThreadsFor(cores: number): number {
  if (cores <= 2) return Math.max(1, cores);
  return cores - 1;
}

const WORKER_FILE = new URL('./page-worker.ts', import.meta.url);

/**
 * A worker thread starts as a bare Node.js, which cannot load TypeScript. Under `tsx` (npm start) the process
 * has tsx's loader in its execArgv and a worker would inherit it; under vitest it does not. Naming tsx's loader
 * explicitly works in both, and resolving it from here does not depend on the current directory.
 */
function workerExecArgv(): string[] {
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', loader];
}

export function createPagePool(opts: PagePoolOptions = {}): PagePool {
  const threads = Math.max(1, Math.floor(opts.threads ?? pageThreadsFor(availableParallelism())));
  const deadlineMs = opts.deadlineMs ?? DEFAULT_PAGE_DEADLINE_MS;
  // Pages wait here rather than in piscina's queue, and a thread counts as free only once it has loaded the
  // reading code (tsx and all, seconds on a busy machine): a page's deadline then measures reading it, not
  // waiting behind a busy poll's other pages or a thread's start-up.
  // A member waiting for /summary goes before the poll's pages still waiting: they are background work.
  const waiting: { urgent: boolean; wake: (granted: boolean) => void }[] = [];
  let free = 0;
  let closed = false;
  const refused = () => new Error('The page pool is closed.');
  const release = () => {
    const next = waiting.shift();
    if (next) next.wake(true);
    else free++;
  };
  // A thread stopped at a deadline is replaced; its slot comes back when the new thread is ready (piscina
  // announces it then), or after a while in any case, so a thread that cannot start does not shrink the pool.
  let replacing = 0;
  const afterReplacement = () => {
    replacing++;
    const fallback = setTimeout(() => {
      if (replacing > 0) {
        replacing--;
        release();
      }
    }, Math.max(deadlineMs, 30_000));
    fallback.unref();
  };

  // Threads start with the first page, not with the app: a process (or a test's bot) that reads no page does
  // not pay their start-up (about 0.7 s of CPU each). Once started they stay, as starting one again costs as much.
  let piscina: Piscina<PageTask | null, PageOutcome> | undefined;
  const threadsStarted = () => {
    if (piscina) return piscina;
    const started = new Piscina<PageTask | null, PageOutcome>({
      filename: WORKER_FILE.href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      execArgv: workerExecArgv(),
    });
    started.on('error', (err: Error) => opts.onError?.(err));
    started.on('workerCreate', () => {
      if (replacing > 0) {
        replacing--;
        release();
      }
    });
    for (let i = 0; i < threads; i++) void started.run(null, { name: 'ready' }).then(release, release);
    return (piscina = started);
  };

  function understand(task: PageTask): Promise<ArticleInsight> {
    if (closed) return Promise.reject(refused());
    threadsStarted();
    // A free thread gets the page synchronously, so a close() right after this call still lets it finish.
    if (free > 0) {
      free--;
      return read(task);
    }
    return new Promise<boolean>((wake) => {
      const urgent = task.urgent === true;
      const at = urgent ? waiting.findIndex((w) => !w.urgent) : -1;
      waiting.splice(at < 0 ? waiting.length : at, 0, { urgent, wake });
    }).then((granted) => {
      if (!granted) throw refused();
      return read(task);
    });
  }

  async function read(task: PageTask): Promise<ArticleInsight> {
    const deadline = AbortSignal.timeout(deadlineMs);
    let abandoned = false;
    try {
      let outcome: PageOutcome;
      try {
        outcome = await threadsStarted().run(task, { signal: deadline });
      } catch (err) {
        if (!deadline.aborted) throw err;
        abandoned = true;
        throw new EnrichError('too-slow', `The page took longer than ${deadlineMs / 1000} s to read, so it was skipped.`);
      }
      if (!outcome.ok) throw new EnrichError(outcome.kind, outcome.message);
      return outcome.insight;
    } finally {
      if (abandoned) afterReplacement();
      else release();
    }
  }

  return {
    threads,
    deadlineMs,
    understand,
    async close() {
      if (closed) return;
      closed = true;
      // Pages still waiting for a thread are refused; pages being read finish (each within its deadline).
      for (const w of waiting.splice(0)) w.wake(false);
      await piscina?.close();
    },
  };
}
