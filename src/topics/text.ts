/**
 * Text normalization and tokenization shared by the query parser and the matcher, so that a
 * query word and an article word are always cut and folded the same way.
 *
 * Latin-script text becomes word tokens (lower-cased, accents folded, possessive 's dropped,
 * dotted acronyms kept as one token: "U.S." → "u.s"). Chinese/Japanese/Korean text has no
 * spaces between words, so each run of CJK characters is kept whole and terms are found inside
 * it by substring search (日本 inside 日本銀行).
 *
 * Every regular expression here is a fixed pattern written by us; user text is never compiled.
 */

/** How a word was capitalised in the original text; 'unknown' inside all-caps lines, where case says nothing. */
export type WordCase = 'lower' | 'title' | 'upper' | 'unknown';

export interface WordToken {
  /** Normalized form: NFKC, lower-case, accents folded, possessive dropped. */
  norm: string;
  /** Offset of the token in the NFKC-normalized text that was tokenized. */
  start: number;
  wordCase: WordCase;
}

export interface CjkRun {
  /** The run of CJK characters, NFKC-normalized. */
  text: string;
  start: number;
}

export interface Tokenized {
  words: WordToken[];
  cjk: CjkRun[];
}

const CJK_CLASS = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}ー々〆ヵヶ';
/**
 * One alternative per token kind, tried at each position: a CJK run; a dotted acronym (U.S., e.g.);
 * a word of letters/digits (never CJK) with inner apostrophes. Each alternative consumes characters
 * from disjoint classes, so matching is linear in the text length.
 */
const TOKEN_RE = new RegExp(
  `([${CJK_CLASS}]+)` +
    `|((?:[\\p{L}](?<![${CJK_CLASS}])\\.){2,}(?![\\p{L}\\p{N}]))` +
    `|((?:(?![${CJK_CLASS}])[\\p{L}\\p{M}\\p{N}])+(?:['’](?:(?![${CJK_CLASS}])[\\p{L}\\p{M}\\p{N}])+)*)`,
  'gu',
);
const NOT_PLAIN_ASCII = /[^\t\n\r -~]/;
const COMBINING_MARKS = /\p{M}/gu;
const HAS_LOWER = /\p{Ll}/u;
const NON_ASCII = /[^ -~]/;
const CJK_CHAR = new RegExp(`[${CJK_CLASS}]`, 'u');

/** NFKC folds full-width letters (ＡＢＣ → ABC) and half-width katakana, so both match the plain forms. */
export function normalizeText(text: string): string {
  return NOT_PLAIN_ASCII.test(text) ? text.normalize('NFKC') : text;
}

export function containsCjk(text: string): boolean {
  return CJK_CHAR.test(text);
}

/** Lower-case, fold accents ("Société" → "societe"), drop a possessive 's and other apostrophes. */
export function normalizeWord(word: string): string {
  let w = word.toLowerCase();
  if (NON_ASCII.test(w)) w = w.normalize('NFD').replace(COMBINING_MARKS, '');
  if (w.includes("'") || w.includes('’')) w = w.replace(/['’]s$/, '').replace(/['’]/g, '');
  return w;
}

function caseOf(original: string, lineHasLower: boolean): WordCase {
  if (!lineHasLower) return 'unknown';
  const first = original.charAt(0);
  if (first === first.toLowerCase()) return 'lower';
  // Upper when no letter after the first is lower-case and there are at least two letters.
  let letters = 1;
  for (let i = 1; i < original.length; i++) {
    const ch = original.charAt(i);
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower === upper) continue;
    if (ch === lower) return 'title';
    letters++;
  }
  return letters > 1 ? 'upper' : 'title';
}

const APOSTROPHE = 39;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const UPPER_A = 65;
const UPPER_Z = 90;
const LOWER_A = 97;
const LOWER_Z = 122;

function isAsciiLetter(c: number): boolean {
  return (c >= LOWER_A && c <= LOWER_Z) || (c >= UPPER_A && c <= UPPER_Z);
}
function isAsciiAlnum(c: number): boolean {
  return isAsciiLetter(c) || (c >= DIGIT_0 && c <= DIGIT_9);
}

/**
 * Plain-ASCII text needs neither NFKC nor the Unicode-aware tokenizer; most English news is. A
 * scan over character codes, cutting exactly what /((?:[A-Za-z]\.){2,}(?![A-Za-z0-9]))|([A-Za-z0-9]+(?:'[A-Za-z0-9]+)*)/g
 * would (a dotted acronym, else a word with inner apostrophes), without a match array, a
 * lower-cased copy of words that have no capitals, or a regular expression per word: matching
 * tokenizes every article, and this was a fifth of its time.
 */
