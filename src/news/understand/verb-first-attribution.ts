import { withoutRoleBeforeName } from './role-before-name.ts';

/**
 * Who said a quotation in languages that put the speech verb before the name ("…", dijo Pérez; «…», a ajouté
 * Marie Dubois; „…“, sagte Müller), read without a list of each language's verbs.
 */

/** A capitalised word of any Latin-script language ("Müller", "Šťastný", "Émile"), and a run of them with particles. */
const ANY_NAME_TOKEN = String.raw`\p{Lu}[\p{Ll}\p{Lu}'’-]*\p{Ll}[\p{Ll}'’-]*`;
const ANY_NAME_RUN = String.raw`${ANY_NAME_TOKEN}(?:[^\S\n]+(?:(?:de|del|della|di|da|do|dos|van|von|der|den|la|le|du|ten|ter)[^\S\n]+)*${ANY_NAME_TOKEN}){0,3}`;
/** Words that put a place or a time after them ("dijo en Madrid", "sagte am Montag", "řekl v Praze"), so the capitalised word is no speaker. */
const BEFORE_PLACE = /^(?:en|em|in|im|am|an|auf|à|a|au|aux|na|ve|v|w|z|ze|de|del|du|des|da|do|no|nel|sur|para|por|pour|per|con|com|mit|bei|von|vor|nach|zu|zum|zur|od|u|po|pro|ke|k)$/i;
/**
 * The attribution order of most European languages other than English: the verb first, then the name, after the
 * quotation ("…", dijo Pérez. / «…», a ajouté Marie Dubois. / „…“, sagte Müller am Montag). Up to three lower-case
 * words (the verb, an auxiliary, a role) before the name.
 */
const INVERTED_ATTRIBUTION = new RegExp(String.raw`^[\s,—–-]*((?:[\p{Ll}'’]+\s+){1,3})(${ANY_NAME_RUN})(?=\s*(?:[.;,!?)]|$)|\s+\p{Ll})`, 'u');

/**
 * “…”, přirovnává Heskey. — the speaker named after the quotation closing at `close`, in a language other than
 * English, whose speech verbs are not listed.
 */
export function speakerAfterVerb(text: string, close: number, sentenceEnd: number, lang?: string): string | null {
  const m = INVERTED_ATTRIBUTION.exec(text.slice(close + 1, sentenceEnd));
  if (!m) return null;
  const before = m[1]!.trim().split(/\s+/);
  if (BEFORE_PLACE.test(before[before.length - 1]!)) return null;
  // As written: in a language that inflects names, another mention of the same surname ("přestup Declana Rice")
  // may be in another case, and the one after the verb is the subject's own form.
  return withoutRoleBeforeName(m[2]!, text, lang);
}

/** “…”, tvrdí mladá hvězda. — the quotation's own sentence goes on to say who spoke, in words not read here. */
export function unreadAttributionAfter(text: string, close: number, sentenceEnd: number): boolean {
  const after = text.slice(close + 1, sentenceEnd);
  return /^\s*,?\s*\p{Ll}/u.test(after) && (text[close - 1] === ',' || /^\s*,/.test(after));
}
