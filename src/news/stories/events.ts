import { eventTerms, NameBook, NO_EVIDENCE, type EventTerm } from './event-terms.ts';
import { collect, evidenceCode, evidenceOf, has, isNameOf, membersOf, newStory, weightOf, type CentroidTerm, type Story } from './event-story.ts';
/**
 * Event-level stories: articles from different outlets about one event, written in their own words, form one
 * story. An online clusterer in the manner of Miranda et al. 2018 ("Multilingual clustering of streaming news"):
 * each article is a TF-IDF vector over its title (and lead, at lower weight) and is compared by cosine with the
 * centroid of every story in the window that shares a term with it, found through an inverted index; the best
 * story above a threshold takes it, otherwise it starts a new one.
 *
 * Precision comes first, because a false merge hides a story from everyone:
 * - names, places and numbers weigh more (capitalised words inside a sentence-case title, tokens with digits);
 * - a match needs two pieces of shared evidence from the headline, where a name counts once however many words
 *   it has ("Prime Minister Emi Sato") and offices and dates count not at all, so one shared person (a different
 *   story about them the same day) is not enough; one shared fact links only when it is nearly all a grown
 *   story's identity and the cosine is high too (see EventIndex);
 * - most of the similarity must come from the title: words shared only through a lead cannot merge two items,
 *   which keeps a feed's boilerplate lead ("Read the full story on …") from gluing its items together.
 *
 * Pure: no I/O and no clock; times are the caller's.
 */

export interface EventDoc {
  id: string;
  title: string;
  lead?: string;
  outlet: string;
  /** Epoch ms, first seen. */
  at: number;
}

export interface EventMatch {
  storyId: string;
  score: number;
}

export const DEFAULT_WINDOW_MS = 48 * 3600_000;
/**
 * Cosine against a story's centroid above which an article joins it. The evidence rules do most of the
 * separating, so precision moves little with it: on the labelled headline stream (bench/eval/stories.ts, all of
 * it, seed 7, folds and one-fact links at their defaults) 0.2 gives B-cubed precision 0.908 against 0.857 at
 * 0.05, for recall 0.388 against 0.429; the bot leans to precision. The eval does not use this default: it picks
 * its own settings on its tuning half.
 */
export const DEFAULT_EVENT_THRESHOLD = 0.2;
/** Below this many articles in the window, IDF is too young to trust two shared terms alone. */
const SMALL_WINDOW = 100;
/** Terms a centroid keeps: what bounds a story's memory however many articles it gathers. */
const CENTROID_TERMS = 40;
/** Share of the score that must come from the article's title words (see the boilerplate note above). */
const MIN_TITLE_SHARE = 0.5;
/**
 * Posting lists longer than this belong to terms too common to find candidates with (at 50,000 stories a word
 * like "says" is in thousands): they only add to candidates the rarer terms found, checked from the candidate's
 * side, so the cost of a lookup does not grow with the window.
 */
const LONG_POSTINGS = 128;
/** Candidates gathered from postings at most; rarer terms come first, so these are the likeliest ones. */
const MAX_CANDIDATES = 128;
/** Lead terms look for candidates only when the headline's terms found fewer than this. */
const LEAD_CANDIDATES_BELOW = 8;
/** Candidates scored in full after the inverted-index pass. */
const RESCORE = 12;
/**
 * A term held by more than this share of the window's stories does not count as shared evidence (a fresh window
 * of a few stories is exempt up to three: there every shared word is still telling).
 */
const COMMON_SHARE = 0.25;

/**
 * A story's identity: the facts most of its articles' headlines state (a term in at least this share of them).
 * "Titanfall" in every headline of a game's launch day is that story's identity; a word one rewrite added is not.
 */
const CENTRAL = 0.5;
/** Articles a story needs before its identity is trusted on its own. */
const ANCHOR_DOCS = 3;
/** Share of a story's identity (IDF-weighted) that one shared fact must carry to link on its own. */
const IDENTITY_SHARE = 0.6;
/**
 * Share of each story's identity that the facts two stories share must carry for them to fold into one (with a
 * shared name when both have names). Tuning halves, three seeds, join threshold 0.2: 0.5 → 0.35 → 0.25 gains
 * 0.01 to 0.07 of recall at the same precision; below, nothing more.
 */
