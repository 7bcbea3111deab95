/**
 * Where in an article each piece of text sits, because a word in the headline says more about
 * what the story is about than the same word in a newsletter pitch at the bottom of the page.
 *
 * Zones: title; dateline ("TOKYO, March 3 -"); lead (first two sentences, at most LEAD_CHARS);
 * body (with its depth, 0 at the end of the lead, 1 at the end of the text); category labels
 * (feed categories, a lone section label such as "Bitcoin" above the headline); boilerplate
 * (calls to action, "Related articles" lists, comment forms, copyright lines); a repeat of the
 * headline inside the text (counted once, as the title).
 */
import { normalizeText } from './text.ts';

export type Zone = 'title' | 'dateline' | 'lead' | 'body' | 'category' | 'label' | 'boilerplate' | 'repeat';

export interface MatchInput {
  title: string;
  /** Lead and body as plain text, paragraphs separated by line breaks. */
  text: string;
  /** Feed or page categories; alone they never make a match. */
  categories?: string[];
}

export interface ZoneSegment {
  zone: Zone;
  /** NFKC-normalized text of the segment. */
  text: string;
  /** For body segments: how far into the text the segment starts (0–1). */
  depth: number;
}

export const LEAD_CHARS = 300;
const LEAD_SENTENCES = 2;

/** Lines that ask the reader to do something, or page furniture; fixed patterns, matched per line. */
const BOILERPLATE_LINE = [
  /\b(our|the) (daily |weekly |free )?newsletters?\b/i,
  /\b(subscribe|sign up|signup|register)\b.{0,40}\b(now|today|free|newsletter|updates|inbox|our)\b/i,
  /^(join|follow) (us|them|our)\b/i,
  /\bfollow us on\b/i,
  /\b(download|get) (our|the) app\b/i,
  /^(related|read more|read also|also read|see also|more from|recommended|you (may|might) also like|trending|most (read|popular))\b.*$/i,
  /^(leave a (reply|comment)|post a comment|comments?\s*\(\d+\)|\d+ comments?)\b/i,
  /\byour email address will not be published\b/i,
  /\brequired fields are marked\b/i,
  /^back to top\b/i,
  /^(share (this|on)|share:|tweet|print|email this)\b/i,
  /^(advertisement|sponsored( content)?|paid content|promoted)\b/i,
  /\ball rights reserved\b/i,
  /^(©|\(c\)|copyright\s+(©\s*)?\d{4})/i,
  /^disclaimer\b/i,
  /\b(click here|tap here)\b/i,
  /\bwe use cookies\b/i,
];
/** A heading that starts a list of other stories: everything after it is boilerplate until real prose returns. */
const RELATED_HEADING =
  /^(related( articles| stories| posts| news| coverage| reading)?|read more|more (stories|news|articles)|recommended( for you| stories)?|you (may|might) also like|see also|trending( now)?|most (read|popular)|latest news|more on this( story)?)\s*:?$/i;
const BOILERPLATE_MAX_WORDS = 45;
const PROSE_MIN_WORDS = 25;

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
/** "TOKYO, March 3 -", "OSAKA, Japan, April 29 -", "TOKYO (Reuters) -", "Tokyo, Oct 2 (AP) —". */
const DATELINE = new RegExp(
  `^\\s*([A-Z][\\p{L}.'’ -]{1,40}?(?:,\\s*[A-Z][\\p{L}.' -]{1,30}?)?(?:,\\s*${MONTH}\\s+\\d{1,2})?\\s*(?:\\([A-Za-z .]{2,25}\\))?\\s*[-–—]{1,2})\\s`,
  'u',
);
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'inc', 'ltd', 'corp', 'co', 'jr', 'sr', 'no', 'vs', 'gov', 'sen', 'rep', 'gen',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mt', 'ft', 'pct', 'prof',
]);

const SPACE = '[ \\t\\u3000\\u00a0]';
const NON_SPACE = '[^ \\t\\u3000\\u00a0]';
const moreThanPatterns = new Map<number, RegExp>();

/**
 * Whether the line has more than `n` words (runs of characters between spaces). The line's
 * length only ever matters as "a few words or more?", so the pattern stops after word n + 1
 * instead of counting a whole paragraph, and the regular-expression engine walks the characters
 * several times faster than a loop in JavaScript: counting was most of the time spent cutting an
 * article into zones. The classes of a word and of a gap are disjoint, so a failing test is linear.
 */
function moreThanWords(line: string, n: number): boolean {
  let re = moreThanPatterns.get(n);
  if (!re) {
    re = new RegExp(`^${SPACE}*(?:${NON_SPACE}+${SPACE}+){${n}}${NON_SPACE}`);
    moreThanPatterns.set(n, re);
  }
  return re.test(line);
}

/** Cheap screens: a line that passes neither cannot match any BOILERPLATE_LINE pattern. */
const BOILERPLATE_START =
  /^(?:related|read|also|see|more|recommended|you|trending|most|leave|post|comments?|\d|back|share|tweet|print|email|advertisement|sponsored|paid|promoted|©|\(c\)|copyright|disclaimer|join|follow)/i;
