/**
 * The organisation that "it said" or "the utility said" points back at: the one last credited with speech,
 * or else one the text just named. Kept apart from the speaker rules it serves.
 */
import { sentenceIndexAt, type SentenceSpan } from './sentences.ts';

/** What the lookup reads of the discourse. */
export interface OrgContext {
  text: string;
  sentences: SentenceSpan[];
  orgs: ReadonlyArray<{ at: number; name: string }>;
}

const OBJECT_OF = /\b(?:of|to|for|from|with|against|about|by|at)\s+(?:the\s+)?$/i;

/** How far back "they've put out a statement … it says" looks for who put it out, in sentences. */
const ISSUER_SENTENCES_BACK = 3;
/** Capitalised words that begin a sentence without naming anyone. */
const NOT_A_NAME = /^(?:The|A|An|This|That|These|Those|Her|His|Their|Its|Our|My|Your|She|He|They|It|We|I|You|But|And|Or|So|Yet|Then|Now|In|On|At|For|After|Before|When|While|As|If|Still|Also|However|Meanwhile|Last|Next|Earlier|Later)$/;
const NAME_RUN = String.raw`\p{Lu}[\p{L}'’.&-]*(?:\s+\p{Lu}[\p{L}'’.&-]*){0,4}`;
const ISSUED = new RegExp(
  String.raw`(?:^|[\s(])(${NAME_RUN}|they|it|They|It)(?:\s+(?:has|have|had)|['’](?:ve|s))?\s+(?:put out|issued|released|published|posted|sent out)\s+(?:a|an|another|its|their|the|a new|a second|a further|a joint)\s+(?:[a-z]+\s+)?statement\b`,
  'gu',
);
const SENTENCE_SUBJECT = new RegExp(String.raw`^(${NAME_RUN})\s+(?:have|has|had|is|are|was|were|say|says|said|denied|denies|insisted|insists|agreed|argued|claimed|confirmed|announced|\p{Ll}+ed)\b`, 'u');

/**
 * "Now they've put out another statement … “…,” it says": the statement's issuer is who put it out, not an
 * organisation the same sentence names as its recipient ("… directly to the organisers of the AMAs"). A "they"
 * or "it" there is the name that last opened a sentence as its subject ("Big Machine have twice denied …").
 */
function statementIssuer(d: OrgContext, at: number, insideQuote: (at: number) => boolean): string | null {
  const index = sentenceIndexAt(d, at);
  const from = d.sentences[Math.max(0, index - ISSUER_SENTENCES_BACK)]?.start ?? 0;
  let issuer: { who: string; at: number } | undefined;
  for (const m of d.text.slice(from, at).matchAll(ISSUED)) {
    const who = m[1]!;
    const where = from + m.index! + m[0].indexOf(who);
    if (!insideQuote(where)) issuer = { who, at: where };
  }
  if (!issuer) return null;
  if (!/^(?:they|it)$/i.test(issuer.who)) return nameOf(issuer.who);
  const own = sentenceIndexAt(d, issuer.at);
  for (let i = own - 1; i >= Math.max(0, own - ISSUER_SENTENCES_BACK - 1); i--) {
    const sentence = d.sentences[i]!;
    if (insideQuote(sentence.start)) continue;
    const subject = SENTENCE_SUBJECT.exec(d.text.slice(sentence.start, sentence.end).trimStart())?.[1];
    const name = subject && !NOT_A_NAME.test(subject.split(/\s+/)[0]!) ? nameOf(subject) : null;
    if (name) return name;
  }
  return null;
}

/** A capitalised run as a name: from its last sentence break on, without a leading "The"; null when nothing is left. */
function nameOf(run: string): string | null {
  const tail = run.split(/[.!?]\s+|\n+/).pop()!.replace(/^The\s+/, '').trim();
  if (!tail || NOT_A_NAME.test(tail.split(/\s+/)[0]!)) return null;
  return tail;
}

/** The organisation last credited with speech before `at`, preferring one whose name ends in the noun used ("the commission"). */
export function lastOrg(d: OrgContext, at: number, noun: string | null, insideQuote: (at: number) => boolean): string | null {
  if (!noun || noun === 'statement') {
    const issuer = statementIssuer(d, at, insideQuote);
    if (issuer) return issuer;
  }
  let fallback: string | null = null;
  for (let i = d.orgs.length - 1; i >= 0; i--) {
    const o = d.orgs[i]!;
    if (o.at >= at) continue;
    if (noun && o.name.toLowerCase().endsWith(noun)) return o.name;
    fallback ??= o.name;
  }
  if (!fallback) {
    // Nobody credited yet: an acronym or a name ending like an organisation's in the last few sentences ("EDC declined…").
    const from = d.sentences[Math.max(0, sentenceIndexAt(d, at) - 3)]?.start ?? 0;
    const re = /\b(?:(?<![A-Z]{2,}['’]?S?\s)[A-Z]{2,6}[a-z]*(?![A-Z'’]|\s*:|\s+[A-Z]{2,})|(?:[A-Z][\p{L}'’.-]*\s+){1,4}(?:Inc|Corp|Ltd|Group|Bank|Police|Service|Services|University|Department|Ministry|Council|Agency|Party|Association|Institute|Foundation|Government|Commission|Committee|Board|Office|Hospital|Company|Union|Federation|Authority|Canada))\b/gu;
    for (const m of d.text.slice(from, at).matchAll(re)) {
      // "… directly to the organisers of the AMAs": a name governed by a preposition is not who speaks.
      if (insideQuote(from + m.index!) || OBJECT_OF.test(d.text.slice(Math.max(0, from + m.index! - 20), from + m.index!))) continue;
      fallback = m[0].replace(/^(?:The|A|An|In|On|At|But|And)\s+/, '');
    }
  }
  if (noun) {
    // An organisation named anywhere before whose name ends in the noun ("… Police Services Board" → "the board").
    const re = new RegExp(String.raw`(?:[A-Z][\p{L}'’.-]*\s+){1,5}${noun[0]!.toUpperCase()}${noun.slice(1)}\b`, 'gu');
    let found: string | null = null;
    for (const m of d.text.slice(0, at).matchAll(re)) if (!insideQuote(m.index!)) found = m[0].replace(/^(?:The|A|An|In|On|At|But|And)\s+/, '');
    if (found) return found;
  }
  return fallback;
}
