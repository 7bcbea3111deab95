import type { Article } from '../article.ts';
import { fnv1a } from './hash.ts';

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
  /** The opening of its text, for event-level comparisons (news/stories/events.ts). */
  lead?: string;
  /**
   * The body sketch (news/stories/body-match.ts) once its page was read: a later entry for the same story id
   * carries only this.
   */
  body?: number[];
  /**
   * Set on an entry that only records a fold: the story `storyId` turned out, once its page was read, to copy
   * this earlier one (a syndicated copy under a new headline), and is that story from now on.
   */
  foldInto?: string;
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

export function similarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== HASHES || b.length !== HASHES) return 0;
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}

/** What the index keeps of a story: ids and typed arrays only, so a 48-hour window of a busy bot stays small. */
interface IndexedStory {
  storyId: string;
  canonicalUrl: string;
  at: number;
  signature: Uint32Array | null;
  /** Sorted, distinct 32-bit hashes of the title words. */
  words: Uint32Array | null;
}

/** The story a lookup found: its id and first-seen time (the rest lives in the store). */
export interface FoundStory {
  storyId: string;
  at: number;
}

/**
 * Recent stories, searchable by canonical URL and by signature (LSH buckets keep lookups independent of size).
 * Memory is what bounds a long-running bot, so entries are typed arrays and bucket keys are small integers;
 * pruning walks only the stories it drops, since it runs before every feed's decisions.
 */
export class StoryIndex {
  private readonly byUrl = new Map<string, IndexedStory>();
  /** Band hash → the stories in it (one story is stored bare: most buckets hold one). */
  private readonly buckets = new Map<number, IndexedStory | IndexedStory[]>();
  private readonly entries = new Map<string, IndexedStory>();
  /** Stories in the order added (close to first-seen order), for pruning from the front. */
  private order: IndexedStory[] = [];
  private head = 0;

  constructor(entries: Iterable<StoryEntry> = []) {
    const sorted = [...entries].sort((a, b) => a.at - b.at);
    for (const e of sorted) this.add(e);
  }

  get size(): number {
    return this.entries.size;
  }

  has(storyId: string): boolean {
    return this.entries.has(storyId);
  }

  find(canonicalUrl: string, signature: readonly number[], title?: string[]): { entry: FoundStory; how: 'url' | 'similar'; similarity: number } | undefined {
    const byUrl = canonicalUrl ? this.byUrl.get(canonicalUrl) : undefined;
    if (byUrl) return { entry: byUrl, how: 'url', similarity: 1 };
    if (signature.length !== HASHES) return undefined;
    const words = title ? wordHashes(title) : null;
    let best: IndexedStory | undefined;
    let bestSim = 0;
    const checked = new Set<IndexedStory>();
    for (let b = 0; b < BANDS; b++) {
      const slot = this.buckets.get(bandKey(signature, b));
      if (slot === undefined) continue;
      const bucket = Array.isArray(slot) ? slot : [slot];
      if (bucket.length >= CROWDED_BUCKET) continue;
      for (const candidate of bucket) {
        if (checked.has(candidate) || !candidate.signature) continue;
        checked.add(candidate);
        const sim = similarity(signature, candidate.signature);
        if (sim < SAME_STORY_SIMILARITY || sim <= bestSim) continue;
        // The title check costs more than the signature comparison, so it runs only on real contenders.
        if (words && candidate.words && sortedOverlap(words, candidate.words) < SAME_TITLE_SIMILARITY) continue;
        bestSim = sim;
        best = candidate;
      }
    }
    return best ? { entry: best, how: 'similar', similarity: bestSim } : undefined;
  }

  add(entry: StoryEntry): void {
    if (this.entries.has(entry.storyId)) return;
    const story: IndexedStory = {
      storyId: entry.storyId,
      canonicalUrl: entry.canonicalUrl,
      at: entry.at,
      signature: entry.signature.length === HASHES ? Uint32Array.from(entry.signature) : null,
      words: entry.titleWords?.length ? wordHashes(entry.titleWords) : null,
    };
    this.entries.set(story.storyId, story);
    this.order.push(story);
    if (story.canonicalUrl) this.byUrl.set(story.canonicalUrl, story);
    if (!story.signature) return;
    for (let b = 0; b < BANDS; b++) {
      const key = bandKey(story.signature, b);
      const slot = this.buckets.get(key);
      if (slot === undefined) this.buckets.set(key, story);
      else if (!Array.isArray(slot)) this.buckets.set(key, [slot, story]);
      else if (slot.length < CROWDED_BUCKET) slot.push(story);
    }
  }

  /** Forgets stories first seen before `cutoff` (epoch ms); returns how many were dropped. */
  prune(cutoff: number): number {
    let dropped = 0;
    while (this.head < this.order.length && this.order[this.head]!.at < cutoff) {
      const story = this.order[this.head++]!;
      if (this.entries.get(story.storyId) !== story) continue;
      dropped++;
      this.entries.delete(story.storyId);
      if (this.byUrl.get(story.canonicalUrl) === story) this.byUrl.delete(story.canonicalUrl);
      if (!story.signature) continue;
      for (let b = 0; b < BANDS; b++) {
        const key = bandKey(story.signature, b);
        const slot = this.buckets.get(key);
        if (slot === story) this.buckets.delete(key);
        else if (Array.isArray(slot)) {
          const kept = slot.filter((e) => e !== story);
          if (kept.length === 0) this.buckets.delete(key);
          else this.buckets.set(key, kept.length === 1 ? kept[0]! : kept);
        }
      }
    }
    // The dropped front of the order list is released once it is a large share of the list.
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    return dropped;
  }
}

/** One band of a signature as a small integer key (30 bits keep it a V8 small integer: no allocation per key). */
function bandKey(signature: ArrayLike<number>, band: number): number {
  let h = Math.imul(band + 1, 0x9e3779b1);
  for (let r = band * ROWS; r < band * ROWS + ROWS; r++) {
    h = Math.imul(h ^ signature[r]!, 0x85ebca6b);
    h ^= h >>> 13;
  }
  return h & 0x3fffffff;
}

function wordHashes(words: readonly string[]): Uint32Array {
  const hashes = Uint32Array.from(words, fnv1a).sort();
  let n = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[n - 1]) hashes[n++] = hashes[i]!;
  return hashes.subarray(0, n).slice();
}

/** titleOverlap over sorted hash lists: shared words over the shorter title's word count. */
function sortedOverlap(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / Math.min(a.length, b.length);
}