const BOILERPLATE_ANYWHERE = /newsletter|subscribe|sign ?up|register|follow us|app\b|will not be published|required fields|rights reserved|click here|tap here|cookies/i;

function isBoilerplateLine(line: string): boolean {
  // The unanchored screen reads the whole line and costs more than counting its first words.
  if (moreThanWords(line, BOILERPLATE_MAX_WORDS)) return false;
  if (!BOILERPLATE_START.test(line) && !BOILERPLATE_ANYWHERE.test(line)) return false;
  return BOILERPLATE_LINE.some((re) => re.test(line));
}

function isProse(line: string): boolean {
  return /[.!?"”。]\s*$/.test(line) && moreThanWords(line, PROSE_MIN_WORDS - 1);
}

function comparable(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** End offsets (exclusive) of the first `count` sentences of `text`. */
function sentenceEnds(text: string, count: number, limit: number): number[] {
  const ends: number[] = [];
  for (let i = 0; i < text.length && i < limit && ends.length < count; i++) {
    const ch = text.charAt(i);
    if (ch === '。' || ch === '！' || ch === '？') {
      ends.push(i + 1);
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    let j = i + 1;
    while (j < text.length && /["”’)]/.test(text.charAt(j))) j++;
    const after = text.slice(j, j + 3);
    if (!(j >= text.length || /^\s+["“(]?[\p{Lu}\p{N}]/u.test(after) || /^\s*\n/.test(after))) continue;
    if (ch === '.') {
      const before = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, i - 12), i));
      const word = before?.[1]?.toLowerCase() ?? '';
      // "U.S. officials", "Mr. Abe", "Toyota Motor Corp. said" do not end a sentence.
      if (word.length === 1 || word.includes('.') || ABBREVIATIONS.has(word)) continue;
    }
    ends.push(j);
  }
  return ends;
}

/** Cut an article into zones. Pure: same input, same zones. */
export function splitIntoZones(input: MatchInput): ZoneSegment[] {
  const segments: ZoneSegment[] = [];
  const title = normalizeText(input.title ?? '').trim();
  if (title) segments.push({ zone: 'title', text: title, depth: 0 });
  for (const c of input.categories ?? []) {
    const t = normalizeText(c).trim();
    if (t) segments.push({ zone: 'category', text: t, depth: 0 });
  }

  const text = normalizeText(input.text ?? '');
  const titleKey = comparable(title);
  const lines = text.split(/\r?\n/);
  const total = Math.max(1, text.length);
  let offset = 0;
  let seenContent = false;
  let inRelatedList = false;
  let leadLeft = LEAD_CHARS;
  let leadSentences = LEAD_SENTENCES;

  for (const rawLine of lines) {
    const lineStart = offset;
    offset += rawLine.length + 1;
    const line = rawLine.trim();
    if (!line) continue;
    // Each test below is pure and puts its cheap pattern before counting words, so a line of
    // prose is mostly not counted at all.
    if (inRelatedList && !isProse(line)) {
      segments.push({ zone: 'boilerplate', text: line, depth: 1 });
      continue;
    }
    inRelatedList = false;
    if (RELATED_HEADING.test(line) && !moreThanWords(line, 6)) {
      inRelatedList = true;
      segments.push({ zone: 'boilerplate', text: line, depth: 1 });
      continue;
    }
    if (isBoilerplateLine(line)) {
      segments.push({ zone: 'boilerplate', text: line, depth: 1 });
      continue;
    }
    // Compare with the headline only when the lengths are close: most lines are not repeats.
    if (titleKey && Math.abs(line.length - title.length) <= 12 && comparable(line) === titleKey) {
      segments.push({ zone: 'repeat', text: line, depth: 0 });
      continue;
    }
    // A few words without sentence punctuation above the story are a section label ("Bitcoin", "World | Asia").
    if (!seenContent && !/[.!?。:]/.test(line) && !moreThanWords(line, 3)) {
      segments.push({ zone: 'label', text: line, depth: 0 });
      continue;
    }

    let rest = line;
    if (!seenContent) {
      seenContent = true;
      const d = DATELINE.exec(rest);
      if (d?.[1]) {
        segments.push({ zone: 'dateline', text: d[1], depth: 0 });
        rest = rest.slice(d[0].length);
      }
    }
    if (leadLeft > 0 && leadSentences > 0) {
      const ends = sentenceEnds(rest, leadSentences, leadLeft);
      let cut = ends.length >= leadSentences ? (ends[leadSentences - 1] ?? 0) : Math.min(rest.length, leadLeft);
      if (cut < rest.length) {
        // Never cut a word in two: back up to the previous space.
        const space = rest.lastIndexOf(' ', cut);
        if (ends.length < leadSentences && space > 0) cut = space;
      }
      const leadPart = rest.slice(0, cut);
      segments.push({ zone: 'lead', text: leadPart, depth: 0 });
      leadSentences -= ends.filter((e) => e <= cut).length;
      leadLeft -= leadPart.length + 1;
      rest = rest.slice(cut);
      if (!rest.trim()) continue;
      leadLeft = 0;
    }
    segments.push({ zone: 'body', text: rest, depth: Math.min(1, (lineStart + line.length - rest.length) / total) });
  }
  return segments;
}
