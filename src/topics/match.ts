/**
 * Matching articles to subscriptions, the percolator way: every subscription's terms are
 * registered once in an inverted index (first word → terms, plus a character trie for CJK
 * terms); each article is tokenized once and only the subscriptions whose terms occur in it are
 * evaluated. Identical subscriptions (many members following "japan") share one profile and are
 * scored once, then fanned out to their keys. What the article says about a term (present, in a
 * real zone, its worth) is worked out once per article and read by every profile using it, so a
 * profile costs a few additions; the cost therefore grows with the article and the number of
 * matching profiles, not with the number of subscriptions.
 *
 * Scoring (the numbers live in SCORING): each occurrence is worth its zone (title, dateline and
 * lead 3, the lead falling to 1.25 once a body of 150 characters follows it; body 1 fading to 0.4
 * at the end; category or section label 0.5; boilerplate and a repeat of the headline 0) times
 * the term's weight; a term's further occurrences add half their worth (capped), so repetition
 * helps but one incidental mention does not. An article matches when the total reaches the
 * subscription's sensitivity threshold (and, for a custom query, the boolean expression holds).
 */
import { splitIntoZones, type MatchInput, type Zone } from './article-zones.ts';
import { catalogSenses, findTopic, loadCatalog, termText, type TopicDefinition } from './catalog.ts';
import { parseQuery, type QueryNode, type TermSpec } from './query.ts';
import commonWordsData from './common-words.json' with { type: 'json' };
import { containsCjk, normalizeText, tokenize, wordsOf, wordVariants, type WordCase } from './text.ts';

export type { MatchInput } from './article-zones.ts';

/** strict: the topic is central to the story; normal: clearly about it; broad: any real mention outside boilerplate. */
export type Sensitivity = 'strict' | 'normal' | 'broad';

export interface TopicMatch {
  /** The subscription key given to TopicIndex.add (the topic id or query text for matchTopics). */
  key: string;
  /** The built-in topic id, or the custom query text. */
  topic: string;
  score: number;
  /** The terms that matched, strongest first, as written in the catalog or the query. */
  terms: string[];
}

export const SENSITIVITY_THRESHOLDS: Record<Sensitivity, number> = { strict: 5, normal: 3, broad: 0.4 };

/**
 * The scoring knobs, in one place so the eval can show what each is worth. Tuned on Reuters
 * (japan) and crypto news (see bench/eval/topics.ts); change them with the eval at hand.
 */
export const SCORING = {
  /** What one mention is worth in each zone (times the term's weight). */
  zone: {
    title: 3,
    dateline: 3,
    lead: 3,
    body: 1,
    category: 0.5,
    label: 0.5,
    boilerplate: 0,
    repeat: 0,
  } satisfies Record<Zone, number>,
  /**
   * In a long story, a topic named once in the lead and never again is usually a side remark
   * ("talks with Japan and other countries"); in a two-sentence item the lead is the whole story.
   * So the lead is worth less as the body after it grows, down to `leadInLongStory` at `longBodyChars`.
   */
  leadInLongStory: 1.25,
  longBodyChars: 150,
  /** Body mentions fade from 1 right after the lead to this at the end of the text. */
  bodyAtEnd: 0.4,
  /** Share of each further occurrence of a term, and the cap on what repetition can add. */
  repeatShare: 0.5,
  repeatCap: 5,
};

interface CompiledTerm {
  key: string;
  /** Acceptable forms per word position (the last word includes its inflections). */
  words: Set<string>[];
  cjk: string | undefined;
  wordCase: 'upper' | 'title' | undefined;
  /** Profiles to evaluate when this term is found (those for which it is a trigger). */
  profiles: Set<Profile>;
  /**
   * The same as an array with their guards (see triggerGuards), rebuilt at the first match after a
   * change; kept on the term itself, as plain arrays, so that a found term costs few memory reads.
   */
  triggerProfiles: Profile[] | undefined;
  triggerCode: number[];
  /** Index of the term in the dense per-article marks (TopicIndex.presentMarks) while it is indexed. */
  slot: number;
  /** Profiles that use the term at all; the term stays indexed while any do. */
  users: number;
  /**
   * Built-in topic profiles using the term: they resolve overlapping terms by position
   * (withoutOverlaps), so only while there are any are the term's occurrences kept one by one.
   */
  positionUsers: number;
  // What the article being matched says about the term; valid only while `seenIn` is that article's number.
  seenIn: number;
  /** Sum and largest of the occurrences' worths, added in text order (as keep() adds a topic's kept ones). */
  sum: number;
  best: number;
  /** Some occurrence is worth more than 0 / and is in a zone where the article itself says it. */
  present: boolean;
  presentReal: boolean;
  occurrences: Occurrence[];
}

