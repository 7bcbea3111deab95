/**
 * Sentence splitting for news text, English and Japanese.
 *
 * Intl.Segmenter does the first pass; the fixes below repair what it gets wrong in news copy:
 * titles ("Mr.", "Gov."), dotted acronyms ("U.S."), dates ("Jan. 5"), initials ("J. R. R."),
 * quotations whose inner sentences belong to one reported sentence ("“We won. We are happy,” she said."),
 * Japanese 「…。…」と述べた, and paragraphs glued together without a space ("community.Dr Venter").
 * Every sentence returned is a verbatim slice of the input, so callers can quote it.
 */

export interface SentenceSpan {
  start: number;
  end: number;
  text: string;
}

/** Always followed by a name or a number: a full stop after these never ends a sentence. */
const NEVER_FINAL = new Set(
  [
    'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'gov', 'sen', 'rep', 'reps', 'sens', 'st', 'ste', 'mt', 'ft',
    'gen', 'lt', 'col', 'maj', 'capt', 'cpt', 'sgt', 'cmdr', 'adm', 'cpl', 'pvt', 'rev', 'hon', 'pres',
    'supt', 'insp', 'det', 'atty', 'amb', 'messrs', 'mme', 'mlle', 'sr', 'jr', 'vs', 'v', 'no', 'nos',
    'vol', 'fig', 'pp', 'op', 'approx', 'dept', 'est', 'e.g', 'i.e', 'cf', 'al',
    // Other languages' abbreviations that run into the next word; German capitalises nouns, so "bzw. Digital"
    // looks like a new sentence unless the abbreviation is known.
    'bzw', 'vgl', 'ggf', 'evtl', 'bspw', 'sog', 'inkl', 'zzgl', 'ca', 'sra', 'srta', 'sig', 'aprox', 'nr',
  ],
);
/** Month abbreviations: not final when a day number follows ("Jan. 5"). */
const MONTHS = new Set(['jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);
/**
 * Abbreviations that can end a sentence ("… based in the U.S." / "… Apple Inc."): final only when the
 * next word is one that typically opens a sentence.
 */
const MAYBE_FINAL = new Set([
  'inc', 'corp', 'ltd', 'co', 'llc', 'plc', 'bros', 'etc', 'jr', 'sr', 'a.m', 'p.m',
  // The AP's abbreviations of US states, as in datelines ("HAYWARD, Calif. (AP) —") and addresses.
  'ala', 'ariz', 'ark', 'calif', 'colo', 'conn', 'del', 'fla', 'ga', 'ill', 'ind', 'kan', 'ky', 'la', 'md', 'mass', 'mich',
  'minn', 'miss', 'mo', 'mont', 'neb', 'nev', 'okla', 'ore', 'pa', 'tenn', 'va', 'vt', 'wash', 'wis', 'wyo',
]);

/** Capitalised words that usually open a sentence rather than continue a name ("U.S. Army" vs "U.S. The"). */
const SENTENCE_OPENERS = new Set(
  (
    'the a an he she it they we i you this that these those there here his her its their our my your ' +
    'but and or so yet still however meanwhile also in on at for from with by after before when while ' +
    'if as since though although because some many most more several one two three all both each no ' +
    'not what who why how where which then now later earlier instead last next according asked'
  ).split(' '),
);

const NAMED_ATTRIBUTION = /^(?:\p{Lu}[\p{L}'’.-]*\s+){1,4}(?:said|says|asked|asks|told|added|adds|replied|wrote|shouted|yelled|exclaimed|recalled|continued)\b[^.!?“”"]{0,80}(?:[.!?,]|$)/u;

const OPEN_TO_CLOSE: Record<string, string> = { '“': '”', '「': '」', '『': '』', '«': '»' };
const JA_OPEN = new Set(['「', '『']);

const segmenters = new Map<string, Intl.Segmenter>();
function segmenterFor(lang: string): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) {
    s = new Intl.Segmenter(lang, { granularity: 'sentence' });
    segmenters.set(lang, s);
  }
  return s;
}

/** Split text into sentences. Line breaks always end a sentence (they separate paragraphs). */
export function splitSentences(text: string, lang?: string): string[] {
  return sentenceSpans(text, lang).map((s) => s.text);
}

/**
 * The summarizer and the quote finder split the same article text; the last few splits are kept so the
 * second caller gets the first one's work. Pure: the same input always yields an equal result.
 */
const recentSplits = new Map<string, SentenceSpan[]>();
const RECENT_SPLITS = 8;

/** Like splitSentences, with each sentence's offsets in the input. */
export function sentenceSpans(text: string, lang?: string): SentenceSpan[] {
  const key = `${lang ?? ''}\u0000${text}`;
  const cached = recentSplits.get(key);
  if (cached) return cached.map((s) => ({ ...s }));
  const out = splitAll(text, lang);
  if (recentSplits.size >= RECENT_SPLITS) recentSplits.delete(recentSplits.keys().next().value!);
  recentSplits.set(key, out);
  return out.map((s) => ({ ...s }));
}

function splitAll(text: string, lang?: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  const lineRe = /[^\n\r]+/g;
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(text)) !== null) {
    for (const span of paragraphSpans(m[0], lang)) {
      out.push({ start: span.start + m.index, end: span.end + m.index, text: span.text });
    }
  }
  return out;
}

