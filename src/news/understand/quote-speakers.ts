/**
 * Who is speaking: the reporter's text read as a sequence of people, pronouns and speech acts, so that a
 * quotation's attribution ("she said", "the company said", "said Oilers coach Ken Hitchcock", "Jingyi
 * Pan of IG said") can be turned into a name.
 *
 * Pronouns are resolved the way a reader does it: walk back sentence by sentence, take the first person
 * (the subject before the others) whose gender fits, preferring someone whose gender the text or a
 * common first name gives away over someone whose gender is unknown, unless the unknown one is much
 * nearer. Only names that show they are people ("Economic Development" is not) take part.
 * Organisations are speakers too when the text names them as the sayer ("BC Hydro said"), and are what
 * "it said" / "the utility said" refer to. An unnamed but described speaker ("a spokesperson", "one of
 * the players") is returned as the text describes them; an anonymous source stays null.
 */
import { sentenceIndexAt, type SentenceSpan } from './sentences.ts';
import { genderOfFirstName, NAME_RUN, NOT_NAME_START, stripTitles, type Gender, type Person } from './names.ts';
import type { QuoteSpan } from './quote-spans.ts';
import { documentOwner } from './document-owner.ts';
import { lastOrg as lastOrgIn } from './earlier-orgs.ts';
import { ADVERB, addSpeakingNames, familyNameFirst } from './speaking-names.ts';
import speakerWords from './speaker-words.json' with { type: 'json' };

export { ADVERB };

const VERBS = speakerWords.verbs.join('|');
export const VERB_RE = `(?:${VERBS})`;
/** Verbs whose following name is the speaker ("said Roe"); after "told"/"asked" comes the listener. */
const INVERTIBLE = new Set(VERBS.split('|').filter((v) => !/^(?:told|tells|called|calls|described|describes)$/.test(v)));

const SPEECH = new RegExp(String.raw`\b${ADVERB}(${VERB_RE})\b`, 'gu');
/** He/she, but not the surname He ("He Jianxiong"): the pronoun is not followed by a capitalised word. */
const PRONOUN_RE = /\b(?:he|she|He|She)\b(?![^\S\n]+\p{Lu}\p{Ll})/gu;

/** "the minister said": a role noun standing in for the person who holds it. */
const ROLE_NOUNS = new Set(speakerWords.roles);
/** A party member described by party ("the Ohio Democrat"). */
const PARTY_MEMBER = /^(?:republican|democrat|liberal|conservative|tory|labourite|new\s+democrat)$/;
/** Nouns that stand for an organisation: "the utility said" means the organisation last credited with speech. */
const ORG_NOUNS = new Set(speakerWords.organisations);
/** People described by their tie to someone else in the story. */
const KIN_NOUNS = new Set(speakerWords.kin);
/** Documents say things, but who wrote them is another matter. */
const DOCUMENT_NOUNS = new Set(speakerWords.documents);
const PREPOSITION_BEFORE = /\b(?:of|for|with|at|from|to|by|in|on|about|against|toward|towards|under|than|like|and|or|nor|between|among|behind|beside|including|versus|vs\.|told|asked|met|called)\s+(?:the\s+)?$/i;
/** Words after which a name is an object, not the subject a later pronoun points back to. */
const OBJECT_BEFORE = /\b(?:against|from|by|about|than|toward|towards|versus|unlike|told|asked|met|accused|charged|sued|arrested)\s+(?:the\s+)?$/i;
/**
 * The name written at `at` is a possessive inside a prepositional phrase: "at Epstein’s mansion", "in Epstein’s
 * crimes" name where or what, not who the sentence is about. (A possessive that opens a clause, "Greenspan’s
 * new book …", often is its topic: it stays a candidate.)
 */