interface ProfileTerm {
  term: CompiledTerm;
  display: string;
  weight: number;
  needsSupport: boolean;
}

type CompiledNode =
  | { kind: 'term'; term: CompiledTerm }
  | { kind: 'and' | 'or'; children: CompiledNode[] }
  | { kind: 'not'; child: CompiledNode };

interface Profile {
  signature: string;
  topic: string;
  expr?: CompiledNode;
  /** Terms that add to the score (for a query: those not under NOT). */
  scoring: ProfileTerm[];
  /** Every term, for index bookkeeping. */
  all: CompiledTerm[];
  /**
   * Terms of which at least one must occur for the profile to match (the percolator's query
   * extraction): for an AND only its rarest-looking part, so a subscription like
   * `kyoto AND market` is looked at only for articles that say "Kyoto".
   */
  triggers: CompiledTerm[];
  threshold: number;
  /** Groups of terms each of which must have one present term for the profile to match (none for a topic). */
  required: CompiledTerm[][];
  /**
   * Per other sense of the topic's words (TopicDefinition.otherSenses), its terms: found with the topic's own,
   * they neither score nor trigger; two of one sense in an article ask for a strict score.
   */
  senses: CompiledTerm[][];
  keys: Set<string>;
  /** The keys in order (byKey), kept until they change: a profile followed by many is sorted once, not per article. */
  sortedKeys: string[] | undefined;
  /** Number of the last article that reached this profile, so each is scored once per article. */
  touchedIn: number;
}

/**
 * What starts with one word form: single-word terms, and phrases by their second word form ("bank"
 * → "of" → "bank of japan"): one lookup for a word that starts phrases, instead of reading every
 * phrase starting with it to compare its second word.
 */
interface WordEntry {
  singles: CompiledTerm[];
  /** The single-word term when there is exactly one (most forms): read without going through the array. */
  single: CompiledTerm | undefined;
  phrases: Map<string, CompiledTerm[]> | undefined;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  terms: CompiledTerm[];
}

/** Where a term occurred and what that occurrence is worth. `start`/`length` are in article token positions. */
interface Occurrence {
  worth: number;
  /** In the title, dateline, lead or body: the article itself says it (not a label or boilerplate). */
  real: boolean;
  start: number;
  length: number;
}

const MAX_TAG = 0xffff;

/** CJK characters are numbered apart from words so that the two kinds of position never overlap. */
const CJK_POSITION_BASE = 2 ** 30;
const REAL_ZONES = new Set<Zone>(['title', 'dateline', 'lead', 'body']);

function caseAllows(required: 'upper' | 'title' | undefined, actual: WordCase): boolean {
  if (!required) return true;
  if (required === 'upper') return actual === 'upper';
  return actual === 'title' || actual === 'upper';
}

function worthOf(best: number, sum: number): number {
  return best + SCORING.repeatShare * Math.min(SCORING.repeatCap, sum - best);
}