function paragraphSpans(para: string, lang?: string): SentenceSpan[] {
  const locale = lang && /^ja\b/i.test(lang) ? 'ja' : lang || 'en';
  const cuts = new Set<number>();
  for (const seg of segmenterFor(locale).segment(para)) {
    if (seg.index > 0) cuts.add(seg.index);
  }
  for (const cut of [...cuts]) {
    cuts.delete(cut);
    if (isRealBoundary(para, cut)) cuts.add(openingQuoteToNext(para, cut));
  }
  for (const cut of gluedParagraphCuts(para)) cuts.add(cut);
  for (const [open, close] of quotesToKeepWhole(para)) {
    for (const cut of [...cuts]) if (cut > open && cut <= close) cuts.delete(cut);
  }
  for (const cut of embeddedQuotationEnds(para)) cuts.delete(cut);
  const sorted = [...cuts].sort((a, b) => a - b);
  const spans: SentenceSpan[] = [];
  let prev = 0;
  for (const cut of [...sorted, para.length]) {
    pushTrimmed(spans, para, prev, cut);
    prev = cut;
  }
  return spans;
}

function pushTrimmed(spans: SentenceSpan[], para: string, start: number, end: number): void {
  while (start < end && /\s/.test(para[start]!)) start++;
  while (end > start && /\s/.test(para[end - 1]!)) end--;
  if (end > start) spans.push({ start, end, text: para.slice(start, end) });
}

