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

/** The organisation last credited with speech before `at`, preferring one whose name ends in the noun used ("the commission"). */
export function lastOrg(d: OrgContext, at: number, noun: string | null, insideQuote: (at: number) => boolean): string | null {
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
    for (const m of d.text.slice(from, at).matchAll(re)) if (!insideQuote(from + m.index!)) fallback = m[0].replace(/^(?:The|A|An|In|On|At|But|And)\s+/, '');
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
