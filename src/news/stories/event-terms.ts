import { fnv1a } from './hash.ts';
/**
 * The terms an event-level story is compared by (news/stories/events.ts): words of a headline and its lead,
 * weighted before IDF, with names, places and numbers counting more and offices and dates counting less, and
 * Japanese or Chinese as overlapping character pairs.
 */

/** Lead words read: the first sentences carry the event; the rest is detail that drifts between rewrites. */
const LEAD_WORDS = 40;
const LEAD_WEIGHT = 0.5;
const NAME_BOOST = 1.6;
const NUMBER_BOOST = 1.4;

/**
 * Offices and honorifics: "Prime Minister" or "President" in two headlines is not the same person, and every day
 * has many stories about some president. They are ordinary, light words and never part of a name.
 */
const ROLES = new Set(
  'president prime minister chancellor premier governor mayor senator king queen prince princess pope chairman chairwoman ceo chief secretary general minister mr mrs ms dr sir lord lady judge officials official spokesman spokeswoman'.split(' '),
);
const ROLE_WEIGHT = 0.5;
/** The group of terms that add to the score but never count as shared evidence. */
export const NO_EVIDENCE = -1;
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
  /**
   * This term's share of one piece of headline evidence: 1 for a word of its own, 1/n for each word of an n-word
   * name or of the headline's date, 0 for offices and for words found only in the lead. Summed over the terms two
   * stories share, it counts shared facts rather than shared words.
   */
  evidence: number;
  /** Part of a name in a headline or lead (a capitalised run inside sentence-case text, or a short acronym). */
  name: boolean;
}

/**
 * A light stem: plurals and possessives fold ("talks"/"talk", "Sato's"/"Sato"), then words are cut to their first
 * six letters, so one word's forms meet whatever the ending ("bankrupt"/"bankruptcy", "filing"/"filings",
 * "Ukraine"/"Ukrainian"; truncation is a plain, language-blind stemmer that does about as well as suffix rules
 * in retrieval). Numbers stay whole.
 */
const STEM_LETTERS = 6;

function stem(w: string): string {
  if (w.endsWith("'s") || w.endsWith('’s')) w = w.slice(0, -2);
  if (/\p{N}/u.test(w)) return w;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  return w.slice(0, STEM_LETTERS);
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

/** A capital and at most two more letters, or initials, then a period: "Mt.", "St.", "Dr.", "U.S.". */
const ABBREVIATION = /^(?:\p{Lu}\p{Ll}{0,2}|(?:\p{Lu}\.)+\p{Lu})\.$/u;

let groupSeq = 0;

/**
 * Names the stream has shown: pairs of words seen as one name in sentence-case text ("Emi Sato" in "Emi Sato
 * names a minister"). A title-case headline ("Emi Sato Names A Minister") capitalises every word, so it cannot
 * show its names itself; known pairs let it count "Emi Sato" as one piece of evidence rather than two, which
 * would otherwise let a second story about her join the first. Two generations bound its memory.
 */
export class NameBook {
  private current = new Set<number>();
  private previous = new Set<number>();
  constructor(private readonly generation = 32_768) {}

  learn(a: string, b: string): void {
    const key = pairKey(a, b);
    if (this.current.has(key)) return;
    if (this.current.size >= this.generation) {
      this.previous = this.current;
      this.current = new Set();
    }
    this.current.add(key);
  }

  has(a: string, b: string): boolean {
    const key = pairKey(a, b);
    return this.current.has(key) || this.previous.has(key);
  }
}

const pairKey = (a: string, b: string) => fnv1a(`${a}\u0000${b}`);

function addText(out: Map<number, EventTerm>, text: string, fieldWeight: number, title: boolean, maxWords: number, names?: NameBook): void {
  const words = (text.normalize('NFKC').match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*[.!?]?/gu) ?? []).slice(0, maxWords);
  const n = words.length;
  // Each word's facts are worked out once: this runs for every article of every feed.
  const bare = words.map((w) => w.replace(/[.'’!?-]+$/u, ''));
  const lowers = bare.map((w) => w.toLowerCase());
  const caps = bare.map(isCapital);
  // A period after an abbreviation ("Mt. Gox", "U.S. bank", "St. Louis") does not end the sentence: the name
  // goes on, and a name cut in two would count as two pieces of evidence.
  const ends = words.map((w) => /[.!?]$/.test(w) && !ABBREVIATION.test(w));
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
          if (k > i) names?.learn(lowers[k - 1]!, lowers[k]!);
        }
      }
      sentenceStart = ends[j - 1]!;
      i = j;
    }
  } else if (names) {
    // Title case: runs of word pairs the stream has shown to be names.
    for (let i = 0; i + 1 < n; ) {
      let j = i;
      while (j + 1 < n && caps[j]! && caps[j + 1]! && !ends[j] && names.has(lowers[j]!, lowers[j + 1]!)) j++;
      if (j > i) {
        const group = ++groupSeq;
        for (let k = i; k <= j; k++) {
          runLength[k] = j - i + 1;
          runGroup[k] = group;
        }
      }
      i = j + 1;
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
    let name = false;
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
      name = true;
    } else if (raw.length <= 5 && /^\p{Lu}{2,5}$/u.test(raw)) {
      w *= NAME_BOOST; // NSA, ECB: short all-capitals names
      name = true;
    }
    put(out, `w:${stem(lower)}`, w, title, group, name);
  }
}

function put(out: Map<number, EventTerm>, key: string, weight: number, title: boolean, group: number, name = false): void {
  // 30 bits keep term ids V8 small integers: Map lookups on them cost a fraction of those on heap numbers.
  const id = fnv1a(key) & 0x3fffffff;
  const t = out.get(id);
  if (t) {
    // Repeats add little: a headline that says a name twice is not twice as much about it.
    t.weight = Math.max(t.weight, weight) + 0.25 * Math.min(t.weight, weight);
    t.title ||= title;
    t.name ||= name;
  } else out.set(id, { id, weight, title, group, evidence: 0, name });
}

/** The terms of a document, title first; the weights are before IDF. */
export function eventTerms(doc: { title: string; lead?: string }, names?: NameBook): EventTerm[] {
  const out = new Map<number, EventTerm>();
  addText(out, doc.title, 1, true, 64, names);
  if (doc.lead) addText(out, doc.lead, LEAD_WEIGHT, false, LEAD_WORDS, names);
  const terms = [...out.values()];
  const groupSize = new Map<number, number>();
  for (const t of terms) if (t.title && t.group !== NO_EVIDENCE) groupSize.set(t.group, (groupSize.get(t.group) ?? 0) + 1);
  for (const t of terms) t.evidence = t.title && t.group !== NO_EVIDENCE ? 1 / groupSize.get(t.group)! : 0;
  return terms;
}