/** Decide whether the segmenter's cut at `cut` (start of the next sentence) is a real sentence end. */
function isRealBoundary(para: string, cut: number): boolean {
  const before = para.slice(0, cut).trimEnd();
  const after = para.slice(cut).trimStart();
  // 「…」と述べた: a particle right after a closing bracket continues the sentence.
  if (/[」』”"]$/.test(before) && /^(?:と|って|など|との|は|が|を|に|も|の)/.test(after)) return false;
  // “We won!” she said. — a lower-case word after a closing quote continues the sentence (a straight ' too:
  // "the 'a-ha!' moment").
  if (/["”’']$/.test(before) && /^\p{Ll}/u.test(after)) return false;
  // "Yahoo! users", "Wow! that was odd": after ! or ? a lower-case word goes on with the sentence; one with a
  // capital inside ("iPhone", "eBay") may open the next.
  if (/[!?]$/.test(before) && /^\p{Ll}+(?![\p{Lu}\p{N}])/u.test(after)) return false;
  // “Who cares?” Moore said. — a named attribution after a quotation that ends in ? or ! continues it.
  if (/[!?]["”’]$/.test(before) && NAMED_ATTRIBUTION.test(after)) return false;
  // "HAYWARD, Calif. (AP) — …": the agency in brackets and a dash continue a dateline.
  if (/^\([\p{L} .&]{1,25}\)\s*[—–-]/u.test(after)) return false;
  if (!before.endsWith('.')) return true;
  // The last whitespace-delimited token before the cut, without leading brackets/quotes.
  const token = (/(\S+)$/.exec(before)?.[1] ?? '').replace(/^[("“‘'[]+/, '');
  const word = token.slice(0, -1); // without the final dot
  const lower = word.toLowerCase();
  const nextWord = /^[("“‘'[]*([\p{L}\p{N}]+)/u.exec(after)?.[1] ?? '';
  const nextIsOpener = SENTENCE_OPENERS.has(nextWord.toLowerCase()) && /^\p{Lu}/u.test(nextWord);
  const nextStartsLower = /^\p{Ll}/u.test(nextWord);
  if (nextStartsLower) return false;
  if (NEVER_FINAL.has(lower) && !MAYBE_FINAL.has(lower)) return false;
  if (MONTHS.has(lower)) return !/^\d/.test(nextWord);
  // Initials: "J. R. R. Tolkien", "George W. Bush".
  if (/^\p{Lu}$/u.test(word) && /^\p{Lu}/u.test(nextWord)) return nextIsOpener;
  // Dotted acronyms ("U.S.", "U.K.", "a.m.") and corporate suffixes can end a sentence.
  if (/^(\p{L}\.)+\p{L}$/u.test(word) || MAYBE_FINAL.has(lower)) return nextIsOpener;
  return true;
}

const SENTENCE_END = /[.!?。！？]/;
const OPENING_QUOTE = /[“「『‘]/;
const HAN_OR_KANA = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Text without spaces ("…时。“我高中…"): the segmenter counts an opening quotation mark after a full stop as
 * closing the sentence before it, which leaves a stray “ at that sentence's end and a quotation without its
 * opener. The cut belongs before the mark.
 */
function openingQuoteToNext(para: string, cut: number): number {
  return cut >= 2 && OPENING_QUOTE.test(para[cut - 1]!) && SENTENCE_END.test(para[cut - 2]!) ? cut - 1 : cut;
}

/**
 * Chinese and Japanese quote a question or an exclamation inside a clause ("它能回答“…哪个站？”这样的问题。"):
 * a quotation that opens right after a word, not after a colon, comma or a sentence end, is part of its sentence,
 * which goes on after the closing mark.
 */
function embeddedQuotationEnds(para: string): number[] {
  const ends: number[] = [];
  for (const [open, close] of quotationSpans(para)) {
    if (open === 0 || !HAN_OR_KANA.test(para[open - 1]!)) continue;
    if (close + 1 < para.length && HAN_OR_KANA.test(para[close + 1]!)) ends.push(close + 1);
  }
  return ends;
}

/**
 * Paragraphs glued without a space ("community.Dr Venter", "in 2015.The"): a lower-case word or number
 * ending in a sentence mark, directly followed by a capitalised word.
 */
function gluedParagraphCuts(para: string): number[] {
  const cuts: number[] = [];
  const re = /[\p{Ll}\d]{2}[.!?]["”’)]?(?=\p{Lu}\p{Ll})/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(para)) !== null) {
    const at = m.index + m[0].length;
    // "e.g.The" / "U.S.The" style tokens are dotted abbreviations, not glue.
    if (/\.\p{L}{1,2}\.$/u.test(para.slice(Math.max(0, at - 5), at))) continue;
    cuts.push(at);
  }
  return cuts;
}

/**
 * Quotations whose inner sentence ends do not end the reported sentence. A Japanese 「…。…」 is
 * always one unit (the attribution と述べた follows). An English quotation is kept whole when the
 * sentence goes on after it closes ("…we will win,” she said.") — otherwise its sentences stand alone,
 * which keeps a long statement from becoming one giant "sentence".
 */
function quotesToKeepWhole(para: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const [open, close] of quotationSpans(para)) {
    const opener = para[open]!;
    if (JA_OPEN.has(opener)) {
      spans.push([open, close]);
      continue;
    }
    if (close - open > 600) continue;
    const inner = para.slice(open + 1, close).trimEnd();
    const after = para.slice(close + 1);
    const continues = /^\s*[\p{Ll},;:—–-]/u.test(after) || /[,;:—–-]$/.test(inner) || !/[.!?…]$/.test(inner);
    if (continues && after.trim() !== '') spans.push([open, close]);
  }
  return spans;
}

/** [open, close] offsets of balanced quotations within one paragraph. */
export function quotationSpans(para: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const stack: Array<{ ch: string; at: number }> = [];
  let straightOpen = -1;
  for (let i = 0; i < para.length; i++) {
    const ch = para[i]!;
    if (ch in OPEN_TO_CLOSE) {
      stack.push({ ch, at: i });
    } else if (ch === '"') {
      if (straightOpen < 0) straightOpen = i;
      else {
        spans.push([straightOpen, i]);
        straightOpen = -1;
      }
    } else {
      const top = stack[stack.length - 1];
      if (top && OPEN_TO_CLOSE[top.ch] === ch) {
        stack.pop();
        spans.push([top.at, i]);
      }
    }
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

/**
 * Split a text whose paragraphs were glued together without whitespace ("community.Dr Venter") back
 * into paragraphs. Each returned piece is a verbatim slice.
 */
export function unglueParagraphs(text: string): string[] {
  const pieces: string[] = [];
  let prev = 0;
  for (const cut of gluedParagraphCuts(text)) {
    pieces.push(text.slice(prev, cut));
    prev = cut;
  }
  pieces.push(text.slice(prev));
  return pieces.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Index of the sentence that holds offset `at`. */
export function sentenceIndexAt(d: { sentences: SentenceSpan[] }, at: number): number {
  const s = d.sentences;
  let lo = 0;
  let hi = s.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]!.start <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