/** Record one occurrence of `term` in `article`, resetting what the term held from an earlier article. */
function note(term: CompiledTerm, article: number, found: CompiledTerm[], marks: Uint16Array, tag: number, worth: number, real: boolean, start: number, length: number): void {
  if (term.seenIn !== article) {
    term.seenIn = article;
    term.sum = 0;
    term.best = 0;
    term.present = false;
    term.presentReal = false;
    if (term.positionUsers > 0) term.occurrences = [];
    found.push(term);
  }
  term.sum += worth;
  if (worth > term.best) term.best = worth;
  if (worth > 0) {
    term.present = true;
    marks[term.slot] = tag;
    if (real) term.presentReal = true;
  }
  if (term.positionUsers > 0) term.occurrences.push({ worth, real, start, length });
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export class TopicIndex {
  private readonly terms = new Map<string, CompiledTerm>();
  private readonly byFirstWord = new Map<string, WordEntry>();
  private readonly cjkRoot: TrieNode = { next: new Map(), terms: [] };
  private readonly profiles = new Map<string, Profile>();
  private readonly profileOfKey = new Map<string, Profile>();
  /** Number of the article being matched; terms and profiles compare it with their per-article marks. */
  private article = 0;
  /**
   * Per term slot: the tag of the last article with an occurrence of the term worth more than 0.
   * Tags are article numbers wrapped to 16 bits (the marks are cleared at each wrap), so the array
   * stays small enough to sit in the processor's cache while guards read it at random.
   */
  private presentMarks = new Uint16Array(1024);
  private tag = 0;
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;

  /** Number of subscriptions (keys) registered. */
  get size(): number {
    return this.profileOfKey.size;
  }

  has(key: string): boolean {
    return this.profileOfKey.has(key);
  }

  /**
   * Register a subscription. `topicOrQuery` is a built-in topic (id, name or alias) or a custom
   * query; a malformed query throws QueryError. Adding an existing key replaces it.
   */
  add(key: string, topicOrQuery: string, sensitivity: Sensitivity = 'normal'): void {
    const topic = findTopic(topicOrQuery);
    const threshold = SENSITIVITY_THRESHOLDS[sensitivity];
    let profile: Profile;
    if (topic) {
      const signature = `topic\u0000${topic.id}\u0000${sensitivity}`;
      profile = this.profiles.get(signature) ?? this.compileTopic(topic, signature, threshold);
    } else {
      const ast = parseQuery(topicOrQuery);
      const signature = `query\u0000${canonicalQuery(ast)}\u0000${sensitivity}`;
      profile = this.profiles.get(signature) ?? this.compileQuery(ast, topicOrQuery.trim(), signature, threshold);
    }
    this.remove(key);
    if (!this.profiles.has(profile.signature)) this.attach(profile);
    profile.keys.add(key);
    profile.sortedKeys = undefined;
    this.profileOfKey.set(key, profile);
  }

  /** Forget a subscription; returns whether it existed. */
  remove(key: string): boolean {
    const profile = this.profileOfKey.get(key);
    if (!profile) return false;
    this.profileOfKey.delete(key);
    profile.keys.delete(key);
    profile.sortedKeys = undefined;
    if (profile.keys.size === 0) this.detach(profile);
    return true;
  }

  /** All subscriptions the article matches, best score first. */
  match(input: MatchInput): TopicMatch[] {
    const article = ++this.article;
    if (++this.tag > MAX_TAG) {
      this.presentMarks.fill(0);
      this.tag = 1;
    }
    const tag = this.tag;
    const found = this.findTerms(input, article, tag);
    const marks = this.presentMarks;
    const touched: Profile[] = [];
    for (const term of found) {
      if (term.triggerProfiles === undefined) triggerGuards(term);
      const code = term.triggerCode;
      const worth = worthOf(term.best, term.sum);
      let at = 0;
      for (const profile of term.triggerProfiles as Profile[]) {
        const next = code[at] as number;
        // The guard first: it reads only `code` and `marks`, the profile object is loaded only if it passes.
        if (guardHolds(code, at + 1, marks, tag, worth) && profile.touchedIn !== article) {
          profile.touchedIn = article;
          touched.push(profile);
        }
        at = next;
      }
    }
    const scored: Scored[] = [];
    for (const profile of touched) {
      const result = profile.expr ? scoreQuery(profile, profile.expr, article) : scoreTopic(profile, article);
      if (result) scored.push(result);
    }
    return fanOut(scored);
  }

  /** Note every indexed term the article contains on the term itself; returns those terms in the order first met. */
  private findTerms(input: MatchInput, article: number, tag: number): CompiledTerm[] {
    const found: CompiledTerm[] = [];
    const marks = this.presentMarks;
    let wordBase = 0;
    let cjkBase = CJK_POSITION_BASE;
    const segments = splitIntoZones(input);
    let bodyChars = 0;
    for (const s of segments) if (s.zone === 'body') bodyChars += s.text.length;
    const shortness = Math.max(0, 1 - bodyChars / SCORING.longBodyChars);
    const leadWorth = SCORING.leadInLongStory + (SCORING.zone.lead - SCORING.leadInLongStory) * shortness;
    for (const segment of segments) {
      let worth = segment.zone === 'lead' ? leadWorth : SCORING.zone[segment.zone];
      const real = REAL_ZONES.has(segment.zone);
      if (segment.zone === 'body') worth *= 1 - (1 - SCORING.bodyAtEnd) * segment.depth;
      // Boilerplate and a repeated headline are worth nothing: a mention there can neither make a
      // term present nor add to a score, and its positions overlap no other zone's, so the text is
      // not even cut into words (a long "related stories" list costs nothing).
      if (worth === 0) continue;
      const { words, cjk } = tokenize(segment.text);
      for (let i = 0; i < words.length; i++) {
        const first = words[i] as (typeof words)[number];
        // Straight into the index, every time: a per-article map of words already looked up cost
        // more to fill than it saved, and a cache kept across articles only helps while the
        // index holds more words than the news uses (it grows with every distinct word seen).
        const entry = this.byFirstWord.get(first.norm);
        if (entry === undefined) continue;
        // The first word is one of the forms the term was indexed under; only its case is left to check.
        const single = entry.single;
        if (single !== undefined) {
          if (caseAllows(single.wordCase, first.wordCase)) note(single, article, found, marks, tag, worth, real, wordBase + i, 1);
        } else {
          for (const term of entry.singles) if (caseAllows(term.wordCase, first.wordCase)) note(term, article, found, marks, tag, worth, real, wordBase + i, 1);
        }
        if (entry.phrases === undefined || i + 1 >= words.length) continue;
        const second = words[i + 1] as (typeof words)[number];
        const phrases = entry.phrases.get(second.norm);
        if (!phrases) continue;
        for (const term of phrases) {
          const n = term.words.length;
          if (i + n > words.length) continue;
          let ok = caseAllows(term.wordCase, first.wordCase) && caseAllows(term.wordCase, second.wordCase);
          for (let j = 2; j < n && ok; j++) {
            const w = words[i + j] as (typeof words)[number];
            ok = (term.words[j] as Set<string>).has(w.norm) && caseAllows(term.wordCase, w.wordCase);
          }
          if (ok) note(term, article, found, marks, tag, worth, real, wordBase + i, n);
        }
      }
      for (const run of cjk) {
        const text = run.text;
        for (let i = 0; i < text.length; i++) {
          let node: TrieNode | undefined = this.cjkRoot;
          for (let j = i; j < text.length && node; j++) {
            node = node.next.get(text.charAt(j));
            if (node) for (const term of node.terms) note(term, article, found, marks, tag, worth, real, cjkBase + i, j - i + 1);
          }
        }
        cjkBase += text.length + 1;
      }
      wordBase += words.length + 1;
    }
    return found;
  }

  /**
   * The one term object for a spec: the indexed one, or one made earlier in the same compilation
   * (`made`). Without the latter, `velmora velmora` got two objects for one word and every
   * mention counted twice, until some other subscription had the word indexed first.
   */
  private internTerm(spec: TermSpec, made: Map<string, CompiledTerm>): CompiledTerm {
    const key = JSON.stringify([spec.words, spec.cjk ?? '', spec.inflect, spec.wordCase ?? '']);
    let term = this.terms.get(key) ?? made.get(key);
    if (!term) {
      const last = spec.words.length - 1;
      term = {
        key,
        words: spec.words.map((w, i) => new Set(i === last && spec.inflect ? wordVariants(w) : [w])),
        cjk: spec.cjk || undefined,
        wordCase: spec.wordCase,
        profiles: new Set(),
        triggerProfiles: undefined,
        triggerCode: [],
        slot: -1,
        users: 0,
        positionUsers: 0,
        seenIn: 0,
        sum: 0,
        best: 0,
        present: false,
        presentReal: false,
        occurrences: [],
      };
      made.set(key, term);
    }
    return term;
  }

  private compileTopic(topic: TopicDefinition, signature: string, threshold: number): Profile {
    const scoring: ProfileTerm[] = [];
    const seen = new Set<CompiledTerm>();
    const made = new Map<string, CompiledTerm>();
    for (const group of topic.groups) {
      for (const raw of group.terms) {
        for (const spec of catalogTermSpecs(raw)) {
          const term = this.internTerm(spec, made);
          if (seen.has(term)) continue;
          seen.add(term);
          scoring.push({ term, display: termText(raw), weight: group.weight, needsSupport: group.needsSupport ?? false });
        }
      }
    }
    // A topic needs a real mention of one of its unambiguous terms, so only those trigger it.
    const triggers = [...new Set(scoring.filter((t) => !t.needsSupport).map((t) => t.term))];
    const senses = (topic.otherSenses ?? []).map((name) => {
      const terms = new Set<CompiledTerm>();
      for (const raw of catalogSenses()[name]!.terms) for (const spec of catalogTermSpecs(raw)) terms.add(this.internTerm(spec, made));
      for (const term of terms) seen.add(term);
      return [...terms];
    });
    return { signature, topic: topic.id, scoring, all: [...seen], triggers, threshold, required: [], senses, keys: new Set(), sortedKeys: undefined, touchedIn: 0 };
  }

  private compileQuery(ast: QueryNode, text: string, signature: string, threshold: number): Profile {
    const all = new Set<CompiledTerm>();
    const scoring: ProfileTerm[] = [];
    const made = new Map<string, CompiledTerm>();
    const compile = (node: QueryNode, negated: boolean): CompiledNode => {
      switch (node.kind) {
        case 'term': {
          const term = this.internTerm(node.term, made);
          all.add(term);
          if (!negated && !scoring.some((s) => s.term === term)) {
            scoring.push({ term, display: node.term.display, weight: 1, needsSupport: false });
          }
          return { kind: 'term', term };
        }
        case 'not':
          return { kind: 'not', child: compile(node.child, !negated) };
        default:
          return { kind: node.kind, children: node.children.map((c) => compile(c, negated)) };
      }
    };
    const expr = compile(ast, false);
    const triggers = triggerTerms(expr)?.terms ?? [...all];
    const required = requiredGroups(expr);
    return { signature, topic: text, expr, scoring, all: [...all], triggers, threshold, required, senses: [], keys: new Set(), sortedKeys: undefined, touchedIn: 0 };
  }

  private attach(profile: Profile): void {
    this.profiles.set(profile.signature, profile);
    for (const term of profile.all) if (term.users++ === 0) this.indexTerm(term);
    for (const term of profile.triggers) {
      term.profiles.add(profile);
      term.triggerProfiles = undefined;
    }
    if (!profile.expr) for (const term of profile.all) term.positionUsers++;
  }

  private detach(profile: Profile): void {
    this.profiles.delete(profile.signature);
    for (const term of profile.triggers) {
      term.profiles.delete(profile);
      term.triggerProfiles = undefined;
    }
    if (!profile.expr) for (const term of profile.all) term.positionUsers--;
    for (const term of profile.all) if (--term.users === 0) this.unindexTerm(term);
  }

  private indexTerm(term: CompiledTerm): void {
    this.terms.set(term.key, term);
    term.slot = this.freeSlots.pop() ?? this.nextSlot++;
    if (term.slot >= this.presentMarks.length) {
      const grown = new Uint16Array(this.presentMarks.length * 2);
      grown.set(this.presentMarks);
      this.presentMarks = grown;
    }
    if (term.cjk) {
      let node = this.cjkRoot;
      for (const ch of term.cjk) {
        let next = node.next.get(ch);
        if (!next) {
          next = { next: new Map(), terms: [] };
          node.next.set(ch, next);
        }
        node = next;
      }
      node.terms.push(term);
      return;
    }
    for (const form of term.words[0] ?? []) {
      let entry = this.byFirstWord.get(form);
      if (!entry) {
        entry = { singles: [], single: undefined, phrases: undefined };
        this.byFirstWord.set(form, entry);
      }
      if (term.words.length === 1) {
        entry.singles.push(term);
        entry.single = entry.singles.length === 1 ? term : undefined;
        continue;
      }
      entry.phrases ??= new Map();
      for (const next of term.words[1] ?? []) {
        const list = entry.phrases.get(next);
        if (list) list.push(term);
        else entry.phrases.set(next, [term]);
      }
    }
  }

  private unindexTerm(term: CompiledTerm): void {
    this.terms.delete(term.key);
    this.freeSlots.push(term.slot);
    term.slot = -1;
    if (term.cjk) {
      const path: TrieNode[] = [this.cjkRoot];
      for (const ch of term.cjk) {
        const next = path[path.length - 1]?.next.get(ch);
        if (!next) return;
        path.push(next);
      }
      const leaf = path[path.length - 1] as TrieNode;
      leaf.terms = leaf.terms.filter((t) => t !== term);
      // Prune branches that no longer lead to any term.
      const chars = [...term.cjk];
      for (let i = path.length - 1; i > 0; i--) {
        const node = path[i] as TrieNode;
        if (node.terms.length > 0 || node.next.size > 0) break;
        (path[i - 1] as TrieNode).next.delete(chars[i - 1] as string);
      }
      return;
    }
    for (const form of term.words[0] ?? []) {
      const entry = this.byFirstWord.get(form);
      if (!entry) continue;
      if (term.words.length === 1) {
        entry.singles = entry.singles.filter((t) => t !== term);
        entry.single = entry.singles.length === 1 ? entry.singles[0] : undefined;
      } else {
        const phrases = entry.phrases;
        for (const next of term.words[1] ?? []) {
          const kept = (phrases?.get(next) ?? []).filter((t) => t !== term);
          if (kept.length > 0) phrases?.set(next, kept);
          else phrases?.delete(next);
        }
        if (phrases?.size === 0) entry.phrases = undefined;
      }
      if (entry.singles.length === 0 && entry.phrases === undefined) this.byFirstWord.delete(form);
    }
  }
}

/** The term specs of one catalog entry (a term in mixed scripts is not expected there; CJK wins). */
function catalogTermSpecs(raw: TopicDefinition['groups'][number]['terms'][number]): TermSpec[] {
  const text = termText(raw);
  const opts: { case?: 'upper' | 'title'; exact?: boolean } = typeof raw === 'string' ? {} : raw;
  const normalized = normalizeText(text);
  if (containsCjk(normalized)) {
    const { words, cjk } = tokenize(normalized);
    const specs: TermSpec[] = cjk.map((r) => ({ display: text, words: [], cjk: r.text, inflect: false }));
    // "生成AI": index the CJK part; the Latin part alone would be far too broad.
    return specs.length > 0 && words.length === 0 ? specs : specs.slice(0, 1);
  }
  const words = wordsOf(text);
  if (words.length === 0) return [];
  const spec: TermSpec = { display: text, words, inflect: opts.exact !== true };
  if (opts.case) spec.wordCase = opts.case;
  return [spec];
}

const COMMON_WORDS = new Set<string>(commonWordsData.words);

/** How often a term is likely to occur in an article, roughly: common words high, names and phrases low. */
function termCost(term: CompiledTerm): number {
  if (term.cjk) return 4 / term.cjk.length;
  let cost = 1;
  for (const forms of term.words) {
    const [word = ''] = forms;
    cost = Math.min(cost, COMMON_WORDS.has(word) ? 1 : 0.5 / Math.max(1, word.length - 2));
  }
  return term.words.length > 1 ? cost / 10 : cost;
}

/** Terms at least one of which must be present for the expression to be true; undefined when none can be named (a NOT). */
function triggerTerms(node: CompiledNode): { terms: CompiledTerm[]; cost: number } | undefined {
  switch (node.kind) {
    case 'term':
      return { terms: [node.term], cost: termCost(node.term) };
    case 'not':
      return undefined;
    case 'or': {
      const terms: CompiledTerm[] = [];
      let cost = 0;
      for (const c of node.children) {
        const t = triggerTerms(c);
        if (!t) return undefined;
        terms.push(...t.terms);
        cost += t.cost;
      }
      return { terms, cost };
    }
    case 'and': {
      let best: { terms: CompiledTerm[]; cost: number } | undefined;
      for (const c of node.children) {
        const t = triggerTerms(c);
        if (t && (!best || t.cost < best.cost)) best = t;
      }
      return best;
    }
  }
}

/**
 * Groups of terms, each of which must have a present term for the expression to be true (a
 * necessary condition, not a sufficient one): an AND needs its parts' groups, an OR one term from
 * the union of its parts' smallest groups, a NOT nothing.
 */
function requiredGroups(node: CompiledNode): CompiledTerm[][] {
  switch (node.kind) {
    case 'term':
      return [[node.term]];
    case 'not':
      return [];
    case 'and':
      return node.children.flatMap(requiredGroups);
    case 'or': {
      const union = new Set<CompiledTerm>();
      for (const c of node.children) {
        const groups = requiredGroups(c);
        if (groups.length === 0) return [];
        let smallest = groups[0] as CompiledTerm[];
        for (const g of groups) if (g.length < smallest.length) smallest = g;
        for (const t of smallest) union.add(t);
      }
      return [[...union]];
    }
  }
}

/**
 * The profiles a term triggers, each with a necessary condition packed into numbers, checked
 * against the article's dense presence marks before the profile itself is read: with many
 * subscriptions, most profiles a word triggers need a second word the article lacks, or more than
 * one passing mention, and reading each of them from memory was what made matching grow with the
 * number of subscriptions. Per profile, the code holds: the offset of the next profile's entry; g,
 * then g groups as (n, n term slots), each group needing one present term; then a threshold and
 * m slots: when none of those m other scoring terms is present the score is the trigger's own
 * worth, so the profile is skipped when that worth is below the threshold (0: no such bound).
 */
function triggerGuards(term: CompiledTerm): void {
  const profiles = [...term.profiles];
  const code: number[] = [];
  for (const profile of profiles) {
    const entry = code.length;
    code.push(0);
    // The trigger was found: a group holding it is taken as met (the profile's own evaluation decides).
    const groups = profile.required.filter((g) => !g.includes(term));
    code.push(groups.length);
    for (const g of groups) code.push(g.length, ...g.map((t) => t.slot));
    // A query's terms all weigh 1, so without its other scoring terms its score is the trigger's worth.
    const others = profile.scoring.filter((t) => t.term !== term);
    const bounded = profile.expr !== undefined && others.length < profile.scoring.length && profile.scoring.every((t) => t.weight === 1);
    if (bounded) code.push(profile.threshold, others.length, ...others.map((t) => t.term.slot));
    else code.push(0, 0);
    code[entry] = code.length;
  }
  term.triggerProfiles = profiles;
  term.triggerCode = code;
}

/** Whether the guard at `at` (after the next-entry offset) lets its profile through for this article. */
function guardHolds(code: number[], at: number, marks: Uint16Array, tag: number, triggerWorth: number): boolean {
  const groups = code[at++] as number;
  for (let g = 0; g < groups; g++) {
    const n = code[at++] as number;
    let any = false;
    for (let k = 0; k < n && !any; k++) any = marks[code[at + k] as number] === tag;
    if (!any) return false;
    at += n;
  }
  const threshold = code[at++] as number;
  if (triggerWorth >= threshold) return true;
  const others = code[at++] as number;
  for (let k = 0; k < others; k++) if (marks[code[at + k] as number] === tag) return true;
  return false;
}

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One match per key of each matching profile, best score first, then by key. Profiles are ordered
 * by score and each brings its keys already sorted, so a topic followed in a thousand channels
 * costs a thousand objects but no sort of a thousand keys; only profiles tied on a score merge.
 */
function fanOut(scored: Scored[]): TopicMatch[] {
  scored.sort((a, b) => b.score - a.score);
  const out: TopicMatch[] = [];
  for (let i = 0; i < scored.length; ) {
    let j = i + 1;
    while (j < scored.length && (scored[j] as (typeof scored)[number]).score === (scored[i] as (typeof scored)[number]).score) j++;
    const tied: TopicMatch[] = [];
    for (let k = i; k < j; k++) {
      const { profile, score, terms } = scored[k] as (typeof scored)[number];
      const keys = (profile.sortedKeys ??= [...profile.keys].sort(byKey));
      for (const key of keys) tied.push({ key, topic: profile.topic, score, terms });
    }
    if (j - i > 1) tied.sort((a, b) => byKey(a.key, b.key));
    for (const m of tied) out.push(m);
    i = j;
  }
  return out;
}

function canonicalQuery(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return JSON.stringify([node.term.words, node.term.cjk ?? '']);
    case 'not':
      return `!(${canonicalQuery(node.child)})`;
    default:
      return `${node.kind}(${node.children.map(canonicalQuery).join(',')})`;
  }
}

