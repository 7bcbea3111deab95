/**
 * The task a page-pool thread runs (news/page-pool.ts): one fetched page read as the main thread would read it.
 * An EnrichError cannot cross threads as itself (its class is lost in the copy), so it comes back as data.
 */
import type { ArticleInsight } from './article.ts';
import { EnrichError, understandBody, type PageTask } from './enrich.ts';

export type PageOutcome = { ok: true; insight: ArticleInsight } | { ok: false; kind: EnrichError['kind']; message: string };

export default function readPage(task: PageTask): PageOutcome {
  try {
    return { ok: true, insight: understandBody(task) };
  } catch (err) {
    if (err instanceof EnrichError) return { ok: false, kind: err.kind, message: err.message };
    throw err;
  }
}

/** Resolves once the thread has loaded this module, which the pool waits for before timing pages on it. */
export function ready(): true {
  return true;
}