const FOLD_SHARE = 0.25;
/** Stories compared with a story that just grew, at most (those sharing its rarest identity terms first). */
const MERGE_CANDIDATES = 24;

export interface EventIndexOptions {
  windowMs?: number;
  /** Cosine an article needs with a story's centroid to join it (DEFAULT_EVENT_THRESHOLD). */
  threshold?: number;
  /**
   * Pieces of headline evidence an article must share with a story (default 2; a name counts once). 1 lets any
   * single shared name decide, which merges different stories about one person: an option for measuring only.
   */
  minSharedTerms?: number;
  /** Cosine an article needs to join through one shared fact that is the story's whole identity (Infinity: never). */
  identityThreshold?: number;
  /** Cosine between two stories' centroids above which the younger folds into the older (Infinity: never). */
  mergeThreshold?: number;
}

/**
 * Defaults of the one-fact link and the fold. The tuning halves of the headline stream (three seeds) chose 0.2 for
 * the one-fact link every time and 0.2 to 0.5 for the fold; at the bot's join threshold (0.2), 0.3 for both adds
 * 0.03 to 0.07 of B-cubed recall there at the same precision (0.99, 0.95, 0.88). The link's is a little stricter.
 */
export const DEFAULT_IDENTITY_THRESHOLD = 0.25;
export const DEFAULT_MERGE_THRESHOLD = 0.3;

/**
 * Recent stories with their centroids, searchable by term. Memory per story: the centroid (40 terms × 14 bytes
 * in four typed arrays), one posting entry per term (a pointer in a plain array), the id string and a small
 * object; measured in bench/story-bench.ts.
 *
 * Stories grow: every article that joins one adds to its centroid, and a story's identity (the terms most of
 * its headlines share) emerges as it does. Two ways broader coverage of one subject comes together, each
 * needing two kinds of evidence, so two different stories about one person stay apart:
 * - an article sharing one fact with a story joins it only when that fact is most of the story's identity (a
 *   story whose every headline says "Titanfall" and little else in common) and its cosine is high; a story about
 *   a leader's phone call has the call, the other leader and the subject in its identity too, so another story
 *   about the leader shares a small part of it;
 * - when a story grows, it is compared with the stories that share its identity terms: if their centroids are
 *   close and they share two facts central to both (or one that is each one's whole identity), the younger
 *   folds into the older, and later articles see one story. Alerts already posted stay posted.
 */
export class EventIndex {
  private readonly windowMs: number;
  private readonly threshold: number;
  private readonly minShared: number;
  private readonly identityThreshold: number;
  private readonly mergeThreshold: number;
  private readonly stories = new Set<Story>();
  private readonly byId = new Map<string, Story>();
  /** Term hash → the stories whose centroid holds it (entries of removed stories are dropped lazily). */
  private readonly postings = new Map<number, Story[]>();
  /** Stories whose centroid holds the term: document frequency counted per story, so one big story does not
   * make its own words look common. */
  private readonly df = new Map<number, number>();
  private stale = 0;
  /** Articles in the window's stories. */
  private articles = 0;
  private live = 0;
  /**
   * Every add in arrival order, with the time it brought: pruning pops from the front instead of walking every
   * story (it runs before each feed's decisions). An entry whose story gained a newer article since is skipped.
   */
  private queue: Story[] = [];
  private queueAt: number[] = [];
  private head = 0;
  /** The bot adds right after it finds: the terms of the last document looked up are kept for that add. */
  private lastDoc: EventDoc | undefined;
  private lastText = '';
  private lastTerms: EventTerm[] = [];
  private readonly names = new NameBook();

  constructor(opts: EventIndexOptions = {}) {
    this.windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
    this.threshold = opts.threshold ?? DEFAULT_EVENT_THRESHOLD;
    this.minShared = opts.minSharedTerms ?? 2;
    this.identityThreshold = opts.identityThreshold ?? DEFAULT_IDENTITY_THRESHOLD;
    this.mergeThreshold = opts.mergeThreshold ?? DEFAULT_MERGE_THRESHOLD;
  }

