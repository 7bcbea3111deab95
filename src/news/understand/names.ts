/**
 * People named in an article, for quote attribution: where each is mentioned, their full name
 * ("Lonechild" → "Darian Lonechild"), and their gender when the text gives it away (an honorific,
 * or the pronoun that follows a mention).
 */

import firstNames from './first-names.json' with { type: 'json' };
import { sentenceSpans, type SentenceSpan } from './sentences.ts';

export type Gender = 'f' | 'm' | null;

export interface Person {
  name: string;
  gender: Gender;
  /** Offsets (in the joined text) where the person is mentioned. */
  mentions: number[];
  /** Role word that came with the name ("首相", "Minister"), used to resolve "the minister" / 首相は. */
  roles: Set<string>;
  /**
   * The text shows this is a person, not an organisation or a place that happens to be two capitalised
   * words ("Economic Development", "Diamond Resorts"): a known first name, a title, an age, an
   * apposition ("…, a nurse"), the surname used alone, or a pronoun that refers back to it.
   */
  evident?: boolean;
}

const FEMALE_NAMES = new Set(firstNames.female);
const MALE_NAMES = new Set(firstNames.male);

/** Gender from a first name when the name is one that is overwhelmingly borne by one gender. */
export function genderOfFirstName(name: string): Gender {
  const first = name.split(/[\s-]+/)[0] ?? '';
  if (FEMALE_NAMES.has(first)) return 'f';
  if (MALE_NAMES.has(first)) return 'm';
  return null;
}

/** Words that name a role, not a person: stripped from the front of "Prime Minister Sanae Takaichi". */
export const TITLE_WORDS = new Set(
  (
    'mr mrs ms miss mx dr prof professor captain organizer organiser sir dame lord lady rev reverend president vice prime minister ' +
    'premier chancellor secretary governor gov sen senator rep representative mayor councillor councilor ' +
    'chief ceo cfo coo chair chairman chairwoman chairperson director spokesman spokeswoman spokesperson ' +
    'judge justice attorney general gen lt col maj capt sgt const constable officer inspector detective ' +
    'superintendent supt commissioner coach manager king queen prince princess pope father sister ' +
    'ambassador deputy mp mpp mla leader speaker trustee dean principal pastor rabbi imam bishop cardinal ' +
    'former late acting interim then us u.s. uk u.k. federal provincial state foreign finance defence defense ' +
    'health justice interior trade economy education environment public safety labour labor agriculture ' +
    'transport immigration crown-indigenous indigenous opposition liberal conservative democratic republican ' +
    'ndp green senior junior associate assistant executive managing head'
  ).split(' '),
);

const FEMALE_HONORIFIC = /^(?:mrs|ms|miss|dame|lady|queen|princess|sister)\.?$/i;
const MALE_HONORIFIC = /^(?:mr|sir|lord|king|prince|father)\.?$/i;

/** An envoy and where they are posted, right before a name run whose first words are that place. */
const ENVOY_TO = /\b(?:ambassador|envoy|consul|consul-general|emissary|high commissioner|representative|delegate|correspondent)\s+(?:to|in|at)\s+(?:the\s+)?$/i;

/** Capitalised words that end an organisation or place, not a person. */
const NOT_PERSON_TAIL =
  /^(?:Inc|Corp|Ltd|LLC|Co|Group|Bank|Police|Service|Services|University|College|School|Department|Ministry|Council|News|Agency|Party|Association|Centre|Center|Institute|Foundation|Government|Province|City|Street|Road|Avenue|Nations|House|Court|Commission|Committee|Board|Office|Hospital|Airport|Station|Park|Club|Team|League|Network|Times|Post|Journal|Press|Company|Canada|America|Japan|China|Union|Federation|Reserve|Fund|Church|Army|Force|Forces|Navy|Day|Week|Act|Bill|Report|Program|Programme|Project|Tower|Island|Islands|Lake|River|Mountain|Valley|County|Region|District|Square|Hall|Museum|Library|Festival|Awards|Cup|Games|Championship|Series|Summit|Authority|Administration|Organization|Organisation|Bureau|Unit|Division|Trust|Alliance|Coalition|Society|Clinic|Detachment|Municipality|Township|Territory|Gallery|Theatre|Stadium|Arena|Mall|Market|Exchange|Industries|Holdings|Systems|Technologies|Partners|Capital|Media|Airlines|Railway|Motors|Energy|Hydro|Resources|Studios|Magazine|Radio|Television|Tribune|Herald|Gazette|Review|Paper|Resorts|Hotel|Development|Affairs|Relations|Policy|Security|Safety|Health|Education|Review|Catholic|Republican|Republicans|Democrat|Democrats|History|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)$/;