/** Whether the article being matched mentions the term at all (outside zero-worth zones) / in a real zone. */
function presentIn(term: CompiledTerm, article: number): boolean {
  return term.seenIn === article && term.present;
}
function presentRealIn(term: CompiledTerm, article: number): boolean {
  return term.seenIn === article && term.presentReal;
}

/** What one term of a topic keeps once overlaps are resolved: its kept occurrences' sum and largest worth. */
interface KeptTerm {
  t: ProfileTerm;
  sum: number;
  best: number;
}

/** Positions claimed while resolving one topic's overlaps; one set reused, as topics are scored one at a time. */
const claimed = new Set<number>();

/** Add a kept occurrence as note() adds any occurrence to its term: a term nothing overlaps gets the same worth, bit for bit. */
function keep(kept: KeptTerm, worth: number): void {
  kept.sum += worth;
  if (worth > kept.best) kept.best = worth;
}

/**
 * A topic's terms overlap ("Bank of Japan" and "Japan", "Yasuhiro Nakasone" and "Nakasone"):
 * each stretch of text counts once, for the longest term that covers it. Returns the terms that
 * kept an occurrence, in the order they first kept one. All occurrences of a term have its length,
 * so a term is resolved either with the long ones (phrases, CJK strings; sorted, rare) or in the
 * single-word pass, which needs no sorting and no lists of occurrences.
 */