function tokenizeAscii(text: string, offset: number, lineHasLower: boolean, words: WordToken[]): void {
  const end = text.length;
  let p = 0;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (!isAsciiAlnum(c)) {
      p++;
      continue;
    }
    // A dotted acronym: two or more letter-dot pairs not followed by a letter or digit ("U.S.", not "U.S.A").
    let q = p;
    while (q + 1 < end && isAsciiLetter(text.charCodeAt(q)) && text.charCodeAt(q + 1) === DOT) q += 2;
    if (q - p >= 4 && !(q < end && isAsciiAlnum(text.charCodeAt(q)))) {
      const acronym = text.slice(p, q);
      words.push({ norm: normalizeWord(acronym.slice(0, -1)), start: p + offset, wordCase: caseOf(acronym, lineHasLower) });
      p = q;
      continue;
    }
    q = p + 1;
    let capitals = c >= UPPER_A && c <= UPPER_Z;
    let apostrophe = false;
    for (;;) {
      while (q < end && isAsciiAlnum(text.charCodeAt(q))) {
        const d = text.charCodeAt(q);
        if (d >= UPPER_A && d <= UPPER_Z) capitals = true;
        q++;
      }
      if (q + 1 < end && text.charCodeAt(q) === APOSTROPHE && isAsciiAlnum(text.charCodeAt(q + 1))) {
        apostrophe = true;
        q++;
        continue;
      }
      break;
    }
    const raw = text.slice(p, q);
    const norm = apostrophe ? normalizeWord(raw) : capitals ? raw.toLowerCase() : raw;
    const wordCase = !lineHasLower ? 'unknown' : c >= UPPER_A && c <= UPPER_Z ? caseOf(raw, true) : 'lower';
    words.push({ norm, start: p + offset, wordCase });
    p = q;
  }
}

/**
 * Split NFKC-normalized text into word tokens and CJK runs. `offset` is added to every start, so
 * segments of one article can share one coordinate space.
 */
export function tokenize(text: string, offset = 0): Tokenized {
  const words: WordToken[] = [];
  const cjk: CjkRun[] = [];
  // Case only carries meaning in lines that use lower case at all; a shouted headline does not.
  const lineHasLower = HAS_LOWER.test(text);
  if (!NOT_PLAIN_ASCII.test(text)) {
    tokenizeAscii(text, offset, lineHasLower, words);
    return { words, cjk };
  }
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    const start = m.index + offset;
    if (m[1] !== undefined) {
      cjk.push({ text: m[1], start });
    } else if (m[2] !== undefined) {
      words.push({ norm: normalizeWord(m[2].slice(0, -1)), start, wordCase: caseOf(m[2], lineHasLower) });
    } else if (m[3] !== undefined) {
      const norm = normalizeWord(m[3]);
      if (norm.length > 0) words.push({ norm, start, wordCase: caseOf(m[3], lineHasLower) });
    }
  }
  return { words, cjk };
}

/** The normalized word tokens of a short text (a query word, a catalog term). */
export function wordsOf(text: string): string[] {
  return tokenize(normalizeText(text)).words.map((w) => w.norm);
}

const VOWEL = /[aeiou]/;
const SIBILANT_END = /(s|x|z|ch|sh)$/;

function isShortCvc(word: string): boolean {
  // "ban" → "banned": one-syllable consonant-vowel-consonant words double their last letter.
  return /^[^aeiou]*[aeiou][^aeiouwxy]$/.test(word);
}

/** Forward inflections of one base word: plural/3rd person, -ed, -ing (regular forms only). */
export function inflectionsOf(base: string): string[] {
  const out = new Set<string>([base]);
  if (base.length < 3 || !/^[a-z]+$/.test(base)) return [...out];
  const last = base.charAt(base.length - 1);
  const beforeLast = base.charAt(base.length - 2);
  if (SIBILANT_END.test(base)) out.add(base + 'es');
  else if (last === 'y' && !VOWEL.test(beforeLast)) out.add(base.slice(0, -1) + 'ies');
  else out.add(base + 's');
  // Past and -ing forms only for endings English regularly inflects ("defi" must not yield "defied").
  if (!/[^aiou]$/.test(base)) return [...out];
  if (last === 'e') {
    out.add(base + 'd');
    if (beforeLast !== 'e') out.add(base.slice(0, -1) + 'ing');
    else out.add(base + 'ing');
  } else if (last === 'y' && !VOWEL.test(beforeLast)) {
    out.add(base.slice(0, -1) + 'ied');
    out.add(base + 'ing');
  } else if (isShortCvc(base)) {
    out.add(base + last + 'ed');
    out.add(base + last + 'ing');
  } else {
    out.add(base + 'ed');
    out.add(base + 'ing');
  }
  return [...out];
}

/** Singular candidates of a word that may be a plural ("tariffs" → "tariff", "economies" → "economy"). */
export function singularsOf(word: string): string[] {
  const out: string[] = [];
  if (word.length <= 4 || !/^[a-z]+$/.test(word)) return out;
  if (word.endsWith('ies')) out.push(word.slice(0, -3) + 'y');
  else if (/(ss|sh|ch|x|z)es$/.test(word)) out.push(word.slice(0, -2));
  else if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) out.push(word.slice(0, -1));
  return out;
}

/** Every text form a query or catalog word should match: the word, its singular, and their regular inflections. */
export function wordVariants(word: string): string[] {
  const out = new Set<string>();
  for (const base of [word, ...singularsOf(word)]) for (const v of inflectionsOf(base)) out.add(v);
  return [...out];
}