  get size(): number {
    return this.stories.size;
  }

  private idf(term: number): number {
    const n = this.stories.size;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n + 1) / (df + 0.5));
  }

  private common(term: number): boolean {
    return (this.df.get(term) ?? 0) > Math.max(3, COMMON_SHARE * this.stories.size);
  }

  /** The story an id now stands for: itself, or the story it was folded into. */
  private resolve(id: string): Story | undefined {
    let s = this.byId.get(id);
    while (s?.into) s = s.into;
    return s?.alive ? s : undefined;
  }

  /** The id of the story `storyId` was folded into, or itself. */
  storyOf(storyId: string): string {
    return this.resolve(storyId)?.id ?? storyId;
  }

  find(doc: EventDoc): EventMatch | undefined {
    return this.rank(doc, 1)[0];
  }

  /** The best stories for `doc` above the threshold, best first (for explanations and tests). */
  rank(doc: EventDoc, limit = 3): EventMatch[] {
    const terms = this.termsOf(doc);
    if (terms.length === 0 || this.stories.size === 0) return [];
    const since = doc.at - this.windowMs;
    const q = terms
      .map((t) => {
        const idf = this.idf(t.id);
        return { ...t, idf, w: t.weight * idf, evidence: !this.common(t.id) && t.evidence > 0 };
      })
      .sort((a, b) => (a.title === b.title ? b.w - a.w : a.title ? -1 : 1));
    const queryGroups = new Set(q.filter((t) => t.title && t.group !== NO_EVIDENCE).map((t) => t.group)).size;
    // A young window's IDF cannot tell a place every story names ("Japan", "Tokyo") from a distinctive word: until
    // it holds enough stories, one more shared piece of evidence is asked for.
    const young = this.articles < SMALL_WINDOW;
    const required = young ? this.minShared + 1 : this.minShared;
    let qNorm = 0;
    for (const t of q) qNorm += t.w * t.w;
    qNorm = Math.sqrt(qNorm);
    // Pass 1: candidates from the rarer terms' postings, with a partial dot product.
    // Candidates in parallel arrays: the inner loops below run thousands of times per lookup and must not allocate
    // (iterating a Map's entries would, and the collections that follow cost more than the lookup itself).
    const slot = new Map<Story, number>();
    const cand: Story[] = [];
    const dots: number[] = [];
    for (const t of q) {
      const list = this.postings.get(t.id);
      if (!list) continue;
      // Headline terms bring candidates first (a story sharing nothing with the headline cannot pass the evidence
      // rule below); lead terms only when the headline's words were all too common to find any.
      if ((!t.title && cand.length >= LEAD_CANDIDATES_BELOW) || list.length > LONG_POSTINGS || cand.length >= MAX_CANDIDATES) {
        for (let i = 0; i < cand.length; i++) {
          const w = weightOf(cand[i]!, t.id);
          if (w) dots[i]! += t.w * w;
        }
        continue;
      }
      for (let j = 0; j < list.length; j++) {
        const s = list[j]!;
        if (!s.alive || s.last < since) continue;
        const w = weightOf(s, t.id);
        if (!w) continue;
        const i = slot.get(s);
        if (i === undefined) {
          slot.set(s, cand.length);
          cand.push(s);
          dots.push(t.w * w);
        } else dots[i]! += t.w * w;
      }
    }
    if (cand.length === 0) return [];
    const top = cand
      .map((_, i) => i)
      .sort((x, y) => dots[y]! - dots[x]!)
      .slice(0, RESCORE)
      .map((i) => cand[i]!);
    // Pass 2: the full cosine, shared evidence and title share for the best few.
    const out: EventMatch[] = [];
    for (const s of top) {
      let dot = 0;
      let titleDot = 0;
      const groups = new Set<number>();
      for (const t of q) {
        const w = weightOf(s, t.id);
        if (!w) continue;
        const part = t.w * w * t.idf;
        dot += part;
        if (t.title) titleDot += part;
        // Evidence comes from the headline: a lead repeats the names and adds incidental words ("call an
        // election", "said on Tuesday") that two different stories share easily.
        if (t.title && t.evidence) groups.add(t.group);
      }
      const score = dot / (qNorm * this.centroidNorm(s) || 1);
      if (score < this.threshold || titleDot < MIN_TITLE_SHARE * dot) continue;
      if (groups.size < Math.min(required, queryGroups)) {
        // One shared fact is enough only when it is what the story is about (see the class comment).
        if (young || groups.size === 0 || score < this.identityThreshold || s.docs < ANCHOR_DOCS) continue;
        const shared = new Set(q.filter((t) => t.title && t.evidence && groups.has(t.group)).map((t) => t.id));
        if (this.identityShare(s, (term) => shared.has(term)) < IDENTITY_SHARE) continue;
      }
      out.push({ storyId: s.id, score });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  /** Share of the story's identity (its central headline facts, by IDF) held by the terms `has` accepts. */
  private identityShare(s: Story, has: (term: number) => boolean): number {
    let all = 0;
    let shared = 0;
    for (let i = 0; i < s.terms.length; i++) {
      const central = membersOf(s, i) / s.docs;
      if (central < CENTRAL || evidenceOf(s, i) === 0 || this.common(s.terms[i]!)) continue;
      const mass = central * evidenceOf(s, i) * this.idf(s.terms[i]!);
      all += mass;
      if (has(s.terms[i]!)) shared += mass;
    }
    return all ? shared / all : 0;
  }

  /** The centroid's norm under current IDF, cached until the window's size has moved by a twentieth. */
  private centroidNorm(s: Story): number {
    const n = this.stories.size;
    if (s.normAt > 0 && Math.abs(n - s.normAt) * 20 <= s.normAt) return s.norm;
    let sum = 0;
    for (let i = 0; i < s.terms.length; i++) {
      const w = s.data[i]! * this.idf(s.terms[i]!);
      sum += w * w;
    }
    s.norm = Math.sqrt(sum);
    s.normAt = n;
    return s.norm;
  }

  private termsOf(doc: EventDoc): EventTerm[] {
    const text = `${doc.title}\u0000${doc.lead ?? ''}`;
    if (doc !== this.lastDoc || text !== this.lastText) {
      this.lastDoc = doc;
      this.lastText = text;
      this.lastTerms = eventTerms(doc, this.names);
    }
    return this.lastTerms;
  }

  /** Adds an article to a story (a new one when the id is unknown; the story it was folded into, if it was). */
  add(doc: EventDoc, storyId: string): void {
    const terms = this.termsOf(doc);
    // Each article counts once in its story's centroid, whatever its length.
    let norm = 0;
    for (const t of terms) norm += t.weight * t.weight;
    norm = Math.sqrt(norm) || 1;
    let s = this.resolve(storyId);
    const merged = new Map<number, CentroidTerm>();
    if (s) collect(merged, s);
    for (const t of terms) {
      const c = merged.get(t.id);
      if (c) {
        c[1] += t.weight / norm;
        c[2] += t.title ? 1 : 0;
        c[3] = Math.max(c[3], t.evidence);
        c[4] ||= t.name;
      } else merged.set(t.id, [t.id, t.weight / norm, t.title ? 1 : 0, t.evidence, t.name]);
    }
    if (!s) {
      s = newStory(storyId, doc.at);
      this.stories.add(s);
      this.byId.set(storyId, s);
    }
    this.setCentroid(s, merged);
    s.docs++;
    this.articles++;
    this.touch(s, doc.at);
    // A fold can bring the joined story close to a third one: a second look, and no more (each costs a lookup).
    if (s.docs > 1 && !(this.mergeThreshold > 1) && this.articles >= SMALL_WINDOW) {
      const root = this.foldNearest(s);
      if (root) this.foldNearest(root);
    }
    this.compactIfStale();
  }

  private touch(s: Story, at: number): void {
    if (at < s.last) return;
    s.last = at;
    // Queued at its newest time: a story is dropped when the entry for its newest article leaves the queue.
    this.queue.push(s);
    this.queueAt.push(at);
  }

  /** Replaces a story's centroid with the heaviest of `merged`, keeping postings and document frequencies in step. */
  private setCentroid(s: Story, merged: Map<number, CentroidTerm>): void {
    const kept = [...merged.values()].sort((a, b) => b[1] - a[1]).slice(0, CENTROID_TERMS).sort((a, b) => a[0] - b[0]);
    const newTerms = Uint32Array.from(kept, (k) => k[0]);
    const before = s.terms;
    for (const t of newTerms) {
      if (has(before, t)) continue;
      this.df.set(t, (this.df.get(t) ?? 0) + 1);
      let list = this.postings.get(t);
      if (!list) this.postings.set(t, (list = []));
      list.push(s);
      this.live++;
    }
    for (const t of before) if (!has(newTerms, t)) this.dropTerm(t);
    s.terms = newTerms;
    const n = kept.length;
    s.data = new Float32Array(3 * n);
    kept.forEach((k, i) => {
      s.data[i] = k[1];
      s.data[n + i] = k[2];
      s.data[2 * n + i] = evidenceCode(k[3], k[4]);
    });
    s.normAt = 0;
  }

  /**
   * After `s` grew: the closest story sharing its identity, if their centroids are close enough and they share
   * two facts central to both (or one that is each one's whole identity), folds into the older of the two.
   */
  private foldNearest(s: Story): Story | undefined {
    const since = s.last - this.windowMs;
    // Its rarest identity terms find the candidates; a term in many stories finds too many to be telling.
    const anchors: { list: Story[]; idf: number }[] = [];
    for (let i = 0; i < s.terms.length; i++) {
      if (evidenceOf(s, i) === 0 || membersOf(s, i) < CENTRAL * s.docs) continue;
      const list = this.postings.get(s.terms[i]!);
      if (list && list.length > 1 && list.length <= LONG_POSTINGS) anchors.push({ list, idf: this.idf(s.terms[i]!) });
    }
    anchors.sort((a, b) => b.idf - a.idf);
    const seen = new Set<Story>([s]);
    let best: Story | undefined;
    let bestScore = this.mergeThreshold;
    for (const { list } of anchors) {
      for (const o of list) {
        if (seen.size > MERGE_CANDIDATES) break;
        if (seen.has(o) || !o.alive || o.last < since) continue;
        seen.add(o);
        const score = this.storyCosine(s, o);
        if (score >= bestScore && this.sameIdentity(s, o)) {
          best = o;
          bestScore = score;
        }
      }
    }
    if (!best) return undefined;
    const [root, gone] = best.first <= s.first ? [best, s] : [s, best];
    this.fold(root, gone);
    return root;
  }

  private storyCosine(a: Story, b: Story): number {
    let dot = 0;
    forEachShared(a, b, (term, i, j) => {
      const idf = this.idf(term);
      dot += a.data[i]! * b.data[j]! * idf * idf;
    });
    return dot / (this.centroidNorm(a) * this.centroidNorm(b) || 1);
  }

  /**
   * Whether two stories are one: they share two facts central to both and those carry most of each one's
   * identity (two bankruptcies share "files" and "bankruptcy", not the company), or one fact that is each one's
   * whole identity.
   */
  private sameIdentity(a: Story, b: Story): boolean {
    let shared = 0;
    let sharedName = false;
    const both = new Set<number>();
    forEachShared(a, b, (term, i, j) => {
      if (membersOf(a, i) < CENTRAL * a.docs || membersOf(b, j) < CENTRAL * b.docs || this.common(term)) return;
      shared += Math.min(evidenceOf(a, i), evidenceOf(b, j));
      both.add(term);
      sharedName ||= isNameOf(a, i) || isNameOf(b, j);
    });
    if (shared < 0.99) return false;
    // Who or what a story is about is in its names: two stories each about someone different are two stories.
    if (!sharedName && this.hasCentralName(a) && this.hasCentralName(b)) return false;
    const one = shared < this.minShared - 0.01;
    if (one && (a.docs < ANCHOR_DOCS || b.docs < ANCHOR_DOCS)) return false;
    const need = one ? IDENTITY_SHARE : FOLD_SHARE;
    const inBoth = (term: number) => both.has(term);
    return this.identityShare(a, inBoth) >= need && this.identityShare(b, inBoth) >= need;
  }

  private hasCentralName(s: Story): boolean {
    for (let i = 0; i < s.terms.length; i++) if (isNameOf(s, i) && membersOf(s, i) >= CENTRAL * s.docs) return true;
    return false;
  }

  /**
   * Folds the story `goneId` into `rootId` on outside evidence (its body copies that story's): one story from
   * now on, whatever their centroids say. Nothing happens when either has left the window or they are one already.
   */
  foldInto(goneId: string, rootId: string): void {
    const gone = this.resolve(goneId);
    const root = this.resolve(rootId);
    if (gone && root && gone !== root) this.fold(root, gone);
  }

  /** Folds `gone` into `root`: one centroid, one set of members; `gone`'s id leads to `root` from now on. */
  private fold(root: Story, gone: Story): void {
    const merged = new Map<number, CentroidTerm>();
    collect(merged, root);
    for (let i = 0; i < gone.terms.length; i++) {
      const c = merged.get(gone.terms[i]!);
      if (c) {
        c[1] += gone.data[i]!;
        c[2] += membersOf(gone, i);
        c[3] = Math.max(c[3], evidenceOf(gone, i));
        c[4] ||= isNameOf(gone, i);
      } else merged.set(gone.terms[i]!, [gone.terms[i]!, gone.data[i]!, membersOf(gone, i), evidenceOf(gone, i), isNameOf(gone, i)]);
    }
    for (const t of gone.terms) this.dropTerm(t);
    gone.alive = false;
    gone.into = root;
    this.stories.delete(gone);
    this.setCentroid(root, merged);
    root.docs += gone.docs;
    root.first = Math.min(root.first, gone.first);
    root.absorbed = [...(root.absorbed ?? []), gone.id, ...(gone.absorbed ?? [])];
    gone.absorbed = undefined;
    this.touch(root, gone.last);
  }

  private dropTerm(t: number): void {
    const df = (this.df.get(t) ?? 1) - 1;
    if (df <= 0) this.df.delete(t);
    else this.df.set(t, df);
    this.stale++;
    this.live--;
  }

  prune(cutoff: number): number {
    let forgotten = 0;
    while (this.head < this.queue.length && this.queueAt[this.head]! < cutoff) {
      const s = this.queue[this.head]!;
      const at = this.queueAt[this.head]!;
      this.head++;
      if (!s.alive || s.last !== at) continue;
      s.alive = false;
      this.stories.delete(s);
      this.byId.delete(s.id);
      for (const id of s.absorbed ?? []) this.byId.delete(id);
      for (const t of s.terms) this.dropTerm(t);
      forgotten += s.docs;
      this.articles -= s.docs;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.queueAt = this.queueAt.slice(this.head);
      this.head = 0;
    }
    this.compactIfStale();
    return forgotten;
  }

  /** Posting entries of dropped terms and stories are removed in one pass once they outnumber the live ones. */
  private compactIfStale(): void {
    if (this.stale < 4096 || this.stale < this.live) return;
    for (const [t, list] of this.postings) {
      const seen = new Set<Story>();
      const kept = list.filter((s) => {
        if (!s.alive || !has(s.terms, t) || seen.has(s)) return false;
        seen.add(s);
        return true;
      });
      if (kept.length) this.postings.set(t, kept);
      else this.postings.delete(t);
    }
    this.stale = 0;
  }
}

/** Each term two stories share (their term lists are sorted), with its index in each. */
function forEachShared(a: Pick<Story, 'terms'>, b: Pick<Story, 'terms'>, visit: (term: number, i: number, j: number) => void): void {
  for (let i = 0, j = 0; i < a.terms.length && j < b.terms.length; ) {
    const x = a.terms[i]!;
    const y = b.terms[j]!;
    if (x < y) i++;
    else if (x > y) j++;
    else visit(x, i++, j++);
  }
}