function withoutOverlaps(profile: Profile, article: number, supported: boolean): KeptTerm[] {
  claimed.clear();
  const kept: KeptTerm[] = [];
  const long = longOccurrences(profile, article, supported);
  if (long.length > 0) {
    long.sort((a, b) => b.o.length - a.o.length || a.o.start - b.o.start || b.t.weight - a.t.weight);
    for (const { t, o } of long) {
      let free = true;
      for (let p = o.start; p < o.start + o.length && free; p++) free = !claimed.has(p);
      if (!free) continue;
      for (let p = o.start; p < o.start + o.length; p++) claimed.add(p);
      let k = kept.find((x) => x.t === t);
      if (!k) {
        k = { t, sum: 0, best: 0 };
        kept.push(k);
      }
      keep(k, o.worth);
    }
  }
  // Single positions: the first (highest-weight group first in the catalog) term to claim a word keeps it.
  for (const t of profile.scoring) {
    if (!counts(t, article, supported)) continue;
    let k: KeptTerm | undefined;
    for (const o of t.term.occurrences) {
      if (o.length > 1 || claimed.has(o.start)) continue;
      claimed.add(o.start);
      if (!k) {
        k = { t, sum: 0, best: 0 };
        kept.push(k);
      }
      keep(k, o.worth);
    }
  }
  return kept;
}

