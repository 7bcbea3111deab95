import { fnv1a } from './hash.ts';
/**
 * Syndication at body level: a copy republished word for word under another headline, inside another outlet's
 * frame (byline, related links, newsletter box) and with its ending trimmed, still shares most of its word
 * shingles with the original. A sketch keeps a fixed sample of the hashed 5-word shingles of the first few hundred
 * words: "keep the hashes divisible by 4" picks the same shingles from both texts wherever they sit, so the
 * shared count of two sketches estimates the shared count of the texts (Broder 1997, mod-m sampling), and a
 * copy's frame or missing paragraph only lowers the count in proportion to its length.
 *
 * Containment is measured against the smaller sketch, so a trimmed copy of a long original still scores high.
 * Pure: no I/O, no clock.
 */

const SHINGLE = 5;
/** Words read: the opening carries the story; past it pages drift into comments, related items and footers. */
const BODY_WORDS = 400;
const SAMPLE_MOD = 4;
/** Below this many sampled shingles a text is too short to call a copy by its body. */
const MIN_SKETCH = 6;
/**
 * Share of the smaller sketch that must be shared. Different articles on one subject share a quote at most: among
 * the 501 news articles of the eval corpus the closest two distinct ones reach 0.20, while a framed, trimmed copy
 * stays above 0.45 even when the cut ending was a third of the text.
 */
export const DEFAULT_CONTAINMENT = 0.4;
/**
 * A shingle held by this many stories is boilerplate (a newsletter line every article of a site carries): it is
 * not scanned, so lookups stay cheap and such lines never make two articles look alike.
 */
const CROWDED = 64;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Words of a body, lower-cased; Japanese and Chinese characters count one word each (no spaces to split on). */
function bodyWords(text: string): string[] {
  const out: string[] = [];
  for (const w of text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (CJK.test(w)) for (const ch of w) out.push(ch);
    else out.push(w);
    if (out.length >= BODY_WORDS * 2) break;
  }
  return out;
}

/** Sorted, distinct sampled shingle hashes of a body's opening; empty when the text is too short to judge. */
export function bodySketch(text: string): Uint32Array {
  const words = bodyWords(text);
  // CJK text has about two characters per English word's worth of content.
  const limit = words.some((w) => CJK.test(w)) ? BODY_WORDS * 2 : BODY_WORDS;
  const n = Math.min(words.length, limit);
  const wordHash = new Uint32Array(n);
  for (let i = 0; i < n; i++) wordHash[i] = fnv1a(words[i]!);
  const out = new Set<number>();
  for (let i = 0; i + SHINGLE <= n; i++) {
    let h = 0x9e3779b1;
    for (let k = 0; k < SHINGLE; k++) {
      h = Math.imul(h ^ wordHash[i + k]!, 0x85ebca6b);
      h ^= h >>> 15;
    }
    h >>>= 0;
    if (h % SAMPLE_MOD === 0) out.add(h);
  }
  if (out.size < MIN_SKETCH) return new Uint32Array(0);
  return Uint32Array.from(out).sort();
}

export interface BodyMatch {
  storyId: string;
  /** Shared sampled shingles over the smaller sketch's size. */
  containment: number;
}

interface Entry {
  storyId: string;
  at: number;
  size: number;
}

/**
 * Recent bodies by shingle. Memory per entry: one posting per sampled shingle (about 100 for a 400-word opening; the
 * sketch itself is not kept) and a small object; measured in bench/story-bench.ts.
 */
export class BodyIndex {
  private readonly threshold: number;
  private readonly entries = new Map<number, Entry>();
  /** Shingle → the entries holding it; most shingles belong to one body, stored bare instead of in an array. */
  private readonly postings = new Map<number, number | number[]>();
  private nextKey = 1;
  private stale = 0;
  private live = 0;

  constructor(opts: { containment?: number } = {}) {
    this.threshold = opts.containment ?? DEFAULT_CONTAINMENT;
  }

  get size(): number {
    return this.entries.size;
  }

  find(sketch: Uint32Array): BodyMatch | undefined {
    if (sketch.length < MIN_SKETCH) return undefined;
    const shared = new Map<number, number>();
    let crowded = 0;
    for (const h of sketch) {
      const slot = this.postings.get(h);
      if (slot === undefined) continue;
      if (typeof slot === 'number') {
        if (this.entries.has(slot)) shared.set(slot, (shared.get(slot) ?? 0) + 1);
        continue;
      }
      if (slot.length >= CROWDED) {
        crowded++;
        continue;
      }
      for (const key of slot) if (this.entries.has(key)) shared.set(key, (shared.get(key) ?? 0) + 1);
    }
    // Boilerplate shingles say nothing either way: they leave the denominator too, and a text made only of them
    // cannot be judged.
    if (sketch.length - crowded < MIN_SKETCH / 2) return undefined;
    let best: BodyMatch | undefined;
    for (const [key, n] of shared) {
      const e = this.entries.get(key)!;
      const containment = Math.min(1, n / Math.max(1, Math.min(e.size, sketch.length) - crowded));
      if (containment >= this.threshold && (!best || containment > best.containment)) best = { storyId: e.storyId, containment };
    }
    return best;
  }

  add(sketch: Uint32Array, storyId: string, at: number): void {
    if (sketch.length < MIN_SKETCH) return;
    const key = this.nextKey++;
    this.entries.set(key, { storyId, at, size: sketch.length });
    for (const h of sketch) {
      const slot = this.postings.get(h);
      if (slot === undefined) this.postings.set(h, key);
      else if (typeof slot === 'number') this.postings.set(h, [slot, key]);
      // A crowded list stops growing: it is never scanned, and a site's boilerplate would otherwise grow without end.
      else if (slot.length < CROWDED) slot.push(key);
      this.live++;
    }
  }

  /** Forgets bodies first seen before `cutoff`; returns how many. */
  prune(cutoff: number): number {
    let dropped = 0;
    for (const [key, e] of this.entries) {
      if (e.at >= cutoff) continue;
      this.entries.delete(key);
      this.stale += e.size;
      this.live -= e.size;
      dropped++;
    }
    if (this.stale > 4096 && this.stale > this.live) {
      for (const [h, slot] of this.postings) {
        const kept = (typeof slot === 'number' ? [slot] : slot).filter((key) => this.entries.has(key));
        if (kept.length === 0) this.postings.delete(h);
        else this.postings.set(h, kept.length === 1 ? kept[0]! : kept);
      }
      this.stale = 0;
    }
    return dropped;
  }
}
