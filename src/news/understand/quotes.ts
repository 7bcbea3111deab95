/**
 * Key quotes: direct quotations with the person who said them.
 *
 * Quotations are found in straight, curly and Japanese marks, also across paragraphs. Each one's
 * speaker comes from the attribution around it ("…,” she said", "said Finance Minister Jane Roe",
 * "Roe told reporters: “…", "according to Roe", 〜氏は「…」と述べた); a pronoun is resolved to the last
 * person named before it whose gender fits. A quotation with no attribution of its own continues the
 * speaker of the quotation just before it in the same paragraph, or in the paragraph before when this
 * paragraph is nothing but the quotation. Otherwise the speaker stays null.
 *
 * Scare quotes and titles ("so-called “reset”", a book title, a one- or two-word phrase) are skipped,
 * except a short characterisation that someone is credited with (she called the talks “good and candid”).
 */
import type { Quote } from '../article.ts';
import { ADVERB, buildDiscourse, lastActIn, sayerOfSubject, sentenceIndexAt, subjectIn, VERB_RE, type Discourse } from './quote-speakers.ts';
import { sentenceSpans } from './sentences.ts';
import { findPeople, genderOfFirstName, NAME_RUN, type Person } from './names.ts';
import { findQuoteSpans, joinParagraphs, type QuoteSpan } from './quote-spans.ts';
import { speakerName } from './speaker-name.ts';
import { speakerAfterVerb, unreadAttributionAfter } from './verb-first-attribution.ts';

export interface FindQuotesInput {
  paragraphs: string[];
  lang?: string;
}

export interface FindQuotesOptions {
  /** How many quotes to return, best first (default 3). */
  max?: number;
  /** Sentences the reader already sees (the summary): a quotation that mostly repeats one is not key. */
  exclude?: string[];
}

const MAX_QUOTE_CHARS = 300;
/** A quotation this much over the limit is kept whole: cutting its last few words helps nobody. */
const QUOTE_SLACK = 1.2;
/** Share of a quotation's words found in one summary sentence that makes it a repeat of that sentence. */
const REPEAT_SHARE = 0.6;

