/**
 * Feed reading on the corpus's 119 real and test feeds (rss-parser, feedjira, node-feedparser, feedparser,
 * gofeed fixtures): each file is decoded with the pipeline's `decodeBody` and read with `readFeedText`, as a
 * fetched feed would be. Counts feeds parsed, failed with a FeedParseError (by its reason kind) and crashed
 * (any other exception), and items found.
 *
 * The corpus README's per-file table says which files are well-formed XML (`strict-ok`, `lenient-ok`) and
 * which are not (`NOT-WELL-FORMED`), and how many items each well-formed one holds. A well-formed feed that
 * fails, or that the reader calls broken, is a pipeline bug and is listed; a malformed one may fail with a
 * reason or have its complete items recovered, but must never crash.
 *
 *   npx tsx bench/eval/feeds.ts [corpusDir]
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { decodeBody } from '../../src/news/http/charset.ts';
import { FeedParseError } from '../../src/news/feeds/parse-feed.ts';
import { readFeedText } from '../../src/news/feeds/read-feed.ts';

export type XmlCheck = 'strict-ok' | 'lenient-ok' | 'not-well-formed' | 'unknown';

export interface FeedItemResult {
  file: string;
  xmlCheck: XmlCheck;
  /** Items the README counted in the parsed XML tree (well-formed files only). */
  expectedItems?: number;
  outcome: 'parsed' | 'failed' | 'crashed';
  items: number;
  charset: string;
  /** FeedParseError kind for 'failed'; the exception's name for 'crashed'. */
  reason?: string;
  message?: string;
  /** For a parsed feed the reader found broken: its health note ("malformed, N items recovered (…)"). */
  health?: string;
  ms: number;
}

export interface FeedEval {
  feeds: number;
  parsed: number;
  failed: number;
  crashed: number;
  items: number;
  failuresByReason: Record<string, number>;
  /** `readAsMalformed`: well-formed feeds our reader nonetheless called broken (its own well-formedness check is wrong there). */
  wellFormed: { total: number; parsed: number; failed: FeedItemResult[]; crashed: FeedItemResult[]; readAsMalformed: FeedItemResult[] };
  malformed: { total: number; failedWithReason: number; recovered: number; crashed: FeedItemResult[] };
  /** Well-formed feeds where we found fewer items than the README's XML tree holds. */
  fewerItemsThanExpected: Array<{ file: string; found: number; expected: number }>;
  perFeed: FeedItemResult[];
}

/** Reads the README's per-file table: file → xml_check and item count. */
export function readFeedTable(readme: string): Map<string, { check: XmlCheck; items?: number }> {
  const table = new Map<string, { check: XmlCheck; items?: number }>();
  for (const line of readme.split('\n')) {
    if (!line.startsWith('| ')) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length < 8) continue;
    const [file, , , , , , items, check] = cells as [string, string, string, string, string, string, string, string];
    if (!/\.(xml|rss|atom|html)$/.test(file)) continue;
    const kind: XmlCheck = check.startsWith('strict-ok') ? 'strict-ok' : check.startsWith('lenient-ok') ? 'lenient-ok' : check.startsWith('NOT-WELL-FORMED') ? 'not-well-formed' : 'unknown';
    table.set(file, { check: kind, ...(items !== '' && /^\d+$/.test(items) ? { items: Number(items) } : {}) });
  }
  return table;
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const NOW = new Date('2026-12-01T00:00:00Z');
/** A feed of a few hundred kB parses in milliseconds; one that has not answered after this never will. */
const HANG_MS = 5_000;

class HangError extends Error {
  override name = 'hang';
}