/** Capitalised words that open sentences or name calendar things: never the start of a person's name. */
export const NOT_NAME_START = new Set(
  (
    'The A An And But Or So Yet If In On At For From With By After Before When While As This That These Those ' +
    'There Here He She It They We I You His Her Its Their Our My Your What Who Why How Where Which Then Now ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August ' +
    'September October November December Last Next Some Many Most Several One Two Three Both Each Not No ' +
    'Also Still However Meanwhile Instead According Asked Even Only Just Since Although Though Because Despite ' +
    'During Under Over Into Through Without Within Among Between Against About Across Around Today Yesterday ' +
    'Unlike Like Until Unless Upon Once Whether Every Any All Another Such Much Following Including Given ' +
    'Speaking Reading Overall Perhaps Maybe Indeed Finally First Second Third Soon Afterward Afterwards Later ' +
    'Earlier Recently Currently Initially Other Others Dear Thanks Hello Yes Oh Watch Read Click Photo Story ' +
    'Article Continued Related Advertisement Getty Images Courtesy Submitted File Credit ' +
    // Sentence adverbs and a question's auxiliary: "Accordingly Turkey said", "Was Bartleby …?" ("Will", "Can" and
    // "Do" are left out: they open names too, as in Will Smith, Can Dündar, Do Van Thanh).
    'Accordingly Therefore Thus Hence Nevertheless Nonetheless Moreover Furthermore Besides Otherwise Consequently ' +
    'Similarly Likewise Again Anyway Suddenly Eventually Was Were Is Are Did Does Had Has Have Would Could Should ' +
    'Might Must Shall'
  ).split(' '),
);

const NAME_TOKEN = String.raw`(?:(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Rev|Hon|Insp|Const|Supt|Det|Jr|Sr|St)\.|[A-Z][\p{Ll}\p{Lu}'’\-]*[\p{Ll}\p{Lu}]|[A-Z]\.(?:[A-Z]\.)*|[A-Z]{2,})`;
const CONNECTOR = String.raw`(?:de|del|della|di|da|van|von|der|den|la|le|bin|al|dos|du|st\.)`;
/** A run of capitalised words, allowing particles ("Ursula von der Leyen") and initials ("Harry J. Kazianis"). */
export const NAME_RUN = String.raw`${NAME_TOKEN}(?:[^\S\n]+(?:${CONNECTOR}[^\S\n]+)*${NAME_TOKEN}){0,5}`;

/** Strip role words and honorifics from the front: "Prime Minister Sanae Takaichi" → "Sanae Takaichi". */
export function stripTitles(run: string): { name: string; titles: string[] } {
  const words = run.split(/\s+/);
  let cut = 0;
  for (let i = 0; i < words.length - 1; i++) {
    if (TITLE_WORDS.has(words[i]!.toLowerCase().replace(/\.$/, ''))) cut = i + 1;
  }
  return { name: words.slice(cut).join(' '), titles: words.slice(0, cut) };
}