const AFTER_SUBJECT = new RegExp(String.raw`^[\s,—–-]*(?:[\p{L}\p{N}'’.\-]+\s+){0,6}?(?:${NAME_RUN}|he|she|they|it)\s+${ADVERB}${VERB_RE}\b`, 'u');
const VERB_THEN_NAME = new RegExp(String.raw`^[\s,—–-]*${ADVERB}${VERB_RE}\s+(?:the\s+)?(?:[\p{Ll}-]+\s+){0,3}?(?:${NAME_RUN}|he|she)`, 'u');
const ACCORDING_TO = new RegExp(String.raw`according to\s+(?:the\s+)?(?:[\p{Ll}-]+\s+){0,3}?(${NAME_RUN}|him|her)`, 'u');
/** "Martell, the addictions doctor on the South Shore, is more blunt: …" */
const INTRODUCER = new RegExp(String.raw`^\s*(${NAME_RUN}|He|She)(?:,\s+[^,“”"]{1,140},)?\s[^.!?]*:\s*$`, 'u');
/** A short quotation is a characterisation when the reporter frames it as one. */
const CHARACTERISATION =
  /\b(?:(?:described|describing|describes|characteri[sz]ed|portrayed)\s+[^.;:"“”]{1,60}\s+as|called|calling|calls|termed|terming|labell?ed|branded|deemed|dubbed)\s+(?:(?:it|him|her|them|this|that|the\s+\w+|a|an|his|her|their)\s+){0,2}$/i;
const TITLE_FRAME = /\b(?:so-called|titled|entitled|named|nicknamed|dubbed|headlined|known as|the word|the term|the phrase|hashtag|book|film|movie|song|album|show|series|novel|play|documentary|podcast|column|article|report|campaign|program|programme|operation|project)\s*$/i;

/** Japanese: 〜氏は「…」と述べた / 首相は「…」と語った. */
const JA_SUFFIX_ATTRIBUTION = /^\s*(?:と|などと|とも)(?:[^。「」]{0,20}?)(?:述べ|語っ|語り|話し|話す|強調|説明|明らかに|指摘|訴え|言っ|言い|答え|明かし|記し|書い|発言|主張|表明|呼びかけ|批判|評価|コメント)/;
const JA_ROLE = '(?:氏|さん|首相|大統領|議員|社長|知事|長官|代表|会長|監督|教授|大臣|相|市長|総裁|委員長|幹事長|官房長官|報道官|被告|容疑者|選手|議長|総理)';
const JA_SUBJECT = new RegExp(`([\\p{Script=Han}\\p{Script=Katakana}ー・]{1,12}?)(${JA_ROLE})?(?:は|が|も)、?[^「」。]*$`, 'u');
const JA_PERSON = new RegExp(`([\\p{Script=Han}\\p{Script=Katakana}ー・]{2,12}?)(${JA_ROLE})`, 'gu');

interface Found {
  span: QuoteSpan;
  text: string;
  speaker: string | null;
  /** Some attribution was found, even one that names nobody ("they said"): nothing to inherit. */
  attributed: boolean;
  /** The attribution came from this quotation's own sentence (not inherited). */
  ownAttribution: boolean;
  characterisation: boolean;
  words: number;
}

export function findQuotes(input: FindQuotesInput, opts: FindQuotesOptions = {}): Quote[] {
  const max = Math.max(0, Math.floor(opts.max ?? 3));
  const paragraphs = input.paragraphs;
  const { text, starts } = joinParagraphs(paragraphs);
  const japanese = input.lang ? /^ja\b/i.test(input.lang) : /[\u3040-\u30ff]/.test(text);
  const otherLanguage = !!input.lang && !japanese && !/^en\b/i.test(input.lang);
  const sentences = sentenceSpans(text, japanese ? 'ja' : input.lang);
  const people = japanese ? findJapanesePeople(text) : findPeople(text, sentences);
  const spans = findQuoteSpans(paragraphs);
  const discourse = japanese ? null : buildDiscourse(text, sentences, people, spans);

  const found: Found[] = [];
  for (const span of spans) {
    const inner = innerText(text, span);
    if (!inner) continue;
    const sentence = sentenceAround(sentences, span, text);
    let attribution: Attribution | null;
    if (discourse) {
      attribution = attributeEnglish(span, sentence, discourse) ?? attributeFromNextSentence(span, sentence, discourse);
      if (!attribution && otherLanguage) {
        // Credited in words not read here ("tvrdí mladá hvězda"): nobody in particular, rather than a guess from the paragraphs around.
        const speaker = speakerAfterVerb(text, span.close, sentence.end, input.lang);
        if (speaker || unreadAttributionAfter(text, span.close, sentence.end)) attribution = { speaker };
      }
    } else {
      const speaker = attributeJapanese(text, span, sentence, people);
      attribution = speaker ? { speaker } : null;
    }
    const ownAttribution = attribution !== null;
    if (!attribution && discourse) attribution = attributeFromPreviousSentence(span, discourse);
    const words = japanese ? [...inner.text].length / 2 : inner.text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    const before = text.slice(sentence.start, span.open);
    found.push({
      span,
      text: inner.text,
      speaker: attribution?.speaker ?? null,
      attributed: attribution !== null,
      ownAttribution,
      characterisation: !japanese && CHARACTERISATION.test(before),
      words,
    });
  }
  inheritSpeakers(found, text, starts, discourse);
  const shown = (opts.exclude ?? []).map(wordSet);
  const real = found.filter((q) => isRealQuote(q, text, japanese, max <= KEY_QUOTES_MAX) && !repeatsShown(q.text, shown));
  const kept = real.filter((q) => !repeatsLonger(q, real));
  // A short list of key quotes is for statements; a few words lifted into the reporter's sentence only fill what is left.
  const ranked = rank(kept);
  const statements = ranked.filter((q) => !isAnonymousScrap(q));
  const key = max <= KEY_QUOTES_MAX ? [...statements.filter((q) => !isPiece(q)), ...statements.filter(isPiece)] : ranked;
  return key
    .slice(0, max)
    .map((q) => ({ text: trimQuote(oneLine(q.text), MAX_QUOTE_CHARS), speaker: speakerName(q.speaker) }));
}

const KEY_QUOTES_MAX = 5;
/** A bracketed Japanese phrase shorter than this with no punctuation of a clause names something rather than saying it. */
const JA_NAME_CHARS = 30;
/** Words a partial quotation needs to stand as a quote rather than a scare-quoted phrase. */
const PARTIAL_QUOTE_WORDS = 6;
/** Fewer words than this: too short to stand as a statement unless its speaker is credited right after it. */
const PIECE_WORDS = 4;

/** Openers of the second half of a split quotation (“…,” she said. “And …”): it leans on the half the reader does not see. */
const CONTINUATION = /^(?:and|but|or)\b/i;

/** A characterisation ("described her as “brave, strong and smart”"), words lifted mid-sentence, a scrap, or a second half. */
function isPiece(q: Found): boolean {
  return q.characterisation || /^\p{Ll}/u.test(q.text) || (q.words < PIECE_WORDS && !q.ownAttribution) || CONTINUATION.test(q.text);
}

/**
 * A piece nobody is credited with: the words of a document lifted into the reporter's sentence, or the writer's
 * own question set in quote marks. Without a speaker it is no one's statement, so it is never a key quote.
 */
function isAnonymousScrap(q: Found): boolean {
  return q.speaker === null && (isPiece(q) || /\?$/.test(q.text));
}

/** A quotation that runs over several paragraphs reads as one passage: no raw line breaks or reopening marks. */
function oneLine(s: string): string {
  return s.replace(/\s*\n+\s*[“"‘]?/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

const REPEATED_PASSAGE_WORDS = 8;
const squeezed = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** “… Fares went up.” quoted again later from a longer quotation already in the list: the same words twice. */
function repeatsLonger(q: Found, all: Found[]): boolean {
  // A few words ("false", "Are there prizes?") can be said twice; a passage of a sentence or more is a repeat.
  if (q.words < REPEATED_PASSAGE_WORDS) return false;
  const own = squeezed(q.text);
  return all.some((other) => other !== q && other.text.length > q.text.length && squeezed(other.text).includes(own));
}

function wordSet(s: string): Set<string> {
  return new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

function repeatsShown(quote: string, shown: Set<string>[]): boolean {
  if (shown.length === 0) return false;
  const words = quote.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return false;
  return shown.some((set) => words.filter((w) => set.has(w)).length / words.length >= REPEAT_SHARE);
}

/**
 * Fits a quotation to about `limit` characters: whole when it is only a little over, else up to its last
 * sentence end that fits (when that keeps most of it), else cut at a word with an ellipsis.
 */
export function trimQuote(s: string, limit: number): string {
  if ([...s].length <= limit * QUOTE_SLACK) return s;
  const room = s.slice(0, limit);
  const end = Math.max(...['. ', '! ', '? ', '.” ', '." '].map((mark) => room.lastIndexOf(mark)));
  if (end > limit * 0.5) return room.slice(0, end + 1).trim();
  return cutAtWord(s, limit);
}

/** Who a quotation is credited to; speaker null when the text credits nobody in particular ("they said"). */
interface Attribution {
  speaker: string | null;
}

function innerText(text: string, span: QuoteSpan): { text: string } | null {
  let start = span.open + 1;
  let end = span.close;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /[\s,]/.test(text[end - 1]!)) end--;
  if (end <= start) return null;
  const t = text.slice(start, end);
  if (!/[\p{L}\p{N}]/u.test(t)) return null;
  return { text: t };
}

function sentenceAround(sentences: Array<{ start: number; end: number }>, span: QuoteSpan, text: string) {
  const first = sentences.find((s) => s.start <= span.open && span.open < s.end);
  const last = sentences.find((s) => s.start <= span.close && span.close < s.end) ?? first;
  let start = first?.start ?? span.open;
  let end = last?.end ?? span.close + 1;
  // A sentence that ends right at the closing mark may go on with the attribution ("…!” she said.").
  if (end <= span.close + 1) {
    const next = sentences.find((s) => s.start > span.close);
    if (next && /^\p{Ll}/u.test(text.slice(next.start)) && !text.slice(span.close + 1, next.start).includes('\n')) end = next.end;
  }
  if (start > span.open) start = span.open;
  return { start, end };
}

function attributeEnglish(span: QuoteSpan, sentence: { start: number; end: number }, d: Discourse): Attribution | null {
  const { text } = d;
  // After the quotation: “…,” she said / “…,” said Jane Roe / “…,” Roe, a nurse, told reporters.
  const after = text.slice(span.close + 1, sentence.end);
  if (!/^\s*["“]/.test(after)) {
    const head = after.split(/["“”]/)[0] ?? '';
    const act = firstActIn(d, span.close + 1, span.close + 1 + head.length);
    if (act && attributionGapFits(text.slice(span.close + 1, act.at))) return { speaker: act.speaker };
  }
  // Before it, in the same sentence: She said, “…” / Roe told the committee: “…” / asks editor Jane Roe, “…”.
  const before = text.slice(sentence.start, span.open);
  const clauseStart = sentence.start + lastClauseStart(before);
  const act = lastActIn(d, clauseStart, span.open);
  if (act) return { speaker: act.speaker };
  const intro = INTRODUCER.exec(text.slice(clauseStart, span.open));
  if (intro) {
    // "Governance lassitude was on display when Musk took to Twitter with this:": a lone capitalised word
    // opening the sentence is no name; the person the clause names is the one who speaks.
    const known = d.people.some((p) => p.evident && (p.name === intro[1] || p.name.split(/\s+/).pop() === intro[1]));
    const person = !/\s/.test(intro[1]!) && !known ? subjectIn(d, clauseStart + intro[0].indexOf(intro[1]!) + intro[1]!.length, span.open) : undefined;
    if (person) return { speaker: person.name };
    // "Consultada sobre esto, una fuente dijo así:": a lone word is capitalised there only because it opens
    // the sentence; it is a name only when the text also uses it as one.
    if (!/\s/.test(intro[1]!) && !known && !usedAsName(d, intro[1]!)) return null;
    const speaker = sayerOfSubject(d, intro[1]!, clauseStart + intro.index + intro[0].indexOf(intro[1]!));
    if (speaker !== undefined) return { speaker };
  }
  const acc = ACCORDING_TO.exec(after) ?? ACCORDING_TO.exec(before);
  if (acc) {
    const at = acc.index + acc[0].length - acc[1]!.length + (ACCORDING_TO.exec(after) ? span.close + 1 : sentence.start);
    const speaker = sayerOfSubject(d, acc[1]!, at);
    if (speaker !== undefined) return { speaker };
  }
  return null;
}

/**
 * Whether a capitalised word is a name by the text's own evidence: someone found as a person carries it, or it
 * stays capitalised somewhere other than the start of a sentence.
 */
function usedAsName(d: Discourse, word: string): boolean {
  if (genderOfFirstName(word) || d.people.some((p) => p.name.split(/\s+/).includes(word))) return true;
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(String.raw`[\p{L}\p{N},;]\s+${escaped}(?![\p{L}\p{N}])`, 'u').test(d.text);
}

/** A name and its apposition before the verb ("Harry Kim, director of defence studies at the Centre for …, said"). */
const NAME_THEN_APPOSITION = new RegExp(String.raw`^[\s,—–-]*(?:${NAME_RUN})\s*,[^,;:“”"]+,\s*$`, 'u');

/** Whether the words between a quotation and its speech verb can be its attribution: short, or a name with an apposition. */
function attributionGapFits(gap: string): boolean {
  const words = gap.trim().split(/\s+/).length;
  return words <= 14 || (words <= 35 && NAME_THEN_APPOSITION.test(gap));
}

function firstActIn(d: Discourse, from: number, to: number) {
  return d.acts.find((a) => a.at >= from && a.at < to);
}

/** “…” Moore said. — an attribution that the sentence splitter left in a short sentence of its own. */
function attributeFromNextSentence(span: QuoteSpan, sentence: { start: number; end: number }, d: Discourse): Attribution | null {
  if (sentence.end > span.close + 3) return null;
  let idx = sentenceIndexAt(d, sentence.end);
  if ((d.sentences[idx]?.start ?? 0) < sentence.end) idx++;
  const next = d.sentences[idx];
  if (!next || next.start < sentence.end || d.text.slice(sentence.end, next.start).includes('\n')) return null;
  const head = next.text.split(/\s+/).length <= 12 ? next.text : NAME_THEN_APPOSITION.exec(next.text.slice(0, next.text.search(/,[^,]*$/) + 1))?.[0];
  if (!head || next.text.split(/\s+/).length > 40 || /["“”]/.test(next.text)) return null;
  const act = lastActIn(d, next.start, next.end);
  return act ? { speaker: act.speaker } : null;
}

/**
 * A quotation that opens its own sentence with no attribution often follows the reporter's sentence
 * that introduces it ("Guest says there are many reasons for the delays." / "She said:").
 */
function attributeFromPreviousSentence(span: QuoteSpan, d: Discourse): Attribution | null {
  const own = sentenceIndexAt(d, span.open);
  if (own <= 0) return null;
  if (d.text.slice(d.sentences[own]!.start, span.open).trim() !== '') return null;
  const prev = d.sentences[own - 1]!;
  if (d.text.slice(prev.end, span.open).includes('\n')) return null; // the paragraph rules decide that
  if (/["“”]/.test(prev.text)) return null; // a quotation of its own: inheritance handles that
  const act = lastActIn(d, prev.start, prev.end);
  return act?.speaker ? { speaker: act.speaker } : null;
}

/** Where the clause that leads into a quotation starts: after any earlier quotation in the sentence. */
function lastClauseStart(before: string): number {
  return Math.max(before.lastIndexOf('”'), before.lastIndexOf('"')) + 1;
}

function findJapanesePeople(text: string): Person[] {
  const people: Person[] = [];
  for (const m of text.matchAll(JA_PERSON)) {
    const name = m[1]!;
    if (/^(?:同|両|各|元|前|現|新|副)$/.test(name)) continue;
    let p = people.find((x) => x.name === name || x.name.startsWith(name) || name.startsWith(x.name));
    if (!p) {
      p = { name, gender: null, mentions: [], roles: new Set() };
      people.push(p);
    }
    p.mentions.push(m.index!);
    p.roles.add(m[2]!);
  }
  return people;
}

function attributeJapanese(text: string, span: QuoteSpan, sentence: { start: number; end: number }, people: Person[]): string | null {
  const after = text.slice(span.close + 1, sentence.end);
  const before = text.slice(sentence.start, span.open);
  const said = JA_SUFFIX_ATTRIBUTION.test(after) || /(?:は|が)、?[^「」。]*$/.test(before);
  if (!said) return null;
  const m = JA_SUBJECT.exec(before);
  if (!m) return null;
  const name = m[1]!;
  const role = m[2];
  // 同氏 / 首相 / 彼 alone: the last person named (with that role, when there is one).
  if (/^(?:同|彼|彼女)$/.test(name) || (role && name.length === 0)) return lastJapanesePerson(people, span.open, role)?.name ?? null;
  const known = people.find((p) => p.name === name || p.name.startsWith(name) || name.startsWith(p.name));
  if (known) return known.name;
  if (!role) {
    // A bare role word as subject ("首相は"): the last person who held it.
    const byRole = lastJapanesePerson(people, span.open, name);
    return byRole?.name ?? null;
  }
  return name;
}

function lastJapanesePerson(people: Person[], at: number, role?: string): Person | undefined {
  let best: { p: Person; last: number } | undefined;
  for (const p of people) {
    if (role && !p.roles.has(role) && role !== '氏') continue;
    const last = Math.max(-1, ...p.mentions.filter((x) => x < at));
    if (last >= 0 && (!best || last > best.last)) best = { p, last };
  }
  return best?.p;
}

/**
 * A quotation without its own attribution continues the previous speaker when it follows another
 * quotation in the same paragraph, or when its paragraph is only quotation and the previous paragraph
 * ended with a quotation. News convention for a paragraph that is only a quotation after reporter's text:
 * it belongs to whoever that paragraph last reported speaking ("Young said he suspects…"), or else to the
 * person it was about (the subject of its last sentence).
 */
function inheritSpeakers(found: Found[], text: string, starts: number[], d: Discourse | null): void {
  for (let i = 0; i < found.length; i++) {
    const q = found[i]!;
    if (q.attributed) continue;
    const prev = found[i - 1];
    const paraStartsWithQuote = /(?:^|\n\n)\s*$/.test(text.slice(Math.max(0, q.span.open - 3), q.span.open)) || q.span.open === 0;
    if (prev?.speaker) {
      const samePara = prev.span.lastParagraph === q.span.firstParagraph;
      // Someone else introduced in between ("…,” Roe said. Her colleague Lee disagreed: “…”) breaks the chain.
      const gapAct = d ? lastActIn(d, prev.span.close + 1, q.span.open) : undefined;
      const gapHasOtherSubject = gapAct !== undefined && gapAct.speaker !== prev.speaker;
      const adjacentParagraph = q.span.firstParagraph === prev.span.lastParagraph + 1;
      const between = d && samePara && !gapHasOtherSubject ? sentenceSubjectBetween(d, prev.span.close + 1, q.span.open) : undefined;
      if (between && between.name !== prev.speaker) {
        q.speaker = between.name;
        continue;
      }
      if ((samePara && !gapHasOtherSubject) || (paraStartsWithQuote && adjacentParagraph && endsParagraph(text, prev.span))) {
        q.speaker = prev.speaker;
        continue;
      }
    }
    if (!d || !paraStartsWithQuote || q.speaker) continue;
    const p = q.span.firstParagraph;
    if (p === 0 || !endsParagraph(text, q.span)) continue;
    const prevStart = starts[p - 1]!;
    const prevEnd = starts[p]! - 2;
    const prevText = text.slice(prevStart, prevEnd);
    if (prevText.split(/\s+/).length < 6 || !/[.!?:]["”’)]?\s*$/.test(prevText)) continue; // a heading or a caption
    const lastClose = Math.max(prevText.lastIndexOf('”'), prevText.lastIndexOf('"'));
    const act = lastActIn(d, prevStart + lastClose + 1, prevEnd);
    if (act) {
      q.speaker = act.speaker;
      continue;
    }
    if (lastClose >= 0) continue;
    const lastSentence = d.sentences[sentenceIndexAt(d, prevEnd - 1)]!;
    const subject = subjectIn(d, Math.max(prevStart, lastSentence.start), prevEnd);
    if (subject) {
      q.speaker = subject.name;
      continue;
    }
    q.speaker = soleSpeakerAround(found, i, d, starts, prevStart, prevEnd);
  }
}

/**
 * “…,” says House. Durning did not need much coaxing. “I’m thankful …”: a whole reporter's sentence
 * between two quotations that opens with another person's name hands the next quotation to that person.
 */
function sentenceSubjectBetween(d: Discourse, from: number, to: number): Person | undefined {
  const gap = d.text.slice(from, to);
  // The rest of the quotation's own attribution sentence (“…,” says House.) comes first.
  const lead = /^\s*(?:[,—–-]|\p{Ll})/u.test(gap) ? (/^[^.!?]*?[.!?]\s+/.exec(gap)?.[0].length ?? gap.length) : /^\s*/.exec(gap)![0].length;
  const sentence = gap.slice(lead);
  if (!/^\p{Lu}[^“”"]*[.!?]\s*$/u.test(sentence)) return undefined;
  const subject = subjectIn(d, from + lead, to);
  if (!subject) return undefined;
  const first = d.mentions.find((m) => m.at >= from + lead && m.person === subject);
  return first && first.at - (from + lead) <= 2 && !d.pronouns.has(first.at) ? subject : undefined;
}

/**
 * A quotation paragraph after reporter's text that names nobody at its end ("Still, even with her
 * pension, Laurin lost 40 per cent of her income. And there was the psychological blow."): the person that
 * text is about, when it names only one, or else the speaker of the quotation just before that text,
 * when nobody else is named in between. Two people in view: no guess.
 */
function soleSpeakerAround(found: Found[], i: number, d: Discourse, starts: number[], prevStart: number, prevEnd: number): string | null {
  const named = new Set<string>();
  for (const m of d.mentions) {
    if (m.at >= prevEnd) break;
    if (m.at >= prevStart && m.person.evident) named.add(m.person.name);
  }
  if (named.size === 1) return [...named][0]!;
  if (named.size > 1) return null;
  const before = found[i - 1];
  if (!before?.speaker || before.span.lastParagraph < found[i]!.span.firstParagraph - 2) return null;
  const gapStart = before.span.close + 1;
  for (const m of d.mentions) {
    if (m.at >= prevEnd) break;
    if (m.at >= gapStart && m.person.evident && m.person.name !== before.speaker) return null;
  }
  void starts;
  return before.speaker;
}

/** Does the quotation end its paragraph (possibly followed only by its attribution)? */
function endsParagraph(text: string, span: QuoteSpan): boolean {
  const rest = text.slice(span.close + 1);
  const tail = rest.split('\n\n')[0] ?? '';
  return !/["“”]/.test(tail);
}

function isRealQuote(q: Found, text: string, japanese: boolean, allowPartial = false): boolean {
  if (japanese) {
    const chars = [...q.text].length;
    if (q.span.mark === '『' && chars < 20 && !q.ownAttribution) return false;
    if (q.ownAttribution) return true;
    // 「フリーWi-Fiプロテクション」, 「Trend Micro Smart Protection Network」: a product, a title or a term named in
    // brackets, credited to nobody, with no clause of its own (or no kana to make one), is no one's statement.
    const named = !/\p{Script=Hiragana}/u.test(q.text) || (chars < JA_NAME_CHARS && !/[、。！？!?,，]/.test(q.text));
    return chars >= 8 && !named;
  }
  const before = text.slice(Math.max(0, q.span.open - 60), q.span.open);
  if (TITLE_FRAME.test(before) && (q.words < 8 || readsAsLongTitle(q.text))) return false;
  // A longer title ("As 5 Etapas para Alfabetizar seus Filhos em Casa") too, unless someone is named saying it.
  if ((q.words <= 8 || (q.words <= 12 && !q.speaker)) && looksLikeTitle(q.text)) return false;
  // “The Kid Who Would Be King.” — a title in title case keeps its full stop when it ends the sentence.
  if (q.words >= 3 && q.words <= 8 && !q.ownAttribution && looksLikeTitle(q.text.replace(/\.$/, ''))) return false;
  if (q.characterisation) return q.ownAttribution;
  if (q.words <= 2) return false;
  if (isFragment(q, text, allowPartial)) return false;
  if (q.words < 5) return q.ownAttribution && endsWithAttribution(text, q.span);
  return true;
}

/**
 * A piece of the reporter's own sentence put in quote marks (she said police were “very committed” to
 * …): it starts in lower case right after a word, so it is not a statement that stands on its own.
 */
function isFragment(q: Found, text: string, allowPartial: boolean): boolean {
  if (!/^\p{Ll}/u.test(q.text)) return false;
  // In a short key-quote list, a partial quotation of some length credited in its own sentence (Roe said that
  // China is “going to have to make a deal that I like”) is a quote; it only fills what statements leave.
  if (allowPartial && q.ownAttribution && q.speaker && q.words >= PARTIAL_QUOTE_WORDS && /\b(?:said|says|told|added|warned|insisted|argued|wrote)\s+(?:[^.!?“”"]{0,80}\s)?(?:that\s+)?[^.!?“”"]{0,80}$/.test(text.slice(Math.max(0, q.span.open - 160), q.span.open))) return false;
  const before = text.slice(Math.max(0, q.span.open - 40), q.span.open);
  return /[\p{L}\p{N}%]\s*$/u.test(before);
}

/** “Good news,” she said. — the attribution directly follows a short quotation. */
function endsWithAttribution(text: string, span: QuoteSpan): boolean {
  const after = text.slice(span.close + 1, span.close + 120);
  return AFTER_SUBJECT.test(after) || VERB_THEN_NAME.test(after) || /[,!?]\s*$/.test(text.slice(span.open, span.close));
}

/** "A Paradise Built in Hell: The Communities that Arise in Disaster": mostly capitalised words, no sentence inside. */
function readsAsLongTitle(s: string): boolean {
  const words = s.replace(/[.,]$/, '').split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return /^\p{Lu}/u.test(s) && !/[.!?]\s/.test(s) && capitalised / words.length >= 0.6;
}

function looksLikeTitle(s: string): boolean {
  const words = s.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length === 0 || /[.!?,]$/.test(s)) return false;
  const small = /^(?:of|the|and|a|an|in|on|to|for|at|by|with|or)$/;
  if (words.every((w) => /^\p{Lu}/u.test(w) || small.test(w))) return true;
  // Other languages' titles capitalise the content words too and leave their own short linking words in lower
  // case ("As 5 Etapas para Alfabetizar seus Filhos em Casa"); a sentence has longer lower-case words.
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalised >= 3 && capitalised * 2 > words.length && words.every((w) => /^\p{Lu}/u.test(w) || [...w].length <= 4);
}

/** Most informative first: substance (length up to a point), a named speaker, numbers and names inside. */
function rank(quotes: Found[]): Found[] {
  // A statement that stands on its own (capitalised, a clause long) says more than a few words lifted from one.
  const score = (q: Found) =>
    Math.min(q.words, 45) / 45 +
    (q.speaker ? 0.5 : 0) +
    (/^[\p{Lu}\p{N}]/u.test(q.text) && q.words >= 8 ? 0.3 : 0) -
    (isPiece(q) ? 0.3 : 0) +
    (/\d/.test(q.text) ? 0.1 : 0) -
    (q.words > 90 ? 0.2 : 0);
  return quotes
    .map((q, i) => ({ q, i, s: score(q) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.q);
}

/** Cut at a word boundary so that the result, ellipsis included, fits in `limit` characters. */
export function cutAtWord(s: string, limit: number): string {
  if ([...s].length <= limit) return s;
  const room = s.slice(0, limit - 1);
  const lastSpace = room.search(/\s\S*$/);
  const cut = (lastSpace > limit * 0.5 ? room.slice(0, lastSpace) : room).replace(/[\s,;:—–-]+$/, '');
  return `${cut}…`;
}
