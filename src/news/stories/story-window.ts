import { bodySketch, BodyIndex } from './body-match.ts';
import { EventIndex, type EventIndexOptions } from './events.ts';
import { fnv1a } from './hash.ts';
import type { Article } from '../article.ts';
import { signatureOf, StoryIndex, storyText, titleWords, type StoryEntry } from './same-story.ts';

/** How an article was found to belong to an earlier story, strongest evidence first. */
export type SameStoryHow = 'url' | 'similar' | 'event';

export interface StoryQuery {
  canonicalUrl: string;
  signature: readonly number[];
  titleWords: string[];
  title: string;
  lead: string;
  outlet: string;
  /** Epoch ms, first seen. */
  at: number;
}

/** Words of an article's text kept with its story for event-level comparisons. */
const LEAD_WORDS = 60;

export function leadOf(text: string): string {
  return text.split(/\s+/).slice(0, LEAD_WORDS).join(' ');
}

export { bodySketch };

/**
 * Whether the text read from a page is the article its headline announces: at least two of the headline's longer
 * words (or character pairs, in Japanese or Chinese) occur in its opening. A page that is really a consent wall,
 * a sign-in form or a site's front page fails, and such text must never make two articles look like one.
 */
export function bodyTellsOf(title: string, text: string): boolean {
  const opening = text.slice(0, 4000).normalize('NFKC').toLowerCase();
  const normalized = title.normalize('NFKC').toLowerCase();
  const words = new Set(normalized.match(/[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}]{4,}/gu) ?? []);
  for (const run of normalized.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{2,}/gu) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) words.add(run.slice(i, i + 2));
  }
  let found = 0;
  for (const w of words) if (opening.includes(w) && ++found >= 2) return true;
  return found >= words.size && words.size > 0;
}

/** What the window compares of an article first seen at `at` (epoch ms). The CPU-heavy part: compute it outside any lock. */
export function storyQueryOf(article: Pick<Article, 'canonicalUrl' | 'title' | 'text' | 'source'>, at: number): StoryQuery {
  return {
    canonicalUrl: article.canonicalUrl,
    signature: signatureOf(storyText(article)),
    titleWords: titleWords(article.title),
    title: article.title,
    lead: leadOf(article.text),
    outlet: article.source.name,
    at,
  };
}

/** The window's entry for an article that starts a story. */
export function storyEntryOf(storyId: string, q: StoryQuery): StoryEntry {
  return { storyId, canonicalUrl: q.canonicalUrl, title: q.title, source: q.outlet, at: q.at, signature: [...q.signature], titleWords: q.titleWords, lead: q.lead };
}

/**
 * The window's entry for a later article of a known story: what grows the story's centroid (the same-story index
 * keeps its first article's signature, so this one carries none: a smaller record in the store).
 */
export function memberEntryOf(storyId: string, q: StoryQuery): StoryEntry {
  return { storyId, canonicalUrl: q.canonicalUrl, title: q.title, source: q.outlet, at: q.at, signature: [], lead: q.lead };
}

/**
 * The stories of the same-story window, with the three ways a later article can be found to belong to one: the
 * same canonical URL; a near-copy of its title and lead (MinHash); another outlet's report of the same event
 * (TF-IDF against each story's centroid). Bodies are compared once pages are read (`findBody`), for syndicated
 * copies under a new headline. Precision first throughout: a false merge hides a story.
 */
export class StoryWindow {
  private readonly index: StoryIndex;
  private readonly events: EventIndex;
  private readonly bodies = new BodyIndex();
  /** Outlet of each story whose body is indexed. */
  private readonly withBody = new Map<string, string>();
  /**
   * Articles already in a story's centroid (hash of URL and title → first seen), so an entry read back from the
   * store (this process's own, or again after a restart) counts once.
   */
  private readonly members = new Map<number, number>();
  private memberOrder: number[] = [];
  private memberHead = 0;

  constructor(entries: Iterable<StoryEntry> = [], opts: { windowMs: number; events?: EventIndexOptions }) {
    this.index = new StoryIndex();
    this.events = new EventIndex({ ...opts.events, windowMs: opts.windowMs });
    for (const e of [...entries].sort((a, b) => a.at - b.at)) this.add(e);
  }

  get size(): number {
    return this.index.size;
  }

  /** The story a story id now stands for: itself, or the broader story it was folded into since (events.ts). */
  storyOf(storyId: string): string {
    return this.events.storyOf(storyId);
  }