/** A parse that never settles would stall a poller slot forever: report it as a crash instead of waiting. */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HangError(`no result after ${ms / 1000} s: the parse promise never settled`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export async function readOneFeed(file: string, bytes: Buffer): Promise<Omit<FeedItemResult, 'xmlCheck' | 'expectedItems'>> {
  const started = performance.now();
  let charset = '?';
  try {
    // The two gzip files are stored compressed; over HTTP the fetcher would have inflated them already.
    const body = isGzip(bytes) ? gunzipSync(bytes) : bytes;
    const decoded = decodeBody(body);
    charset = decoded.charset;
    const feed = await withDeadline(readFeedText(decoded.text, `https://feeds.example.org/${file}`, NOW), HANG_MS);
    return { file, outcome: 'parsed', items: feed.articles.length, charset, ...(feed.health ? { health: feed.health } : {}), ms: performance.now() - started };
  } catch (err) {
    const ms = performance.now() - started;
    if (err instanceof FeedParseError) return { file, outcome: 'failed', items: 0, charset, reason: err.kind, message: err.message, ms };
    const e = err instanceof Error ? err : new Error(String(err));
    return { file, outcome: 'crashed', items: 0, charset, reason: e.name, message: e.message.split('\n')[0], ms };
  }
}

export async function evalFeeds(corpusDir: string): Promise<FeedEval | null> {
  const dir = join(corpusDir, 'feeds');
  if (!existsSync(dir)) return null;
  const readmePath = join(corpusDir, 'README.md');
  const table = existsSync(readmePath) ? readFeedTable(readFileSync(readmePath, 'utf8')) : new Map<string, { check: XmlCheck; items?: number }>();
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name)
    .sort();
  const results: FeedItemResult[] = [];
  for (const file of files) {
    const row = table.get(file);
    const r = await readOneFeed(file, readFileSync(join(dir, file)));
    results.push({ ...r, xmlCheck: row?.check ?? 'unknown', ...(row?.items !== undefined ? { expectedItems: row.items } : {}) });
  }
  const failuresByReason: Record<string, number> = {};
  for (const r of results) if (r.outcome === 'failed') failuresByReason[r.reason ?? '?'] = (failuresByReason[r.reason ?? '?'] ?? 0) + 1;
  const wellFormed = results.filter((r) => r.xmlCheck === 'strict-ok' || r.xmlCheck === 'lenient-ok');
  const malformed = results.filter((r) => r.xmlCheck === 'not-well-formed');
  return {
    feeds: results.length,
    parsed: results.filter((r) => r.outcome === 'parsed').length,
    failed: results.filter((r) => r.outcome === 'failed').length,
    crashed: results.filter((r) => r.outcome === 'crashed').length,
    items: results.reduce((n, r) => n + r.items, 0),
    failuresByReason,
    wellFormed: {
      total: wellFormed.length,
      parsed: wellFormed.filter((r) => r.outcome === 'parsed').length,
      failed: wellFormed.filter((r) => r.outcome === 'failed'),
      crashed: wellFormed.filter((r) => r.outcome === 'crashed'),
      readAsMalformed: wellFormed.filter((r) => r.health !== undefined),
    },
    malformed: {
      total: malformed.length,
      failedWithReason: malformed.filter((r) => r.outcome === 'failed').length,
      recovered: malformed.filter((r) => r.outcome === 'parsed').length,
      crashed: malformed.filter((r) => r.outcome === 'crashed'),
    },
    fewerItemsThanExpected: wellFormed
      .filter((r) => r.outcome === 'parsed' && r.expectedItems !== undefined && r.items < r.expectedItems)
      .map((r) => ({ file: r.file, found: r.items, expected: r.expectedItems! })),
    perFeed: results,
  };
}

export function formatFeedReport(r: FeedEval): string {
  const lines = [
    `Feeds: ${r.feeds} files, parsed ${r.parsed}, failed with a reason ${r.failed} (${Object.entries(r.failuresByReason).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}), crashed ${r.crashed}; ${r.items} items found`,
    `  well-formed (README xml_check strict-ok/lenient-ok): ${r.wellFormed.parsed}/${r.wellFormed.total} parsed`,
    `  well-formed but read as malformed by the reader's own check: ${r.wellFormed.readAsMalformed.length}`,
    `  not well-formed: ${r.malformed.failedWithReason} failed with a reason, ${r.malformed.recovered} recovered (complete items read), ${r.malformed.crashed.length} crashed (of ${r.malformed.total})`,
  ];
  for (const f of r.wellFormed.readAsMalformed) lines.push(`  well-formed feed read as broken: ${f.file}: ${f.health}`);
  for (const f of r.wellFormed.failed) lines.push(`  BUG well-formed feed failed: ${f.file} [${f.reason}] ${f.message ?? ''}`);
  for (const f of [...r.wellFormed.crashed, ...r.malformed.crashed]) lines.push(`  CRASH ${f.file}: ${f.reason}: ${f.message ?? ''}`);
  for (const f of r.fewerItemsThanExpected) lines.push(`  fewer items than the XML holds: ${f.file} ${f.found}/${f.expected}`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await evalFeeds(process.argv[2] ?? '/work/shared/corpus');
  if (!result) console.log('No feeds/ folder in the corpus; nothing evaluated.');
  else {
    console.log(formatFeedReport(result));
    if (process.argv.includes('--items')) for (const i of result.perFeed) console.log(JSON.stringify(i));
  }
}
