import { fnv1a } from './hash.ts';
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
 *   story about them the same day) is never enough;
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
 * Cosine against a story's centroid above which an article joins it. The two-shared-terms rule does most of the
 * separating, so precision moves little with it: on the labelled headline stream (bench/eval/stories.ts, all of
 * it) 0.2 gives B-cubed precision 0.90 against 0.86 at 0.05, for recall 0.38 against 0.43; the bot leans to
 * precision. The eval does not use this default: it picks its own threshold on its tuning half.
 */
export const DEFAULT_EVENT_THRESHOLD = 0.2;
/** Below this many stories in the window, IDF is too young to trust two shared terms alone. */
const SMALL_WINDOW = 100;
/** Terms a centroid keeps: what bounds a story's memory however many articles it gathers. */
const CENTROID_TERMS = 40;
/** Lead words read: the first sentences carry the event; the rest is detail that drifts between rewrites. */
const LEAD_WORDS = 40;
const LEAD_WEIGHT = 0.5;
/** Share of the score that must come from the article's title words (see the boilerplate note above). */
const MIN_TITLE_SHARE = 0.5;
const NAME_BOOST = 1.6;
const NUMBER_BOOST = 1.4;
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
 * Offices and honorifics: "Prime Minister" or "President" in two headlines is not the same person, and every day
 * has many stories about some president. They are ordinary, light words and never part of a name.
 */
const ROLES = new Set(
  'president prime minister chancellor premier governor mayor senator king queen prince princess pope chairman chairwoman ceo chief secretary general minister mr mrs ms dr sir lord lady judge officials official spokesman spokeswoman'.split(' '),
);
const ROLE_WEIGHT = 0.5;
/** The group of terms that add to the score but never count as shared evidence. */
const NO_EVIDENCE = -1;
const MONTHS = new Set('january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '));
/** Dates say when, not what: every headline of a day shares them. */
const DATE_WEIGHT = 0.3;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;

const STOP = new Set(
  (
    'a an and are as at be been but by for from had has have he her his how i if in into is it its me my new no not of on ' +
    'or our out over she so than that the their them then there these they this to up us was we were what when where which ' +
    'while who why will with would you your after before about against amid more most just can could may might should ' +
    'says say said told tells tell report reports reported update updates live video watch photos read full story here ' +
    'via per also all any some one two first last next week day today yesterday now get gets got make makes take takes ' +
    'do does did being than too very own off down back monday tuesday wednesday thursday friday saturday sunday'
  ).split(' '),
);

/** One term of a document: its hash, weight (before IDF), whether it came from the title, and its evidence group. */
export interface EventTerm {
  id: number;
  weight: number;
  title: boolean;
  /**
   * Terms of one name ("Prime Minister Emi Sato") share a group: the same person named in two headlines is one
   * piece of shared evidence, not four.
   */
  group: number;
}

