import type { Article } from './article.ts';

/**
 * Same story, many sources: a story is recognised by its canonical URL, or by a MinHash signature over the
 * word shingles of its title and lead (character bigrams for Japanese and Chinese), so a syndicated wire story
 * re-titled slightly by a second outlet joins the first one's cluster instead of alerting again.
 */
export interface StoryEntry {
  storyId: string;
  canonicalUrl: string;
  title: string;
  source: string;
  /** Epoch ms when the story was first seen. */
  at: number;
  signature: number[];
  /** Distinct words (CJK: character bigrams) of the title, to confirm a signature match. */
  titleWords?: string[];
}

const HASHES = 63;
const BANDS = 21;
const ROWS = HASHES / BANDS;
/** Estimated Jaccard similarity above which two items are the same story. */
export const SAME_STORY_SIMILARITY = 0.6;
/**
 * Titles must overlap this much too: many feeds repeat one boilerplate lead ("Read the full story on …")
 * under every item, and two stories with the same lead and different titles are different stories.
 */
export const SAME_TITLE_SIMILARITY = 0.5;
const LEAD_WORDS = 60;
/**
 * A band value shared by this many stories says nothing (like a stop word): such buckets stop growing and are
 * not scanned, so a lookup stays cheap however many look-alike items (templated feeds) are indexed. A real copy
 * of a story matches on several of its 21 bands, so skipping the crowded ones does not lose it.
 */
const CROWDED_BUCKET = 200;
const MIN_SHINGLES = 4;

const SEEDS = Array.from({ length: HASHES }, (_, i) => ({
  a: (Math.imul(i + 1, 0x9e3779b1) | 1) >>> 0,
  b: Math.imul(i + 7, 0x85ebca6b) >>> 0,
}));

export function storyText(article: Pick<Article, 'title' | 'text'>): string {
  const lead = article.text.split(/\s+/).slice(0, LEAD_WORDS).join(' ');
  return `${article.title} ${lead}`;
}

/** Words of a title, for the title check; CJK runs become character bigrams. */
export function titleWords(title: string): string[] {
  const out = new Set<string>();
  for (const word of title.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(word)) {
      for (let i = 0; i + 1 < word.length; i++) out.add(word.slice(i, i + 2));
      if (word.length === 1) out.add(word);
    } else {
      out.add(word);
    }
  }
  return [...out];
}

/** Share of the shorter title's words found in the other: a source suffix (" - Evening Dispatch") does not hurt. */
export function titleOverlap(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [small, large] = a.length <= b.length ? [a, new Set(b)] : [b, new Set(a)];
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return shared / small.length;
}

export function shingles(text: string): Set<string> {
  const normalized = text.normalize('NFKC').toLowerCase();
  const out = new Set<string>();
  const words = normalized.match(/[\p{L}\p{N}]+/gu) ?? [];
  const latin: string[] = [];
  for (const word of words) {
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(word)) {
      for (let i = 0; i + 1 < word.length; i++) out.add(word.slice(i, i + 2));
    } else {
      latin.push(word);
    }
  }
  for (let i = 0; i + 1 < latin.length; i++) out.add(`${latin[i]} ${latin[i + 1]}`);
  return out;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MinHash signature; empty when the text is too short to tell stories apart safely. */
export function signatureOf(text: string): number[] {
  const set = shingles(text);
  if (set.size < MIN_SHINGLES) return [];
  const sig = new Array<number>(HASHES).fill(0xffffffff);
  for (const sh of set) {
    const x = fnv1a(sh);
    for (let i = 0; i < HASHES; i++) {
      const seed = SEEDS[i]!;
      const h = (Math.imul(seed.a, x) + seed.b) >>> 0;
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

export function similarity(a: number[], b: number[]): number {
  if (a.length !== HASHES || b.length !== HASHES) return 0;
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}

/** Recent stories, searchable by canonical URL and by signature (LSH buckets keep lookups independent of size). */
export class StoryIndex {
  private readonly byUrl = new Map<string, StoryEntry>();
  private readonly buckets = new Map<string, StoryEntry[]>();
  private readonly entries = new Map<string, StoryEntry>();

  constructor(entries: Iterable<StoryEntry> = []) {
    for (const e of entries) this.add(e);
  }

  get size(): number {
    return this.entries.size;
  }

  all(): StoryEntry[] {
    return [...this.entries.values()];
  }

  find(canonicalUrl: string, signature: number[], title?: string[]): { entry: StoryEntry; how: 'url' | 'similar'; similarity: number } | undefined {
    const byUrl = canonicalUrl ? this.byUrl.get(canonicalUrl) : undefined;
    if (byUrl) return { entry: byUrl, how: 'url', similarity: 1 };
    if (signature.length !== HASHES) return undefined;
    let best: StoryEntry | undefined;
    let bestSim = 0;
    const checked = new Set<string>();
    for (const key of bandKeys(signature)) {
      const bucket = this.buckets.get(key);
      if (!bucket || bucket.length >= CROWDED_BUCKET) continue;
      for (const candidate of bucket) {
        if (checked.has(candidate.storyId)) continue;
        checked.add(candidate.storyId);
        const sim = similarity(signature, candidate.signature);
        if (sim < SAME_STORY_SIMILARITY || sim <= bestSim) continue;
        // The title check costs more than the signature comparison, so it runs only on real contenders.
        if (title && candidate.titleWords && titleOverlap(title, candidate.titleWords) < SAME_TITLE_SIMILARITY) continue;
        bestSim = sim;
        best = candidate;
      }
    }
    return best ? { entry: best, how: 'similar', similarity: bestSim } : undefined;
  }

  add(entry: StoryEntry): void {
    if (this.entries.has(entry.storyId)) return;
    this.entries.set(entry.storyId, entry);
    if (entry.canonicalUrl) this.byUrl.set(entry.canonicalUrl, entry);
    if (entry.signature.length === HASHES) {
      for (const key of bandKeys(entry.signature)) {
        const list = this.buckets.get(key);
        if (!list) this.buckets.set(key, [entry]);
        else if (list.length < CROWDED_BUCKET) list.push(entry);
      }
    }
  }

  /** Forgets stories first seen before `cutoff` (epoch ms); returns how many were dropped. */
  prune(cutoff: number): number {
    let dropped = 0;
    for (const entry of [...this.entries.values()]) {
      if (entry.at >= cutoff) continue;
      dropped++;
      this.entries.delete(entry.storyId);
      if (this.byUrl.get(entry.canonicalUrl) === entry) this.byUrl.delete(entry.canonicalUrl);
      if (entry.signature.length !== HASHES) continue;
      for (const key of bandKeys(entry.signature)) {
        const list = this.buckets.get(key);
        if (!list) continue;
        const kept = list.filter((e) => e !== entry);
        if (kept.length) this.buckets.set(key, kept);
        else this.buckets.delete(key);
      }
    }
    return dropped;
  }
}

function bandKeys(signature: number[]): string[] {
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    keys.push(`${b}:${signature.slice(b * ROWS, b * ROWS + ROWS).join(',')}`);
  }
  return keys;
}
