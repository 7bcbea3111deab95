/**
 * A role written before a name as part of the same capitalised run ("sagte Hafenmeisterin Jana Kowalczyk"):
 * German capitalises every noun, so the job title looks like a first name. English has lower-case roles and a
 * list of titles (names.ts TITLE_WORDS); German compounds its roles freely, so they are told by their shape.
 */
import { genderOfFirstName } from './names.ts';

/** Role nouns too short or too plain for the endings below. */
const ROLE_NOUN = /^(?:Chef|Arzt|Ärztin|Richter|Pfarrer|Bischof|Landrat|Kanzler|Minister|Präsident|Sprecher|Direktor|Professor|Trainer|Senator|Abgeordneter?|Vorsitzender?)(?:in)?$/u;
/** Compounds ending in a role ("Reedereichef", "Bundesministerin", "Pressesprecher", "Schulleiterin"). */
const ROLE_COMPOUND = /(?:chef|leiter|sprecher|meister|direktor|präsident|minister|trainer|beauftragter?|vorsitzender?)(?:in)?$/u;
/** Endings of agent nouns (-in, -er, -ent, -or, -ist, -eur, -ant, -at): long words only, so given names ("Karin", "Peter") stay. */
const AGENT_ENDING = /(?:in|er|ent|or|ist|eur|ant|at)$/u;
const AGENT_MIN_LENGTH = 8;

/** Languages that capitalise nouns, where a role can stand capitalised before a name. */
const NOUNS_CAPITALISED = /^(?:de|lb)\b/i;

function looksLikeRole(word: string): boolean {
  return ROLE_NOUN.test(word) || ROLE_COMPOUND.test(word) || ([...word].length >= AGENT_MIN_LENGTH && AGENT_ENDING.test(word));
}

/** The rest of the run is named elsewhere in the text without the first word: that word was not part of the name. */
function namedWithoutIt(text: string, first: string, rest: string): boolean {
  const escaped = rest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[^\\p{L}])${escaped}(?![\\p{L}])`, 'gu');
  for (const m of text.matchAll(re)) {
    const before = text.slice(0, m.index + m[1]!.length).trimEnd();
    if (!before.endsWith(first)) return true;
  }
  return false;
}

/**
 * "Hafenmeisterin Jana Kowalczyk" → "Jana Kowalczyk": a first word that is no known given name is dropped from a
 * three-word run when it has the shape of a role (in a language that capitalises nouns) or when the text names
 * the person elsewhere without it.
 */
export function withoutRoleBeforeName(run: string, text: string, lang?: string): string {
  const words = run.split(/\s+/);
  if (words.length !== 3) return run;
  const [first, ...restWords] = words as [string, ...string[]];
  if (genderOfFirstName(first)) return run;
  const rest = restWords.join(' ');
  const roleShaped = !!lang && NOUNS_CAPITALISED.test(lang) && looksLikeRole(first);
  return roleShaped || namedWithoutIt(text, first, rest) ? rest : run;
}
