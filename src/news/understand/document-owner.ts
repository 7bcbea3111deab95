/**
 * Who issued a document that the text quotes ("the statement said", "the website says"): the organisation
 * or person the text just named as its source. Kept apart from the speaker rules it serves.
 */
import { NAME_RUN, stripTitles } from './names.ts';
import type { SentenceSpan } from './sentences.ts';

/** What the lookup reads of the discourse: the text, its sentences and its speech acts in text order. */
export interface DocumentContext {
  text: string;
  sentences: SentenceSpan[];
  acts: ReadonlyArray<{ at: number; speaker: string | null }>;
}

const DOCUMENT_WORDS = 'statement|release|report|letter|post|website|web site|blog|document|paper|study|filing|complaint|memo|note|message|notice|claim|suit|lawsuit|description|page';
const OWNER_AFTER = new RegExp(String.raw`\b(?:${DOCUMENT_WORDS})s?\s+(?:from|by|of|(?:issued|released|published|posted|e-?mailed|sent)\s+by|on\s+behalf\s+of)\s+(?:the\s+)?(${NAME_RUN})`, 'gu');
const OWNER_BEFORE = new RegExp(String.raw`(?:^|[^\p{L}])(?:the\s+)?(${NAME_RUN})['’]s?\s+(?:own\s+|official\s+|two-page\s+|latest\s+)?(?:${DOCUMENT_WORDS})\b`, 'gu');
const DOCUMENT_LOOKBACK_SENTENCES = 2;

/**
 * "the statement said", "the website says": who issued it, when the text just named them ("A statement
 * from the EU said", "on Canadian Pacific Railway's website", "In an emailed statement, the owners said …").
 * Nobody named close by: null, as before.
 */
export function documentOwner(d: DocumentContext, at: number, here: number, quoted: (at: number) => boolean): string | null {
  const from = d.sentences[Math.max(0, here - DOCUMENT_LOOKBACK_SENTENCES)]?.start ?? 0;
  // "says a document titled … on Canadian Pacific Railway's website.": the owner named later in the same
  // phrase, when nothing (a comma, another verb) ends the phrase first.
  const rest = d.text.slice(at, d.sentences[here]?.end ?? at);
  const phrase = /^[^,;“”"]*$/.test(rest) && !/\b(?:said|says|told|added|wrote)\b/.test(rest) ? rest : '';
  const window = d.text.slice(from, at) + phrase;
  let best: { at: number; name: string } | undefined;
  for (const re of [OWNER_AFTER, OWNER_BEFORE]) {
    re.lastIndex = 0;
    for (const m of window.matchAll(re)) {
      const name = stripTitles(m[1]!).name;
      if (!quoted(from + m.index!) && (!best || m.index! > best.at)) best = { at: m.index!, name };
    }
  }
  if (best) return best.name;
  // "In a statement, Stella's owners said …" then "“…,” the statement said": whoever spoke in that statement.
  for (let i = d.acts.length - 1; i >= 0; i--) {
    const act = d.acts[i]!;
    if (act.at >= at) continue;
    if (act.at < from) break;
    if (act.speaker && /\b(?:statement|release|letter|post|website)\b/i.test(d.text.slice(Math.max(from, act.at - 120), act.at + 60))) return act.speaker;
  }
  return null;
}