function possessiveAt(text: string, at: number, sentenceStart: number): boolean {
  if (!/^\p{Lu}[\p{L}.-]*(?:[^\S\n]+\p{Lu}[\p{L}.-]*)*['’]s?(?![\p{L}])/u.test(text.slice(at, at + 80))) return false;
  return /\b(?:in|at|of|on|into|from|to|with|for|about|over|inside|outside)\s+$/i.test(text.slice(Math.max(sentenceStart, at - 20), at));
}
const DETERMINER = /^(?:a|an|the|one|another|his|her|their|its|our|some|many|several|two|three|[\p{Lu}][\p{L}.-]*['’]s?)\s/u;
const NAME_RUN_AT_END = new RegExp(String.raw`(?:^|[^\p{L}.'’-])(${NAME_RUN})$`, 'u');
const NAME_RUN_WHOLE = new RegExp(String.raw`^(?:[Tt]he\s+)?(${NAME_RUN})$`, 'u');
/** How many sentences back a pronoun may look for its person. */
const MAX_SENTENCES_BACK = 8;
/** A person of unknown gender this many sentences nearer wins over one whose gender is known to fit. */
const UNKNOWN_GENDER_SLACK = 1;

interface Mention {
  at: number;
  person: Person;
  sentence: number;
}

interface Act {
  /** Where the speech verb starts. */
  at: number;
  sentence: number;
  /** The speaker: a name or description; null when the text says nobody in particular ("they said"). */
  speaker: string | null;
  /** The person, when the speaker is one. */
  person?: Person;
}

export interface Discourse {
  text: string;
  sentences: SentenceSpan[];
  people: Person[];
  /** Person mentions outside quotations, plus the pronouns resolved to them, in text order. */
  mentions: Mention[];
  quoteSpans: QuoteSpan[];
  /** Organisations named as sayers ("BC Hydro said"), in text order. */
  orgs: Array<{ at: number; name: string }>;
  /** Unnamed speakers described so far ("a justice official"), for a later "the official". */
  described: Array<{ at: number; text: string; head: string }>;
  /** Documents quoted so far whose owner the text named ("a report on CP's website"), for a later "the report". */
  documents: Array<{ at: number; owner: string }>;
  /** Resolved he/she by offset. */
  pronouns: Map<number, Person | null>;
  /** Speech acts outside quotations ("Young said he suspects…"), in text order. */
  acts: Act[];
}

export function buildDiscourse(text: string, sentences: SentenceSpan[], people: Person[], quoteSpans: QuoteSpan[]): Discourse {
  const d: Discourse = { text, sentences, people, mentions: [], quoteSpans, orgs: [], described: [], documents: [], pronouns: new Map(), acts: [] };
  addSpeakingNames(text, people);
  const real: Mention[] = [];
  for (const person of people) {
    for (const at of person.mentions) if (!insideQuote(d, at)) real.push({ at, person, sentence: sentenceIndexAt(d, at) });
  }
  real.sort((a, b) => a.at - b.at);
  // Pronouns in order, each resolved against what came before it (including earlier pronouns).
  const pronounAt = [...text.matchAll(PRONOUN_RE)].map((m) => m.index!).filter((at) => !insideQuote(d, at));
  let r = 0;
  for (const at of pronounAt) {
    while (r < real.length && real[r]!.at < at) d.mentions.push(real[r++]!);
    const gender: Gender = /^s/i.test(text[at]!) ? 'f' : 'm';
    const person = resolveReferent(d, at, gender) ?? null;
    d.pronouns.set(at, person);
    if (person) d.mentions.push({ at, person, sentence: sentenceIndexAt(d, at) });
  }
  while (r < real.length) d.mentions.push(real[r++]!);
  for (const m of text.matchAll(SPEECH)) {
    const verbAt = m.index! + m[0].length - m[1]!.length;
    if (insideQuote(d, verbAt)) continue;
    const act = speechAct(d, m.index!, verbAt, m[1]!);
    if (act) d.acts.push(act);
  }
  return d;
}

/** The speech act whose verb starts at `verbAt`: who is its subject (or, inverted, who follows it). */
function speechAct(d: Discourse, phraseStart: number, verbAt: number, verb: string): Act | null {
  const sentence = sentenceIndexAt(d, verbAt);
  const s = d.sentences[sentence];
  const from = Math.max(s?.start ?? 0, lastQuoteCloseBefore(d, phraseStart) + 1);
  const before = d.text.slice(from, phraseStart);
  let speaker: string | null | undefined;
  if (/^[\s,—–-]*$/.test(before) || /["”]\s*[,—–-]?\s*$/.test(before) || (INVERTIBLE.has(verb) && invertedAfterComma(d.text, before, verbAt + verb.length))) {
    if (INVERTIBLE.has(verb)) speaker = sayerAfterVerb(d, verbAt + verb.length, s?.end ?? d.text.length);
  } else {
    speaker = sayerOfSubject(d, before, from);
  }
  if (speaker === undefined) return null;
  const person = speaker ? d.people.find((p) => p.name === speaker) : undefined;
  return { at: verbAt, sentence, speaker, ...(person ? { person } : {}) };
}

/**
 * "Rather than …, asks Policy Options editor Jane Roe, “…”": after a comma, a verb followed by a
 * capitalised name (or a short description) that ends at a comma, a full stop or a quote is inverted.
 */
function invertedAfterComma(text: string, before: string, from: number): boolean {
  if (!/,\s*$/.test(before)) return false;
  const rest = text.slice(from, from + 160);
  return (
    new RegExp(String.raw`^\s+(?:${NAME_RUN})(?:\s+[\p{Ll}-]+){0,3}(?:\s+${NAME_RUN})?\s*(?:[,.;]|[“"])`, 'u').test(rest) ||
    /^\s+(?:the|a|an)\s+(?:[\p{L}'’-]+\s+){0,3}[\p{L}'’-]+\s*[,.]/u.test(rest)
  );
}

/**
 * The speaker named by the text before a speech verb ("Jingyi Pan of IG", "Tim Guest with the health
 * authority", "the director of operations for EHS, Jeff Fraser,", "she", "the company"). Undefined when the
 * text there is not a subject at all.
 */
const TITLE_APPOSITION = /^(?:\p{Lu}[\p{L}.&-]*\s+){1,5}(?:at|of|for|with|in|on)\s+\S/u;

export function sayerOfSubject(d: Discourse, clause: string, clauseStart: number): string | null | undefined {
  let t = clause.replace(/\s+$/, '');
  // The subject sits after the last hard break: a colon, semicolon, dash pair or a closing quote.
  const hard = Math.max(t.lastIndexOf(';'), t.lastIndexOf(':'), t.lastIndexOf('”'), t.lastIndexOf('"'));
  let start = hard + 1;
  const pron = /(?:^|[\s,—–(])(he|she|they|it|we|i|you)$/i.exec(t);
  if (pron) return pronounSpeaker(d, pron[1]!, clauseStart + t.length - pron[1]!.length);
  // Drop trailing appositions: ", a nurse at the clinic," / ", 34," / ", who …,".
  for (let i = 0; i < 3 && /,$/.test(t); i++) {
    const body = t.slice(0, -1);
    const comma = Math.max(body.lastIndexOf(','), body.lastIndexOf('—'), body.lastIndexOf('('));
    if (comma < start) break;
    const seg = body.slice(comma + 1).trim();
    // ", a nurse at the clinic," / ", who …," / ", Chief Market Strategist at FXTM," (a capitalised title, then where).
    if (/^(?:\p{Ll}|\d|(?:a|an|the|who|whose|which|where)\b)/u.test(seg) || TITLE_APPOSITION.test(seg)) t = body.slice(0, comma);
    else break;
  }
  t = t.replace(/[\s,—–-]+$/, '');
  const words = t.slice(start).split(/\s+/);
  if (words.length > 25) start = t.length - words.slice(-25).join(' ').length;
  const absStart = clauseStart + start;
  const absEnd = clauseStart + t.length;
  const person = lastPersonIn(d, absStart, absEnd);
  if (person) return creditedName(d, person, absStart);
  const run = NAME_RUN_AT_END.exec(t.slice(start));
  if (run) {
    const runText = run[1]!;
    const runAt = absEnd - runText.length;
    const lastWord = runText.split(/\s+/).pop()!.toLowerCase();
    // "the Kentucky Republican said": a description of someone just named, not a name.
    if (/\bthe\s+$/i.test(d.text.slice(Math.max(0, runAt - 6), runAt)) && (ROLE_NOUNS.has(lastWord) || PARTY_MEMBER.test(lastWord))) {
      const described = describedSpeaker(d, `the ${runText}`, absEnd);
      if (described !== undefined) return described;
    }
    if (!PREPOSITION_BEFORE.test(d.text.slice(Math.max(0, runAt - 40), runAt))) {
      const named = namedSpeaker(d, runText, runAt);
      if (named !== undefined) return named;
    }
  }
  // "the lanky, bespectacled professor": adjectives separated by commas belong to one phrase.
  const segs = t.slice(start).split(/,\s*/);
  let seg = segs.pop()!.trim();
  while (segs.length > 0 && !DETERMINER.test(`${seg} `) && segs[segs.length - 1]!.trim().split(/\s+/).length <= 3) {
    seg = `${segs.pop()!.trim()}, ${seg}`;
  }
  // The description must be the whole phrase ("a hospital spokesperson"), not its tail ("members dressed for a game").
  const det = /^(?:(?:but|and|so|then|now|yet|as|while)\s+)?((?:(?:a|an|the|one|another|his|her|their|its|our|some|many|several)\b|[\p{Lu}][\p{L}.-]*['’]s?\s)[^]*)$/iu.exec(seg);
  if (det && det[1]!.split(/\s+/).length <= 12) return describedSpeaker(d, det[1]!.trim(), absEnd);
  // "team members dressed for a game say": a group, credited but not one person.
  if (/^\p{Ll}+(?:\s+\p{Ll}+)?s(?:\s+[\p{Ll}-]+){0,5}$/u.test(seg) && !/\b(?:had|has|have|is|was|were|are|not|will|would)\b/.test(seg)) return null;
  return undefined;
}

/** The speaker after an inverted verb: "said Oilers head coach Ken Hitchcock", "says Campbell’s partner, Jason Louth". */
function sayerAfterVerb(d: Discourse, from: number, sentenceEnd: number): string | null | undefined {
  const rest = d.text.slice(from, Math.min(sentenceEnd, from + 200));
  const lead = /^\s*/.exec(rest)![0].length;
  const stop = /(?<!\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Rev|Hon|St|Jr|Sr|Insp|Const|Supt|Det|[A-Z]))\.|[;:!?“”"(]|,\s|\s(?:in|on|at|after|during|before|when|while|who|which|as|to|from|last|this|earlier|later|outside|inside|with|of|matter-of-factly|through)\s/.exec(rest.slice(lead));
  const np = rest.slice(lead, lead + (stop ? stop.index : rest.length - lead)).trim();
  if (!np) return undefined;
  const npAt = from + lead;
  if (/^(?:he|she)$/i.test(np)) return pronounSpeaker(d, np, npAt);
  // "a document titled Winter Running": what follows the title word names the document, not a person.
  const titled = /\s(?:titled|entitled)\s/.exec(np)?.index ?? np.length;
  const person = lastPersonIn(d, npAt, npAt + titled);
  if (person) return creditedName(d, person, npAt);
  const whole = NAME_RUN_WHOLE.exec(np);
  if (whole) {
    const named = namedSpeaker(d, whole[1]!, npAt + np.length - whole[1]!.length);
    if (named !== undefined) return named;
  }
  if (DETERMINER.test(`${np} `)) {
    // A description followed by the name it describes: "says Wise’s dad, Darrin."
    const after = rest.slice(lead + np.length);
    const appos = new RegExp(String.raw`^,\s+(${NAME_RUN})\s*(?:[,.;]|$)`, 'u').exec(after);
    if (appos) return namedSpeaker(d, appos[1]!, npAt + np.length) ?? appos[1]!;
    return describedSpeaker(d, np, npAt);
  }
  return undefined;
}

/** A name credited with speech whose gender nothing gives away may be an organisation's ("Lakeshore Power said"): a later "it said" can mean it. */
function creditedName(d: Discourse, person: Person, at: number): string {
  if (person.gender === null) d.orgs.push({ at, name: person.name });
  return person.name;
}

/** A capitalised run named as the sayer: a known person, a surname, or an organisation as written. */
function namedSpeaker(d: Discourse, run: string, at: number): string | null | undefined {
  const trimmed = run.replace(/^(?:The|A|An)\s+/, '').replace(/['’]s?$/, '');
  const first = trimmed.split(/\s+/)[0]!;
  if (NOT_NAME_START.has(first) && trimmed.split(/\s+/).length === 1) return undefined;
  if (/^[A-Z'’\s]+$/.test(trimmed) && (/\s/.test(trimmed) || /['’]S$/.test(trimmed)) ) return undefined; // "ANALYST'S VIEWPOINT:"
  const { name } = stripTitles(trimmed);
  const known = d.people.find((p) => p.name === name) ?? d.people.find((p) => p.name.split(/\s+/).pop() === name) ?? familyNameFirst(d, name);
  if (known) return known.name;
  if (/^(?:They|We|I|You|He|She|It|Some|Many|Others|Officials|Police|Experts|Analysts|Critics|Residents)$/.test(trimmed)) return null;
  if (!genderOfFirstName(trimmed)) d.orgs.push({ at, name: trimmed });
  return trimmed;
}

/** he/she → the person; it → the organisation last credited with speech; they/we → nobody in particular. */
function pronounSpeaker(d: Discourse, pronoun: string, at: number): string | null {
  const p = pronoun.toLowerCase();
  if (p === 'he' || p === 'she') {
    const known = d.pronouns.get(at);
    if (known !== undefined) return known?.name ?? null;
    return resolveReferent(d, at, p === 'she' ? 'f' : 'm')?.name ?? null;
  }
  if (p === 'it') return lastOrg(d, at, null);
  if (p === 'they') return lastPair(d, at);
  return null;
}

const PAIR_BEFORE_VERB = new RegExp(String.raw`(${NAME_RUN})\s+and\s+(${NAME_RUN})\s+${ADVERB}$`, 'u');

/** "Owners Ana Ruiz and Ben Cole said … “…,” they said.": two people named together as the last sayers. */
function lastPair(d: Discourse, at: number): string | null {
  const from = d.sentences[Math.max(0, sentenceIndexAt(d, at) - 2)]?.start ?? 0;
  for (let i = d.acts.length - 1; i >= 0; i--) {
    const act = d.acts[i]!;
    if (act.at >= at) continue;
    if (act.at < from) break;
    const m = PAIR_BEFORE_VERB.exec(d.text.slice(Math.max(from, act.at - 120), act.at));
    if (m) return `${stripTitles(m[1]!).name} and ${stripTitles(m[2]!).name}`;
  }
  return null;
}

/**
 * A described speaker: "a spokesperson" as written; "the minister" → the person who holds that role;
 * "the company" → the organisation; "her statement" → her; "the lanky professor" → the person the story is
 * about just then; an anonymous source → null.
 */
function describedSpeaker(d: Discourse, phrase: string, at: number): string | null | undefined {
  const np = phrase.replace(/[\s,]+$/, '');
  const lower = np.toLowerCase();
  const core = /^(?:one|some|many|several|none|each|two|three)\s+of\s/.test(lower) ? lower : lower.split(/\s(?:of|for|with|at|from|in|on|who|whose|which|that|to|titled|entitled)\s/)[0]!;
  const head = (core.split(/\s+/).pop() ?? '').replace(/[^\p{L}-]/gu, '');
  if (!head || /^(?:\S+\s+){0,2}(?:sources?|insiders?)\b/.test(lower) || /\b(?:anonymous|unnamed|anonymity)\b/.test(lower)) return null;
  // A description is a noun phrase; a clause ("the government had not") is not a speaker.
  if (/\b(?:had|has|have|is|was|were|are|not|will|would|could|should|can|did|does|do|said|says|told|that)\b/.test(lower)) return undefined;
  const owner = /^(his|her|their|its|[\p{Lu}][\p{L}.-]*(?:\s+[\p{Lu}][\p{L}.-]*)*['’]s?)\s+(\S+)$/u.exec(core.split(/\s+/).length <= 3 ? np : '');
  if (owner && DOCUMENT_NOUNS.has(head)) {
    const who = owner[1]!.toLowerCase();
    if (who === 'his' || who === 'her') return resolveReferent(d, at, who === 'her' ? 'f' : 'm')?.name ?? null;
    if (who === 'its') return lastOrg(d, at, null);
    if (who === 'their') return null;
    const name = owner[1]!.replace(/['’]s?$/, '');
    return d.people.find((p) => p.name === name || p.name.split(/\s+/).pop() === name)?.name ?? name;
  }
  if (DOCUMENT_NOUNS.has(head)) {
    const owner = documentOwner(d, at, sentenceIndexAt(d, at), (x) => insideQuote(d, x));
    if (owner) d.documents.push({ at, owner });
    // "the white paper said": the document already traced to its owner a few paragraphs back.
    else if (/^(?:the|this|that)\s/.test(lower)) return d.documents.findLast((x) => x.at < at)?.owner ?? null;
    return owner;
  }
  const definite = /^(?:the|this|that)\s/.test(lower);
  if (definite && ORG_NOUNS.has(head)) return lastOrg(d, at, head) ?? np;
  if (definite && ROLE_NOUNS.has(head)) {
    const holder = lastWithRole(d, at, head);
    if (holder) return holder.name;
  }
  const plural = /[^s]s$/.test(head) && !/^(?:one|each|another)\b/.test(lower);
  if (plural || /^(?:some|many|several|two|three|their)\b/.test(lower)) return null;
  if (/^(?:a|an|one|another)\b/.test(lower)) {
    if (np.split(/\s+/).length > 7) return null;
    d.described.push({ at, text: np, head });
    return np;
  }
  // "the victim's mother", "the father": a relative or a witness is rarely the person last named (often the
  // one the story is about), so the description is the speaker, as written.
  if (KIN_NOUNS.has(head) && (definite || /['’]s\s/.test(np))) return np;
  if (definite) {
    for (let i = d.described.length - 1; i >= 0; i--) if (d.described[i]!.head === head) return d.described[i]!.text;
    const near = resolveReferent(d, at, null, 2);
    if (near) return near.name;
    return np.split(/\s+/).length <= 4 ? np : null;
  }
  return null;
}

/**
 * The person a pronoun (or a description) at `at` most likely means. Sentences are searched backwards;
 * within a sentence the first-named person (usually its subject) comes first.
 */
export function resolveReferent(d: Discourse, at: number, gender: Gender, maxBack = MAX_SENTENCES_BACK): Person | undefined {
  const here = sentenceIndexAt(d, at);
  let i = upperBound(d.mentions, at) - 1;
  let unknown: { p: Person; sentence: number } | undefined;
  let weak: Person | undefined;
  let governed: Person | undefined;
  for (let s = here; s >= 0 && here - s <= maxBack; s--) {
    const group: Mention[] = [];
    while (i >= 0 && d.mentions[i]!.sentence >= s) {
      if (d.mentions[i]!.sentence === s) group.push(d.mentions[i]!);
      i--;
    }
    group.reverse();
    for (const m of group) {
      const p = m.person;
      // "the charges against Emery": a name after a preposition is not who the next "he" is about.
      // "at Epstein's mansion": a possessive names whose thing it is, not who the sentence is about either.
      if (!governed && (OBJECT_BEFORE.test(d.text.slice(Math.max(d.sentences[s]?.start ?? 0, m.at - 40), m.at)) || possessiveAt(d.text, m.at, d.sentences[s]?.start ?? 0))) {
        if (p.evident && (gender === null || p.gender === gender)) governed = p;
        continue;
      }
      if (governed === p) continue;
      if (!p.evident) {
        // A name with no sign of being a person's is a last resort, and only close by.
        if (!weak && here - s <= 1 && (gender === null || p.gender === null)) weak = p;
        continue;
      }
      if (gender === null) return p;
      if (p.gender === gender) {
        if (unknown && unknown.sentence - s > UNKNOWN_GENDER_SLACK) return unknown.p;
        return p;
      }
      if (p.gender === null && !unknown) {
        // The one who just spoke ("Eswar Prasad, a trade professor, said …. “…,” he said.") is who "he" means,
        // even when a man named earlier is known to be one.
        if (here - s <= 1 && speaksAt(d, m.at)) return p;
        unknown = { p, sentence: s };
      }
    }
    if (unknown && unknown.sentence - s >= UNKNOWN_GENDER_SLACK + 1) return unknown.p;
  }
  return unknown?.p ?? governed ?? weak ?? (gender ? protagonist(d, at, gender) : undefined);
}

/**
 * Nobody of that gender in the last sentences: in a profile the reporter writes "she says" long after
 * naming her, because the story is about her. The person of that gender named most often so far, when
 * named at least three times and twice as often as anyone else of that gender.
 */
function protagonist(d: Discourse, at: number, gender: Gender): Person | undefined {
  const counts = new Map<Person, number>();
  for (let i = upperBound(d.mentions, at) - 1; i >= 0; i--) {
    const p = d.mentions[i]!.person;
    if (p.evident && p.gender === gender && !d.pronouns.has(d.mentions[i]!.at)) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const [top, next] = [...counts].sort((a, b) => b[1] - a[1]);
  if (!top || top[1] < 3 || (next && next[1] * 2 > top[1])) return undefined;
  return top[0];
}

const SPEAKS_AFTER = new RegExp(String.raw`^[\p{L}.'’ -]{0,40}?(?:,[^,.;:“”"]{1,120},)?\s+${ADVERB}(?:${VERBS})\b`, 'u');

/** Whether the name mentioned at `at` is the subject of a speech verb right after it (an apposition may come between). */
function speaksAt(d: Discourse, at: number): boolean {
  return SPEAKS_AFTER.test(d.text.slice(at, at + 220));
}

/** The last person named with this role before `at` ("the minister" → Finance Minister Jane Roe). */
function lastWithRole(d: Discourse, at: number, role: string): Person | undefined {
  for (let i = upperBound(d.mentions, at) - 1; i >= 0; i--) {
    if (d.mentions[i]!.person.roles.has(role)) return d.mentions[i]!.person;
  }
  return undefined;
}

/** The last person named, not governed by a preposition or a possessive, in [from, to). */
function lastPersonIn(d: Discourse, from: number, to: number): Person | undefined {
  let best: Person | undefined;
  let bestEvident: Person | undefined;
  for (let i = upperBound(d.mentions, from - 1); i < d.mentions.length && d.mentions[i]!.at < to; i++) {
    const m = d.mentions[i]!;
    if (d.pronouns.has(m.at)) continue;
    const end = m.at + (d.text.slice(m.at).match(/^[^\s,.;:]+(?:\s+[A-Z][^\s,.;:]*)*/)?.[0].length ?? 0);
    if (/^['’]s?\s/.test(d.text.slice(end, end + 3)) && end < to - 2) continue; // "Campbell’s partner"
    if (PREPOSITION_BEFORE.test(d.text.slice(Math.max(from, m.at - 40), m.at))) continue;
    best = m.person;
    if (m.person.evident) bestEvident = m.person;
  }
  return bestEvident ?? best;
}

/** The last speech act in [from, to): who was speaking there. */
export function lastActIn(d: Discourse, from: number, to: number): Act | undefined {
  let found: Act | undefined;
  for (const a of d.acts) {
    if (a.at >= to) break;
    if (a.at >= from) found = a;
  }
  return found;
}

/** The first person named in [from, to), or the pronoun standing for them: whom that text is about. */
export function subjectIn(d: Discourse, from: number, to: number): Person | undefined {
  for (let i = upperBound(d.mentions, from - 1); i < d.mentions.length && d.mentions[i]!.at < to; i++) {
    const m = d.mentions[i]!;
    if (m.person.evident && !PREPOSITION_BEFORE.test(d.text.slice(Math.max(from, m.at - 40), m.at))) return m.person;
  }
  return undefined;
}

export function insideQuote(d: Discourse, at: number): boolean {
  const spans = d.quoteSpans;
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (at < s.open) hi = mid - 1;
    else if (at > s.close) lo = mid + 1;
    else return true;
  }
  return false;
}

function lastQuoteCloseBefore(d: Discourse, at: number): number {
  let lo = 0;
  let hi = d.quoteSpans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (d.quoteSpans[mid]!.close < at) {
      found = d.quoteSpans[mid]!.close;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export { sentenceIndexAt };

function lastOrg(d: Discourse, at: number, noun: string | null): string | null {
  return lastOrgIn(d, at, noun, (x) => insideQuote(d, x));
}

/** Index of the first mention at or after `at + 1` (mentions sorted by offset). */
function upperBound(ms: Mention[], at: number): number {
  let lo = 0;
  let hi = ms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms[mid]!.at <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