/** Whether the article mentions the term and, for an ambiguous phrase, it may count: one that does not must not hide the plain term inside it ("crypto exchange"). */
function counts(t: ProfileTerm, article: number, supported: boolean): boolean {
  return (supported || !t.needsSupport) && t.term.seenIn === article;
}

function longOccurrences(profile: Profile, article: number, supported: boolean): { t: ProfileTerm; o: Occurrence }[] {
  const long: { t: ProfileTerm; o: Occurrence }[] = [];
  for (const t of profile.scoring) {
    if (!counts(t, article, supported)) continue;
    for (const o of t.term.occurrences) if (o.length > 1) long.push({ t, o });
  }
  return long;
}

function evaluate(node: CompiledNode, article: number): boolean {
  switch (node.kind) {
    case 'term':
      return presentIn(node.term, article);
    case 'and':
      for (const c of node.children) if (!evaluate(c, article)) return false;
      return true;
    case 'or':
      for (const c of node.children) if (evaluate(c, article)) return true;
      return false;
    case 'not':
      return !evaluate(node.child, article);
  }
}

/** Ambiguous terms (token, wallet, the Diet) only count beside a real mention of an unambiguous one, and labels and categories alone never make a match. */
function supportedIn(profile: Profile, article: number): boolean {
  for (const t of profile.scoring) if (!t.needsSupport && presentRealIn(t.term, article)) return true;
  return false;
}

