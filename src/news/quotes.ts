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
import type { Quote } from './article.ts';
import { sentenceSpans } from './sentences.ts';
import { findPeople, NAME_RUN, resolveName, resolvePronoun, stripTitles, type Gender, type Person } from './text-names.ts';
import { findQuoteSpans, joinParagraphs, type QuoteSpan } from './text-quote-spans.ts';

export interface FindQuotesInput {
  paragraphs: string[];
  lang?: string;
}

export interface FindQuotesOptions {
  /** How many quotes to return, best first (default 3). */
  max?: number;
}

const MAX_QUOTE_CHARS = 300;

const VERBS =
  'said|says|say|told|tells|added|adds|noted|notes|wrote|writes|asked|asks|explained|explains|warned|warns|' +
  'stated|states|recalled|recalls|replied|replies|responded|responds|continued|continues|insisted|insists|' +
  'argued|argues|acknowledged|acknowledges|admitted|admits|announced|announces|declared|declares|claimed|' +
  'claims|suggested|suggests|cautioned|cautions|concluded|concludes|remarked|quipped|joked|jokes|tweeted|' +
  'posted|conceded|concedes|observed|emphasized|emphasised|stressed|stresses|pointed out|went on|' +
  'described|describes|called|calls|shouted|yelled|testified|predicted|predicts|agreed|agrees|' +
  'retorted|crowed|scolded|stuttered|confirmed|confirms|repeated|urged|urges|promised|promises|' +
  'vowed|vows|boasted|complained|complains|lamented|laments|recounted|mused|whispered|cried|exclaimed|' +
  'answered|commented|comments|reiterated|wondered|maintained|maintains|pleaded|quoted as saying';
const VERB_RE = `(?:${VERBS})`;
/** Verbs whose following name is the speaker ("said Roe"); after "told"/"asked" comes the listener. */
const INVERTIBLE_VERB_RE = `(?:${VERBS.split('|').filter((v) => !/^(?:told|tells|called|calls|described|describes)$/.test(v)).join('|')})`;
/** "the mayor said": a role standing in for the person who holds it. */
const ROLE_SUBJECT = String.raw`(?:the|The)\s+(?:[\p{Ll}-]+\s+){0,2}?(?:mayor|minister|premier|president|prime minister|chief|spokesperson|spokesman|spokeswoman|senator|governor|coach|judge|ceo|chair|director|leader|officer|commissioner)`;
const PRONOUN = String.raw`(?:he|she|they|He|She|They|${ROLE_SUBJECT})`;
const ADVERB = String.raw`(?:(?:also|later|then|further|previously|once|recently|simply|again|has|had|have|had\s+earlier|earlier|quickly|flatly|bluntly|repeatedly|publicly|privately|often|has\s+also|would|will|is|was|reportedly)\s+)*`;
/** "Harry J. Kazianis, director of defence studies at …, said" — an apposition between name and verb. */
const APPOSITION = String.raw`(?:,\s+[^,“”"]{1,140},)?`;

const SUBJECT_THEN_VERB = new RegExp(String.raw`(?:^|[^\p{L}])(${NAME_RUN}|${PRONOUN})${APPOSITION}\s+${ADVERB}${VERB_RE}\b`, 'gu');
const VERB_THEN_NAME = new RegExp(String.raw`^[\s,—–-]*${INVERTIBLE_VERB_RE}\s+(?:the\s+)?(?:[\p{Ll}-]+\s+){0,3}?(${NAME_RUN})`, 'u');
const AFTER_SUBJECT = new RegExp(String.raw`^[\s,—–-]*(?:[\p{L}\p{N}'’.\-]+\s+){0,6}?(${NAME_RUN}|${PRONOUN})${APPOSITION}\s+${ADVERB}${VERB_RE}\b`, 'u');
const ACCORDING_TO = new RegExp(String.raw`according to\s+(?:the\s+)?(?:[\p{Ll}-]+\s+){0,3}?(${NAME_RUN}|him|her)`, 'u');
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
  /** The attribution came from this quotation's own sentence (not inherited). */
  ownAttribution: boolean;
  characterisation: boolean;
  words: number;
}