/** A light English stem: plurals and possessives fold ("talks"/"talk", "Sato's"/"Sato"). */
function stem(w: string): string {
  if (w.endsWith("'s") || w.endsWith('’s')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

const isCapital = (w: string) => /^\p{Lu}/u.test(w) && !CJK.test(w);

/**
 * Title case ("Fed Signals Faster Taper") capitalises every content word, so capitals say nothing about names;
 * one lower-case content word is enough to show sentence case.
 */
function isTitleCase(words: string[]): boolean {
  let content = 0;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (CJK.test(w) || STOP.has(w.toLowerCase()) || /^\p{N}/u.test(w)) continue;
    content++;
    if (!isCapital(w)) return false;
  }
  return content >= 2;
}

let groupSeq = 0;

function addText(out: Map<number, EventTerm>, text: string, fieldWeight: number, title: boolean, maxWords: number): void {
  const words = (text.normalize('NFKC').match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*[.!?]?/gu) ?? []).slice(0, maxWords);
  const n = words.length;
  // Each word's facts are worked out once: this runs for every article of every feed.
  const bare = words.map((w) => w.replace(/[.'’!?-]+$/u, ''));
  const lowers = bare.map((w) => w.toLowerCase());
  const caps = bare.map(isCapital);
  const ends = words.map((w) => /[.!?]$/.test(w));
  const titleCase = isTitleCase(words);
  const dateGroup = ++groupSeq;
  // Runs of capitalised words in sentence-case text are names and places; each run weighs as much as one name.
  const runLength = new Array<number>(n).fill(0);
  const runGroup = new Array<number>(n).fill(0);
  if (!titleCase) {
    const nameWord = (i: number) => caps[i]! && !ROLES.has(lowers[i]!);
    let sentenceStart = true;
    for (let i = 0; i < n; ) {
      if (!nameWord(i)) {
        sentenceStart = ends[i]!;
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && nameWord(j) && !ends[j - 1]) j++;
      // A lone capital at the start of a sentence is just the sentence's first word.
      if (!(sentenceStart && j - i === 1)) {
        const group = ++groupSeq;
        for (let k = i; k < j; k++) {
          runLength[k] = j - i;
          runGroup[k] = group;
        }
      }
      sentenceStart = ends[j - 1]!;
      i = j;
    }
  }
  for (let i = 0; i < n; i++) {
    const raw = bare[i]!;
    if (!raw) continue;
    if (raw.charCodeAt(0) >= 0x2e80 && CJK.test(raw)) {
      // Japanese and Chinese have no spaces: overlapping character bigrams are the usual index terms. Runs of
      // hiragana only are particles and endings, not content.
      for (const run of raw.match(/[\p{Script=Han}\p{Script=Katakana}\p{Script=Hangul}ー]+|[\p{Script=Hiragana}]+|[\p{L}\p{N}]+/gu) ?? []) {
        if (HIRAGANA_ONLY.test(run)) continue;
        if (CJK.test(run)) {
          if (run.length === 1) put(out, `c:${run}`, fieldWeight, title, ++groupSeq);
          for (let j = 0; j + 1 < run.length; j++) put(out, `c:${run.slice(j, j + 2)}`, fieldWeight, title, ++groupSeq);
        } else put(out, `w:${stem(run.toLowerCase())}`, fieldWeight, title, ++groupSeq);
      }
      continue;
    }
    const lower = lowers[i]!.includes('.') ? lowers[i]!.replace(/[.]/g, '') : lowers[i]!;
    if (lower.length < 2 || STOP.has(lower)) continue;
    let w = fieldWeight;
    let group = ++groupSeq;
    const digit = /\d/.test(lower);
    if (MONTHS.has(lower) && ((i + 1 < n && /^\d/.test(lowers[i + 1]!)) || (caps[i]! && !titleCase && i > 0))) {
      w *= DATE_WEIGHT;
      group = dateGroup;
    } else if (digit && (/^(19|20)\d\d$/.test(lower) || (/^\d{1,2}(st|nd|rd|th)?$/.test(lower) && (MONTHS.has(lowers[i - 1] ?? '') || MONTHS.has(lowers[i + 1] ?? ''))))) {
      w *= DATE_WEIGHT;
      group = dateGroup;
    } else if (ROLES.has(lower)) {
      w *= ROLE_WEIGHT;
      group = NO_EVIDENCE;
    } else if (digit || /\p{N}/u.test(lower)) {
      w *= NUMBER_BOOST;
    } else if (runLength[i]! > 0) {
      w *= NAME_BOOST / Math.sqrt(runLength[i]!);
      group = runGroup[i]!;
    } else if (raw.length <= 5 && /^\p{Lu}{2,5}$/u.test(raw)) {
      w *= NAME_BOOST; // NSA, ECB: short all-capitals names
    }
    put(out, `w:${stem(lower)}`, w, title, group);
  }
}

function put(out: Map<number, EventTerm>, key: string, weight: number, title: boolean, group: number): void {
  // 30 bits keep term ids V8 small integers: Map lookups on them cost a fraction of those on heap numbers.
  const id = fnv1a(key) & 0x3fffffff;
  const t = out.get(id);
  if (t) {
    // Repeats add little: a headline that says a name twice is not twice as much about it.
    t.weight = Math.max(t.weight, weight) + 0.25 * Math.min(t.weight, weight);
    t.title ||= title;
  } else out.set(id, { id, weight, title, group });
}

/** The terms of a document, title first; the weights are before IDF. */
export function eventTerms(doc: Pick<EventDoc, 'title' | 'lead'>): EventTerm[] {
  const out = new Map<number, EventTerm>();
  addText(out, doc.title, 1, true, 64);
  if (doc.lead) addText(out, doc.lead, LEAD_WEIGHT, false, LEAD_WORDS);
  return [...out.values()];
}

interface Story {
  id: string;
  /** Sorted term hashes of the centroid, and their summed weights (before IDF). */
  terms: Uint32Array;
  weights: Float32Array;
  docs: number;
  /** Newest member's first-seen time: the story stays in the window while any member does. */
  last: number;
  /** False once pruned: posting lists drop such entries lazily. */
  alive: boolean;
  /** Cached centroid norm, and the window size it was computed at (0: stale). */
  norm: number;
  normAt: number;
}

/**
 * Recent stories with their centroids, searchable by term. Memory per story: the centroid (40 terms × 8 bytes
 * in two typed arrays), one posting entry per term (a pointer in a plain array), the id string and a small
 * object; measured about 0.3–0.4 KB per story with its postings (bench/story-bench.ts), so a 48-hour window of
 * 50,000 stories holds about 15 MB.
 */
export class EventIndex {
  private readonly windowMs: number;
  private readonly threshold: number;
  private readonly minShared: number;
  private readonly stories = new Set<Story>();
  private readonly byId = new Map<string, Story>();
  /** Term hash → the stories whose centroid holds it (entries of removed stories are dropped lazily). */
  private readonly postings = new Map<number, Story[]>();
  /** Stories whose centroid holds the term: document frequency counted per story, so one big story does not
   * make its own words look common. */
  private readonly df = new Map<number, number>();
  private stale = 0;
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

  /**
   * `minSharedTerms`: pieces of headline evidence an article must share with a story (default 2; a name counts
   * once). 1 lets a single shared name decide, which folds topic-level coverage (every "Titanfall" headline) but also two different stories
   * about one person: kept as an option for measuring, not for the bot.
   */
  constructor(opts: { windowMs?: number; threshold?: number; minSharedTerms?: number } = {}) {
    this.windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
    this.threshold = opts.threshold ?? DEFAULT_EVENT_THRESHOLD;
    this.minShared = opts.minSharedTerms ?? 2;
  }

  get size(): number {
    return this.stories.size;
  }

  private idf(term: number): number {
    const n = this.stories.size;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n + 1) / (df + 0.5));
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
        const df = this.df.get(t.id) ?? 0;
        return { ...t, idf, w: t.weight * idf, evidence: df <= Math.max(3, COMMON_SHARE * this.stories.size) };
      })
      .sort((a, b) => (a.title === b.title ? b.w - a.w : a.title ? -1 : 1));
    const queryGroups = new Set(q.filter((t) => t.title && t.group !== NO_EVIDENCE).map((t) => t.group)).size;
    // A young window's IDF cannot tell a place every story names ("Japan", "Tokyo") from a distinctive word: until
    // it holds enough stories, one more shared piece of evidence is asked for.
    const required = this.stories.size < SMALL_WINDOW ? this.minShared + 1 : this.minShared;
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
        if (t.title && t.evidence && t.group !== NO_EVIDENCE) groups.add(t.group);
      }
      const score = dot / (qNorm * this.centroidNorm(s) || 1);
      if (score < this.threshold) continue;
      if (groups.size < Math.min(required, queryGroups)) continue;
      if (titleDot < MIN_TITLE_SHARE * dot) continue;
      out.push({ storyId: s.id, score });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  /** The centroid's norm under current IDF, cached until the window's size has moved by a twentieth. */
  private centroidNorm(s: Story): number {
    const n = this.stories.size;
    if (s.normAt > 0 && Math.abs(n - s.normAt) * 20 <= s.normAt) return s.norm;
    let sum = 0;
    for (let i = 0; i < s.terms.length; i++) {
      const w = s.weights[i]! * this.idf(s.terms[i]!);
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
      this.lastTerms = eventTerms(doc);
    }
    return this.lastTerms;
  }

  add(doc: EventDoc, storyId: string): void {
    const terms = this.termsOf(doc);
    // Each article counts once in its story's centroid, whatever its length.
    let norm = 0;
    for (const t of terms) norm += t.weight * t.weight;
    norm = Math.sqrt(norm) || 1;
    let s = this.byId.get(storyId);
    const merged = new Map<number, number>();
    if (s) for (let i = 0; i < s.terms.length; i++) merged.set(s.terms[i]!, s.weights[i]!);
    for (const t of terms) merged.set(t.id, (merged.get(t.id) ?? 0) + t.weight / norm);
    const kept = [...merged].sort((a, b) => b[1] - a[1]).slice(0, CENTROID_TERMS).sort((a, b) => a[0] - b[0]);
    const newTerms = Uint32Array.from(kept, (k) => k[0]);
    const newWeights = Float32Array.from(kept, (k) => k[1]);
    if (!s) {
      s = { id: storyId, alive: true, norm: 0, normAt: 0, terms: new Uint32Array(0), weights: new Float32Array(0), docs: 0, last: doc.at };
      this.stories.add(s);
      this.byId.set(storyId, s);
    }
    const before = s.terms;
    for (const t of newTerms) {
      if (has(before, t)) continue;
      this.df.set(t, (this.df.get(t) ?? 0) + 1);
      let list = this.postings.get(t);
      if (!list) this.postings.set(t, (list = []));
      list.push(s);
      this.live++;
    }
    for (const t of before) {
      if (has(newTerms, t)) continue;
      this.dropTerm(t);
    }
    s.terms = newTerms;
    s.weights = newWeights;
    s.normAt = 0;
    s.docs++;
    s.last = Math.max(s.last, doc.at);
    // Queued at its newest time: a story is dropped when the entry for its newest article leaves the queue.
    if (s.last === doc.at) {
      this.queue.push(s);
      this.queueAt.push(doc.at);
    }
    this.compactIfStale();
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
      for (const t of s.terms) this.dropTerm(t);
      forgotten += s.docs;
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

function has(sorted: Uint32Array, t: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === t) return true;
    if (v < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function weightOf(s: Story, t: number): number {
  const a = s.terms;
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid]!;
    if (v === t) return s.weights[mid]!;
    if (v < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
