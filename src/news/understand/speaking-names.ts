/**
 * People the text credits with speech who the name finder could not know as people, and names read back from
 * a part of them. Kept apart from the speaker rules that use them.
 */
import { genderOfFirstName, NAME_RUN, NOT_NAME_START, stripTitles, type Person } from './names.ts';

/** Words that may stand between a sayer and the verb: "Roe also said", "Roe has since said". */
export const ADVERB = String.raw`(?:(?:also|later|then|further|previously|once|recently|simply|again|has|had|have|earlier|quickly|flatly|bluntly|repeatedly|publicly|privately|often|would|will|is|was|reportedly|only|even|never|always|just|still|first|finally|has\s+since)\s+)*`;

const NAMED_SAYER = new RegExp(
  String.raw`(?:(?:^|[.!?]\s+|[,”"]\s+)(${NAME_RUN})(?:,\s+[^,“”"]{1,100},)?\s+${ADVERB}(?:said|says|told|added|adds|explained|recalled|wrote)\b)|(?:\b(?:said|says|added|adds|explained)\s+(${NAME_RUN})\s*[,.])`,
  'gu',
);

/**
 * Someone the text names only once or by one name but credits with speech ("Kim said", "adds Al Basha")
 * is a person too, so that a later "she said" can mean them.
 */
export function addSpeakingNames(text: string, people: Person[]): void {
  // A two-word name's first word too: "Liu said" after "Liu Xiaoming" is him (family name first), not someone new.
  const firsts = people.map((p) => p.name.split(/\s+/)).filter((w) => w.length === 2).map((w) => w[0]!);
  const uniqueFirsts = firsts.filter((f) => firsts.indexOf(f) === firsts.lastIndexOf(f));
  const known = new Set([...people.flatMap((p) => [p.name, p.name.split(/\s+/).pop()!]), ...uniqueFirsts]);
  const created = new Map<string, Person>();
  for (const m of text.matchAll(NAMED_SAYER)) {
    const run = m[1] ?? m[2]!;
    const name = stripTitles(run.replace(/^(?:The|A|An)\s+/, '')).name;
    const words = name.split(/\s+/);
    if (m[0].includes(',') && words.length === 1 && m[1] !== undefined) continue; // "Somehow, the family …, adds": not a name
    if (created.has(name) || known.has(name) || words.length > 3 || NOT_NAME_START.has(words[0]!) || /^[A-Z]{2,}/.test(name) || !/^\p{Lu}\p{Ll}/u.test(name)) continue;
    if (/^(?:They|We|He|She|I|You|Police|Officials|Others|Some|Many|Critics|Experts|Analysts|Residents)$/.test(words[0]!)) continue;
    if (/(?:Inc|Corp|Ltd|Group|Bank|Police|Service|Services|University|Department|Ministry|Council|Agency|Party|Association|Institute|Foundation|Government|Commission|Committee|Board|Office|Hospital|Company|Union|Federation|Authority|Canada|News)$/.test(name)) continue;
    const person: Person = { name, gender: genderOfFirstName(name), mentions: [], roles: new Set(), evident: true };
    people.push(person);
    created.set(name, person);
  }
  // Every mention of a name found this way counts, also those before it was credited with speech.
  for (const [name, person] of created) {
    const re = new RegExp(String.raw`(?<![\p{L}'’-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\p{L}'’-])`, 'gu');
    for (const m of text.matchAll(re)) person.mentions.push(m.index!);
  }
}

/**
 * "Liu said", after "Liu Xiaoming": names written family name first (Chinese, Korean, Vietnamese, Hungarian) are
 * referred to by their first word. Only when exactly one two-word name starts with it.
 */
export function familyNameFirst(d: { people: Person[] }, name: string): Person | undefined {
  if (/\s/.test(name)) return undefined;
  const matches = d.people.filter((p) => {
    const words = p.name.split(/\s+/);
    return words.length === 2 && words[0] === name;
  });
  return matches.length === 1 ? matches[0] : undefined;
}

