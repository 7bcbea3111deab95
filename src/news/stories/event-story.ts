/** A story of the event index (events.ts): its centroid in typed arrays, and the lookups on them. */

export interface Story {
  id: string;
  /** Sorted term hashes of the centroid. */
  terms: Uint32Array;
  /**
   * Per term, in three blocks of terms.length: its summed weight (before IDF); the articles whose headline holds
   * it (their share of `docs` is how central the term is to the story); its share of one piece of headline
   * evidence (EventTerm.evidence), the largest seen, negative when some headline had it in a name. One array rather than three: each typed array costs about a
   * hundred bytes of its own, more than its contents at 40 terms.
   */
  data: Float32Array;
  docs: number;
  first: number;
  /** Newest member's first-seen time: the story stays in the window while any member does. */
  last: number;
  /** False once pruned or folded into another story: posting lists drop such entries lazily. */
  alive: boolean;
  /** Cached centroid norm, and the window size it was computed at (0: stale). */
  norm: number;
  normAt: number;
  /** The story this one was folded into: its ids lead there. */
  into: Story | undefined;
  /** Ids of the stories folded into this one, forgotten with it. */
  absorbed: string[] | undefined;
}

export type CentroidTerm = [term: number, weight: number, members: number, evidence: number, name: boolean];

export function newStory(id: string, at: number): Story {
  return {
    id,
    alive: true,
    norm: 0,
    normAt: 0,
    docs: 0,
    first: at,
    last: at,
    into: undefined,
    absorbed: undefined,
    terms: new Uint32Array(0),
    data: new Float32Array(0),
  };
}

export function collect(into: Map<number, CentroidTerm>, s: Story): void {
  for (let i = 0; i < s.terms.length; i++) into.set(s.terms[i]!, [s.terms[i]!, s.data[i]!, membersOf(s, i), evidenceOf(s, i), isNameOf(s, i)]);
}

/** Where term `t` is in a sorted term list, or -1. */
function termIndex(sorted: Uint32Array, t: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === t) return mid;
    if (v < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function has(sorted: Uint32Array, t: number): boolean {
  return termIndex(sorted, t) >= 0;
}

export function weightOf(s: Story, t: number): number {
  const i = termIndex(s.terms, t);
  return i >= 0 ? s.data[i]! : 0;
}

export function membersOf(s: Story, i: number): number {
  return s.data[s.terms.length + i]!;
}

export function evidenceOf(s: Story, i: number): number {
  return Math.abs(s.data[2 * s.terms.length + i]!);
}

/** Whether the term was part of a name in one of the story's headlines. */
export function isNameOf(s: Story, i: number): boolean {
  return s.data[2 * s.terms.length + i]! < 0;
}

/** The value the third block stores: the evidence share, negative for a name. */
export function evidenceCode(evidence: number, name: boolean): number {
  return name ? -Math.max(evidence, 1e-6) : evidence;
}