/**
 * What each matched term added to a score, by display text (two terms may show the same text), in
 * the order first added: two short arrays, cheaper than a map for the few terms a match has.
 */
class Contributions {
  readonly displays: string[] = [];
  readonly worths: number[] = [];

  add(display: string, worth: number): void {
    const i = this.displays.indexOf(display);
    if (i < 0) {
      this.displays.push(display);
      this.worths.push(worth);
    } else {
      this.worths[i] = (this.worths[i] as number) + worth;
    }
  }

  /** The displays, strongest first (ties in the order the terms were scored: the sort is stable). */
  strongestFirst(): string[] {
    const { displays, worths } = this;
    if (displays.length < 2) return displays;
    const order = displays.map((_, i) => i);
    order.sort((a, b) => (worths[b] as number) - (worths[a] as number));
    return order.map((i) => displays[i] as string);
  }
}

interface Scored {
  profile: Profile;
  score: number;
  terms: string[];
}

/**
 * A custom query: every occurrence of its terms counts, so a term's worth is the one the article
 * already worked out for it, and a query that falls short costs a few additions, no allocation.
 */
function scoreQuery(profile: Profile, expr: CompiledNode, article: number): Scored | undefined {
  if (!evaluate(expr, article) || !supportedIn(profile, article)) return undefined;
  let score = 0;
  for (const t of profile.scoring) {
    if (t.term.seenIn !== article) continue;
    const worth = worthOf(t.term.best, t.term.sum) * t.weight;
    if (worth > 0) score += worth;
  }
  if (score < profile.threshold) return undefined;
  const contributions = new Contributions();
  for (const t of profile.scoring) {
    if (t.term.seenIn !== article) continue;
    const worth = worthOf(t.term.best, t.term.sum) * t.weight;
    if (worth > 0) contributions.add(t.display, worth);
  }
  return { profile, score: round(score), terms: contributions.strongestFirst() };
}