export function findQuotes(input: FindQuotesInput, opts: FindQuotesOptions = {}): Quote[] {
  const max = Math.max(0, Math.floor(opts.max ?? 3));
  const paragraphs = input.paragraphs;
  const { text } = joinParagraphs(paragraphs);
  const japanese = input.lang ? /^ja\b/i.test(input.lang) : /[\u3040-\u30ff]/.test(text);
  const people = japanese ? findJapanesePeople(text) : findPeople(text);
  const sentences = sentenceSpans(text, japanese ? 'ja' : input.lang);
  const spans = findQuoteSpans(paragraphs);

  const ctx: Context = { text, people, speechActs: japanese ? new Map() : findSpeechActs(text, people) };
  const found: Found[] = [];
  for (const span of spans) {
    const inner = innerText(text, span);
    if (!inner) continue;
    const sentence = sentenceAround(sentences, span, text);
    let speaker = japanese ? attributeJapanese(text, span, sentence, people) : attributeEnglish(span, sentence, ctx);
    const ownAttribution = speaker !== null;
    if (!speaker && !japanese) speaker = attributeFromPreviousSentence(span, sentences, ctx);
    if (speaker) {
      const person = resolveName(speaker, people);
      if (person) addSpeechAct(ctx.speechActs, person, span.close);
    }
    const words = japanese ? [...inner.text].length / 2 : inner.text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    const before = text.slice(sentence.start, span.open);
    found.push({
      span,
      text: inner.text,
      speaker,
      ownAttribution,
      characterisation: !japanese && CHARACTERISATION.test(before),
      words,
    });
  }
  inheritSpeakers(found, text);
  const kept = found.filter((q) => isRealQuote(q, text, japanese));
  return rank(kept)
    .slice(0, max)
    .map((q) => ({ text: cutAtWord(q.text, MAX_QUOTE_CHARS), speaker: q.speaker }));
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

function genderOf(pronoun: string): Gender {
  const p = pronoun.toLowerCase();
  if (p === 'she' || p === 'her') return 'f';
  if (p === 'he' || p === 'him') return 'm';
  return null;
}

interface Context {
  text: string;
  people: Person[];
  /** Where each person is credited with speech (quoted or reported): the likeliest referents of a later "she said". */
  speechActs: Map<Person, number[]>;
}

/** Turn a subject as written into a speaker: a person's full name, or null when it cannot be told. */
function speakerFromSubject(subject: string, at: number, ctx: Context): string | null {
  if (/^(?:they|They)$/.test(subject)) return null;
  if (/^(?:he|she|He|She|him|her)$/.test(subject)) {
    return resolvePronoun(ctx.people, at, genderOf(subject), ctx.speechActs)?.name ?? null;
  }
  const role = /^(?:the|The)\s+(?:.*\s)?(\S+)$/.exec(subject);
  if (role) return lastWithRole(ctx.people, at, role[1]!.toLowerCase())?.name ?? null;
  // Sentence openers and role adjectives glued to the front of a name: "But Phillips", "Organizer Dwayne Croteau".
  const cleaned = subject.replace(/['’]s$/i, '').replace(/^(?:(?:But|And|So|Then|Now|Also|Meanwhile|Still|Yet|Later|Earlier|Organizer|Organiser|Republican|Democrat|Conservative|Liberal|Analyst|Economist|Lawyer|Activist|Author|Professor|Researcher)\s+)+/, '');
  const { name } = stripTitles(cleaned);
  if (!name || /^(?:The|A|An|This|That|It|There|But|And|In|On|At|If|When|As|So)$/.test(name)) return null;
  return resolveName(name, ctx.people)?.name ?? name;
}

function lastWithRole(people: Person[], at: number, role: string): Person | undefined {
  let best: { p: Person; last: number } | undefined;
  for (const p of people) {
    if (!p.roles.has(role)) continue;
    const last = Math.max(-1, ...p.mentions.filter((x) => x < at));
    if (last >= 0 && (!best || last > best.last)) best = { p, last };
  }
  return best?.p;
}

function attributeEnglish(span: QuoteSpan, sentence: { start: number; end: number }, ctx: Context): string | null {
  const { text } = ctx;
  const after = text.slice(span.close + 1, sentence.end);
  const before = text.slice(sentence.start, span.open);
  // After the quotation: “…,” she said / “…,” said Jane Roe / “…,” Roe, a nurse, told reporters.
  if (!/^\s*["“]/.test(after)) {
    const head = after.split(/["“”]/)[0] ?? '';
    const subj = AFTER_SUBJECT.exec(head);
    if (subj) return speakerFromSubject(subj[1]!, span.close, ctx);
    const inverted = VERB_THEN_NAME.exec(head);
    if (inverted) return speakerFromSubject(inverted[1]!, span.close, ctx);
  }
  // Before it, in the same sentence: She said, “…” / Roe told the committee: “…”.
  const fromClause = subjectOfSpeech(lastClauseBefore(before), span.open, ctx);
  if (fromClause) return fromClause;
  const acc = ACCORDING_TO.exec(after) ?? ACCORDING_TO.exec(before);
  if (acc) return speakerFromSubject(acc[1]!, span.open, ctx);
  return null;
}

/** The speaker of the last "X said" / "X told …" / "X, a nurse, is blunt:" in a stretch of reporter's text. */
function subjectOfSpeech(clause: string, at: number, ctx: Context): string | null {
  let match: RegExpExecArray | null = null;
  for (const m of clause.matchAll(SUBJECT_THEN_VERB)) match = m;
  if (match) {
    const s = speakerFromSubject(match[1]!, at, ctx);
    if (s) return s;
  }
  // "Martell, the addictions doctor on the South Shore, is more blunt: …"
  const intro = new RegExp(String.raw`^\s*(${NAME_RUN}|${PRONOUN})${APPOSITION}\s[^.!?]*:\s*$`, 'u').exec(clause);
  if (intro) return speakerFromSubject(intro[1]!, at, ctx);
  return null;
}

/**
 * A quotation that opens its own sentence with no attribution often follows the reporter's sentence
 * that introduces it ("Guest says there are many reasons for the delays." / "She said:").
 */
function attributeFromPreviousSentence(
  span: QuoteSpan,
  sentences: Array<{ start: number; end: number }>,
  ctx: Context,
): string | null {
  const own = sentences.findIndex((s) => s.start <= span.open && span.open < s.end);
  if (own <= 0) return null;
  if (ctx.text.slice(sentences[own]!.start, span.open).trim() !== '') return null;
  const prev = sentences[own - 1]!;
  const prevText = ctx.text.slice(prev.start, prev.end);
  if (/["“”「」]/.test(prevText)) return null; // a quotation of its own: inheritance handles that
  return subjectOfSpeech(prevText, prev.end, ctx);
}

/** Named subjects of speech verbs anywhere in the text ("Breuer said his clients…"), by position. */
function findSpeechActs(text: string, people: Person[]): Map<Person, number[]> {
  const acts = new Map<Person, number[]>();
  for (const m of text.matchAll(SUBJECT_THEN_VERB)) {
    const subject = m[1]!;
    if (/^(?:he|she|they|the)\b/i.test(subject)) continue;
    const person = resolveName(stripTitles(subject).name, people);
    if (person) addSpeechAct(acts, person, m.index!);
  }
  return acts;
}

function addSpeechAct(acts: Map<Person, number[]>, person: Person, at: number): void {
  const list = acts.get(person) ?? [];
  list.push(at);
  list.sort((a, b) => a - b);
  acts.set(person, list);
}

/** The part of the text before a quotation that belongs to it: after any earlier quotation in the sentence. */
function lastClauseBefore(before: string): string {
  const lastClose = Math.max(before.lastIndexOf('”'), before.lastIndexOf('"'));
  return lastClose >= 0 ? before.slice(lastClose + 1) : before;
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
 * ended with a quotation or introduced one ("… she said:").
 */
function inheritSpeakers(found: Found[], text: string): void {
  for (let i = 1; i < found.length; i++) {
    const q = found[i]!;
    if (q.speaker) continue;
    const prev = found[i - 1]!;
    if (!prev.speaker) continue;
    const samePara = prev.span.lastParagraph === q.span.firstParagraph;
    const gap = text.slice(prev.span.close + 1, q.span.open);
    // Someone else introduced in between ("…,” Roe said. Her colleague Lee disagreed: “…”) breaks the chain.
    const gapSubjects = [...gap.matchAll(SUBJECT_THEN_VERB)].map((m) => m[1]!);
    const gapHasOtherSubject = gapSubjects.some((g) => !/^(?:he|she|He|She)$/.test(g) && !prev.speaker!.includes(g.split(/\s+/).pop()!));
    const paraStartsWithQuote = /(?:^|\n\n)\s*$/.test(text.slice(Math.max(0, q.span.open - 3), q.span.open)) || q.span.open === 0;
    const adjacentParagraph = q.span.firstParagraph === prev.span.lastParagraph + 1;
    if ((samePara && !gapHasOtherSubject) || (paraStartsWithQuote && adjacentParagraph && endsParagraph(text, prev.span))) {
      q.speaker = prev.speaker;
    }
  }
}

/** Does the quotation end its paragraph (possibly followed only by its attribution)? */
function endsParagraph(text: string, span: QuoteSpan): boolean {
  const rest = text.slice(span.close + 1);
  const tail = rest.split('\n\n')[0] ?? '';
  return !/["“”]/.test(tail);
}

function isRealQuote(q: Found, text: string, japanese: boolean): boolean {
  if (japanese) {
    const chars = [...q.text].length;
    if (q.span.mark === '『' && chars < 20 && !q.ownAttribution) return false;
    return chars >= 8 || q.ownAttribution;
  }
  const before = text.slice(Math.max(0, q.span.open - 60), q.span.open);
  if (TITLE_FRAME.test(before) && q.words < 8) return false;
  if (q.words <= 8 && looksLikeTitle(q.text)) return false;
  if (q.characterisation) return q.ownAttribution;
  if (q.words <= 2) return false;
  if (isFragment(q, text)) return false;
  if (q.words < 5) return q.ownAttribution && endsWithAttribution(text, q.span);
  return true;
}

/**
 * A piece of the reporter's own sentence put in quote marks (she said police were “very committed” to
 * …): it starts in lower case right after a word, so it is not a statement that stands on its own.
 */
function isFragment(q: Found, text: string): boolean {
  if (!/^\p{Ll}/u.test(q.text)) return false;
  const before = text.slice(Math.max(0, q.span.open - 40), q.span.open);
  return /[\p{L}\p{N}%]\s*$/u.test(before);
}

/** “Good news,” she said. — the attribution directly follows a short quotation. */
function endsWithAttribution(text: string, span: QuoteSpan): boolean {
  const after = text.slice(span.close + 1, span.close + 120);
  return AFTER_SUBJECT.test(after) || VERB_THEN_NAME.test(after) || /[,!?]\s*$/.test(text.slice(span.open, span.close));
}

function looksLikeTitle(s: string): boolean {
  const words = s.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const small = /^(?:of|the|and|a|an|in|on|to|for|at|by|with|or)$/;
  return words.length > 0 && words.every((w) => /^\p{Lu}/u.test(w) || small.test(w)) && !/[.!?,]$/.test(s);
}

/** Most informative first: substance (length up to a point), a named speaker, numbers and names inside. */
function rank(quotes: Found[]): Found[] {
  const score = (q: Found) =>
    Math.min(q.words, 45) / 45 +
    (q.speaker ? 0.5 : 0) +
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