function looksLikePerson(name: string): boolean {
  const words = name.split(/\s+/);
  if (words.length === 0 || words.length > 5) return false;
  if (NOT_NAME_START.has(words[0]!) && !isSurnameHe(words.join(' '))) return false;
  if (NOT_PERSON_TAIL.test(words[words.length - 1]!)) return false;
  if (words.some((w) => /^[A-Z]{2,}$/.test(w))) return false; // organisations: CBC News, UFCW Local 832
  if (words.some((w) => /['’]s$/.test(w))) return false; // possessives: Toronto's Out of the Cold
  return true;
}

/**
 * "He Jianxiong": He is a common Chinese surname, and the pronoun is never followed by a capitalised name
 * of two words in a row ("He Jianxiong said" vs "He said"). Only the two-word form is read as a name.
 */
export function isSurnameHe(run: string): boolean {
  return /^He[^\S\n]+\p{Lu}\p{Ll}+$/u.test(run) && !NOT_NAME_START.has(run.split(/\s+/)[1]!);
}

/**
 * People mentioned in the text: runs of two or more capitalised words that look like a name, plus single
 * words after an honorific ("Mr Wang") or that repeat the surname of someone already named. Words that
 * merely open the sentence ("For Fouzia Al Hashish") are not part of the name.
 */
export function findPeople(text: string, sentences: SentenceSpan[] = sentenceSpans(text)): Person[] {
  const people: Person[] = [];
  const byName = new Map<string, Person>();
  const bySurname = new Map<string, Person>();
  const re = new RegExp(NAME_RUN, 'gu');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    // "Jeanine Durning’s This Shape, We Are In": the name ends at its possessive.
    let run = m[0].replace(/^(.*?[\p{L}])['’]s(?:[^\S\n].*)?$/u, '$1');
    let offset = m.index;
    // Sentence openers glued to the front: "For Fouzia Al Hashish", "Unlike Al Mnajer".
    let opener: RegExpExecArray | null;
    while ((opener = /^(\S+)[^\S\n]+/.exec(run)) && NOT_NAME_START.has(opener[1]!) && !isSurnameHe(run)) {
      run = run.slice(opener[0].length);
      offset += opener[0].length;
    }
    // "China's ambassador to Britain Liu Xiaoming": the place the envoy is sent to is glued to the front of the name.
    const place = ENVOY_TO.test(text.slice(Math.max(0, offset - 40), offset)) ? /^(?:\S+[^\S\n]+)+(?=\S+[^\S\n]+\S+$)/.exec(run) : null;
    if (place) {
      run = run.slice(place[0].length);
      offset += place[0].length;
    }
    const { name, titles } = stripTitles(run);
    const words = name.split(/\s+/);
    const honorific = titles.find((t) => FEMALE_HONORIFIC.test(t) || MALE_HONORIFIC.test(t));
    const surname = words[words.length - 1]!;
    const at = offset + run.length - name.length;
    let person = byName.get(name) ?? (words.length === 1 ? bySurname.get(name) : undefined);
    if (!person) {
      // "Ms. May": after an honorific even a word that usually opens a sentence or names a month is a name.
      const plausible =
        (looksLikePerson(name) && (words.length >= 2 || honorific !== undefined || titles.length > 0)) ||
        (looksLikePerson(name) && words.length === 1 && /^\p{Lu}\p{Ll}+$/u.test(name) && PERSON_APPOSITION.test(text.slice(at + name.length, at + name.length + 60))) ||
        (honorific !== undefined && words.length === 1 && /^\p{Lu}\p{Ll}+$/u.test(name)) ||
        surnameLikePlace(name, text.slice(Math.max(0, at - 60), at), text.slice(at + name.length, at + name.length + 40));
      if (!plausible) continue;
      person = { name, gender: null, mentions: [], roles: new Set(), evident: false };
      people.push(person);
      byName.set(name, person);
    }
    if (words.length >= 2 && !bySurname.has(surname)) bySurname.set(surname, person);
    person.mentions.push(at);
    for (const t of titles) person.roles.add(t.toLowerCase());
    if (honorific && !person.gender) person.gender = FEMALE_HONORIFIC.test(honorific) ? 'f' : 'm';
    const next = text.slice(at + name.length, at + name.length + 40);
    // "Lee Finell, Alberta-based health education manager with …, said": a full name that speaks after its apposition.
    if (words.length >= 2 && SPEAKS_AFTER_APPOSITION.test(text.slice(at + name.length, at + name.length + 160))) person.evident = true;
    // "Klisch said": a surname alone credited with speech, once the full name is known, is a person's.
    const speaksBySurname = words.length === 1 && person.name !== name && SPEAKS_AFTER_NAME.test(next);
    if (titles.length > 0 || APPOSITION_AFTER.test(next) || (words.length >= 2 && ACTS_AFTER.test(next)) || speaksBySurname) person.evident = true;
  }
  for (const p of people) {
    const g = genderOfFirstName(p.name);
    if (g) {
      p.gender ??= g;
      p.evident = true;
    }
  }
  inferGenders(text, people, sentences);
  for (const p of people) if (readsAsPlace(text, p)) Object.assign(p, { gender: null, evident: false });
  return people;
}

/** Family names that are also the last word of places and bodies ("Hall", "Park", "Church"). */
const SURNAME_TAIL = /^(?:Park|Hall|Church|Day|Post|Street|House|Court)$/;
const SAID_BEFORE = /\b(?:said|says|told|added|according to)\s+(?:[\p{Ll}-]+\s+){0,3}$/u;

/**
 * "Lena Park said", "said manager Lena Park": a known first name and a family name that can also end a place is a
 * person when the run is credited with speech; "Victoria Park" with no one speaking stays a place.
 */
function surnameLikePlace(name: string, before: string, after: string): boolean {
  const words = name.split(/\s+/);
  if (words.length !== 2 || !SURNAME_TAIL.test(words[1]!) || !genderOfFirstName(words[0]!)) return false;
  return SPEAKS_AFTER_NAME.test(after) || SAID_BEFORE.test(before);
}

/** Prepositions that put a place, never a person, after them: "in Nova Scotia", "across Alberta". */
const PLACE_BEFORE = /\b(?:in|In|from|From|across|Across|throughout|Throughout|near|within|around)\s+(?:the\s+)?$/;
/** A place noun right after the name: "Nova Scotia province", "the Kansas City area". */
const PLACE_AFTER = /^\s+(?:province|state|city|county|region|area|township|village|border|coast|capital|legislature)\b/;

/**
 * A capitalised run whose gender no first name or honorific gives away, named at least twice where only a
 * place can stand ("in Nova Scotia", "from Nova Scotia", "Nova Scotia province"), is a place: a later "she"
 * is not about it, even when a sentence naming it also says "she".
 */
function readsAsPlace(text: string, p: Person): boolean {
  if (genderOfFirstName(p.name) || p.roles.size > 0) return false;
  let place = 0;
  for (const at of p.mentions) {
    const after = text.slice(at + p.name.length, at + p.name.length + 20);
    if (/^['’]s?\s/.test(after)) continue;
    if (PLACE_BEFORE.test(text.slice(Math.max(0, at - 20), at)) || PLACE_AFTER.test(after)) place++;
  }
  return place >= 2 && place * 3 >= p.mentions.length;
}

/** ", a nurse", ", 34,", ", who …", ", the mayor's …": what follows a person's name, rarely an organisation's. */
const APPOSITION_AFTER = /^['’]?s?,\s+(?:a|an|the|who|whose|\d{1,3}(?:,|\s+years?\b)|his|her|its?\s+(?:former|new))\b/;

/** "Quill Marten has kept…": a full name acting as the subject of a verb in the past or perfect. */
const ACTS_AFTER = /^\s+(?:has|had|was|is|says|said|told|added|wrote|\p{Ll}{3,}ed)\b/u;

const SPEAKS_AFTER_APPOSITION = /^,\s+[^,.;“”"]{1,120},\s+(?:says|said|told|added|adds|explained|wrote)\b/;
/** "Yuni, a resident of Lampung": a single name that the text describes as a person. */
const PERSON_APPOSITION = /^,\s+(?:a|an|the)\s+(?:[\p{Ll}\d-]+\s+){0,2}(?:resident|mother|father|woman|man|girl|boy|student|teacher|nurse|doctor|worker|farmer|survivor|witness|volunteer|retiree|owner|fisherman|driver|neighbou?r|friend|wife|husband|son|daughter|widow|villager|vendor|shopkeeper|refugee|mother-of-\w+|father-of-\w+)\b/u;

const SPEAKS_AFTER_NAME = /^\s+(?:says|said|told|added|adds|explained|wrote|recalled)\b/;

/**
 * Gender from how the text refers back to a person: a sentence opening with "She"/"He" usually means the
 * subject (first person named) of the sentence before; "her"/"his" inside a sentence that names one
 * person means that person. Votes are counted over the whole text; the majority wins. A vote is also
 * evidence that the name is a person's.
 */
function inferGenders(text: string, people: Person[], sentences: SentenceSpan[]): void {
  const mentions = people.flatMap((p) => p.mentions.map((at) => ({ at, p }))).sort((a, b) => a.at - b.at);
  const votes = new Map<Person, { f: number; m: number }>();
  const vote = (p: Person, g: 'f' | 'm') => {
    const v = votes.get(p) ?? { f: 0, m: 0 };
    v[g]++;
    votes.set(p, v);
  };
  let k = 0;
  let prevFirst: { at: number; p: Person } | undefined;
  for (const s of sentences) {
    while (k < mentions.length && mentions[k]!.at < s.start) k++;
    let j = k;
    const inside: Array<{ at: number; p: Person }> = [];
    while (j < mentions.length && mentions[j]!.at < s.end) inside.push(mentions[j++]!);
    const opener = /^["“]?(She|He)\b/.exec(s.text)?.[1];
    if (opener && prevFirst) vote(prevFirst.p, opener === 'She' ? 'f' : 'm');
    const distinct = new Set(inside.map((x) => x.p));
    if (distinct.size === 1) {
      const only = inside[0]!;
      const after = text.slice(only.at, s.end).replace(/["“][^"”]*["”]/g, ' ');
      const pron = /\b(she|her|herself|he|his|him|himself)\b/i.exec(after)?.[1]?.toLowerCase();
      if (pron) vote(only.p, /^(?:she|her|herself)$/.test(pron) ? 'f' : 'm');
    }
    prevFirst = inside[0];
  }
  for (const [p, v] of votes) {
    p.evident = true;
    if (p.gender) continue;
    if (v.f > v.m) p.gender = 'f';
    else if (v.m > v.f) p.gender = 'm';
  }
}