  find(q: StoryQuery): { storyId: string; how: SameStoryHow } | undefined {
    const same = this.index.find(q.canonicalUrl, q.signature, q.titleWords);
    // A story folded into a broader one since (events.ts) answers with that one.
    if (same) return { storyId: this.events.storyOf(same.entry.storyId), how: same.how };
    const event = this.events.find({ id: q.canonicalUrl, title: q.title, lead: q.lead, outlet: q.outlet, at: q.at });
    return event ? { storyId: event.storyId, how: 'event' } : undefined;
  }

  /**
   * A story's entry: its first article (a new story), a later article that joined it (its words grow the story's
   * centroid), for a story already known its body sketch alone, or the fold of a story whose body copies an
   * earlier one (`foldInto`): later articles of either then join the earlier story.
   */
  add(entry: StoryEntry): void {
    if (entry.foldInto) {
      this.events.foldInto(entry.storyId, entry.foldInto);
      return;
    }
    const bodyOnly = !entry.title && !entry.canonicalUrl;
    if (!bodyOnly) {
      const key = fnv1a(`${entry.canonicalUrl}\u0000${entry.title}`);
      if (!this.members.has(key)) {
        this.members.set(key, entry.at);
        this.memberOrder.push(key);
        if (!this.index.has(entry.storyId)) this.index.add(entry);
        this.events.add({ id: entry.canonicalUrl, title: entry.title, lead: entry.lead, outlet: entry.source, at: entry.at }, entry.storyId);
      }
    }
    if (entry.body?.length && !this.withBody.has(entry.storyId)) {
      this.withBody.set(entry.storyId, entry.source.trim().toLowerCase());
      this.bodies.add(Uint32Array.from(entry.body), entry.storyId, entry.at);
    }
  }

  /**
   * The bot's decision for one article: the story it joins (and it is added to that story), or a new story of its
   * own, recorded in the window. Returns the entry to persist with the decision, so other processes and a restart
   * replay the same window.
   */
  decide(articleId: string, q: StoryQuery): { storyId: string; how?: SameStoryHow; entry: StoryEntry } {
    const same = this.find(q);
    const entry = same ? memberEntryOf(same.storyId, q) : storyEntryOf(articleId, q);
    this.add(entry);
    return same ? { storyId: same.storyId, how: same.how, entry } : { storyId: articleId, entry };
  }

  /**
   * The earlier story of another outlet whose body this sketch copies, if any. Syndication is one outlet
   * republishing another's article; within one outlet, identical bodies under different headlines are far more
   * often the site serving one page for many links (a consent wall, a sign-in page) than one story.
   */
  findBody(sketch: Uint32Array, outlet: string): string | undefined {
    const found = this.bodies.find(sketch)?.storyId;
    if (!found || this.withBody.get(found) === outlet.trim().toLowerCase()) return undefined;
    return found;
  }

  prune(cutoff: number): void {
    while (this.memberHead < this.memberOrder.length) {
      const key = this.memberOrder[this.memberHead]!;
      const at = this.members.get(key);
      if (at !== undefined && at >= cutoff) break;
      this.members.delete(key);
      this.memberHead++;
    }
    if (this.memberHead > 1024 && this.memberHead * 2 > this.memberOrder.length) {
      this.memberOrder = this.memberOrder.slice(this.memberHead);
      this.memberHead = 0;
    }
    this.index.prune(cutoff);
    this.events.prune(cutoff);
    this.bodies.prune(cutoff);
    if (this.withBody.size > 2 * this.bodies.size + 1024) {
      for (const id of this.withBody.keys()) if (!this.index.has(id)) this.withBody.delete(id);
    }
  }
}

export interface AssignedStory {
  /** The story it belongs to: its own id when it starts one. */
  story: string;
  how?: SameStoryHow | 'body';
}

/**
 * Same-story decisions for a batch of articles in the order given (newsbot preview: every feed's items in
 * published order, each "first seen" at its publication time), with the bot's rules. `sketches` holds the body
 * sketch of an article whose page was read, by article id.
 */
export function assignStories(articles: readonly Article[], opts: { windowMs: number; sketches?: ReadonlyMap<string, Uint32Array> }): AssignedStory[] {
  const window = new StoryWindow([], { windowMs: opts.windowMs });
  return articles.map((article) => {
    const q = storyQueryOf(article, Date.parse(article.published));
    const same = window.find(q);
    const sketch = opts.sketches?.get(article.id);
    const copied = !same && sketch ? window.findBody(sketch, q.outlet) : undefined;
    const joined = same?.storyId ?? copied;
    if (joined) {
      window.add(memberEntryOf(joined, q));
      return { story: joined, how: same?.how ?? 'body' };
    }
    window.add({ ...storyEntryOf(article.id, q), body: sketch ? [...sketch] : undefined });
    return { story: article.id };
  });
}