/** A built-in topic: overlapping terms are resolved by position first (withoutOverlaps). */
function scoreTopic(profile: Profile, article: number): Scored | undefined {
  if (!supportedIn(profile, article)) return undefined;
  const kept = withoutOverlaps(profile, article, true);
  let score = 0;
  let words = 0;
  for (const k of kept) {
    const worth = worthOf(k.best, k.sum) * k.t.weight;
    if (worth > 0) {
      score += worth;
      words++;
    }
  }
  if (score < profile.threshold) return undefined;
  if (score < SENSITIVITY_THRESHOLDS.strict && inOtherSense(profile, article, words === 1 ? 1 : 2)) return undefined;
  const contributions = new Contributions();
  for (const k of kept) {
    const worth = worthOf(k.best, k.sum) * k.t.weight;
    if (worth > 0) contributions.add(k.t.display, worth);
  }
  return { profile, score: round(score), terms: contributions.strongestFirst() };
}

/**
 * Whether the article shows another sense of the topic's words: `needed` terms of one sense in it ("striker",
 * "Champions League" beside "France" is the national team, not the country). One is enough against a topic that
 * rests on a single word of its own; two against one that rests on more.
 */
function inOtherSense(profile: Profile, article: number, needed: number): boolean {
  for (const sense of profile.senses) {
    let hits = 0;
    for (const term of sense) if (term.seenIn === article && term.presentReal && ++hits >= needed) return true;
  }
  return false;
}

let catalogIndex: TopicIndex | undefined;

/**
 * Match one article against built-in topics and/or custom queries (default: the whole catalog,
 * normal sensitivity). Each match's key and topic are the given topic id or query text.
 */
export function matchTopics(input: MatchInput, topics?: string[], sensitivity: Sensitivity = 'normal'): TopicMatch[] {
  let index: TopicIndex;
  if (!topics && sensitivity === 'normal') {
    if (!catalogIndex) {
      catalogIndex = new TopicIndex();
      for (const t of loadCatalog()) catalogIndex.add(t.id, t.id);
    }
    index = catalogIndex;
  } else {
    index = new TopicIndex();
    for (const t of topics ?? loadCatalog().map((c) => c.id)) index.add(t, t, sensitivity);
  }
  return index.match(input);
}
