/**
 * Extractive summary: a few of the article's own sentences, in article order.
 *
 * Each sentence gets a score from its position (news puts the point first), its centrality
 * (TextRank over TF-IDF cosine similarity, character bigrams for Chinese and Japanese), its overlap with the
 * title, and penalties for what reads badly out of context: sentences that are mostly a quotation,
 * fragments, run-ons, openers that point back to something the reader has not seen ("This comes as…",
 * "He also said…"), and lines that look like page furniture. Sentences are then picked by maximal
 * marginal relevance so the summary does not say the same thing twice.
 */
import { sentenceSpans } from './sentences.ts';
import { findQuoteSpans, joinParagraphs } from './quote-spans.ts';
import { containment, isJapanese, pageRank, sentenceTerms, similarityMatrix, tfidfVectors, writtenWithoutSpaces } from './similarity.ts';

export interface SummarizeInput {
  title: string;
  paragraphs: string[];
  lang?: string;
}

export interface SummarizeOptions {
  /** Number of sentences wanted: default 3, clamped to 1..6. */
  maxSentences?: number;
  /** Upper bound on the summary's total length in characters (the first sentence is always kept). */
  maxChars?: number;
}

interface Candidate {
  text: string;
  order: number;
  paragraph: number;
  terms: string[];
  score: number;
  /** Share of the sentence inside a quotation (also one opened in an earlier sentence or paragraph). */
  quoted: number;
  /** Penalty for leaning on the previous sentence; waived when that sentence is in the summary too. */
  dangling: number;
  /** Above the byline or date line at the top: the headline package's standfirst, not the story's own text. */
  standfirst?: boolean;
}

const MMR_LAMBDA = 0.7;
/**
 * Only the first sentences compete: news puts its point early, and centrality over a 200-sentence
 * feature costs quadratic time for sentences the position prior would never let win.
 */
const MAX_RANKED_SENTENCES = 60;

/** Lines that belong to the page, not the story: calls to action, credits, share prompts, datelines. */
const FURNITURE =
  /^(?:advertisement|scroll down|read (?:more|also|next)|related|recommended|share (?:this|on)|follow us|sign up|subscribe|click here|watch|listen|photo|image|credit|copyright|©|all rights reserved|updated|published|posted|by [A-Z])\b|\b(?:newsletter|sign up for|subscribe to|click here|all rights reserved|getty images|leave a (?:reply|comment)|your email address|required fields|back to top|copy this link)\b/i;
/** Openers that lean on a sentence the reader will not see. */
const DANGLING =
  /^(?:this|that|these|those|it|he|she|they|his|her|their|its|there|such|but|and|or|so|yet|also|still|however|meanwhile|moreover|furthermore|instead|otherwise|then|thus|therefore|nevertheless|in addition|as a result|the (?:move|decision|comments?|remarks?|statement|announcement|news|incident|report|latter|former|same)|both|neither|another|other)\b/i;
const STRONG_DANGLING = /^(?:this (?:comes|came|is|was|follows|followed|means|meant)|that (?:comes|came|is|was|means)|(?:he|she|they) (?:also|added|went on|continued)|but|and|also)\b/i;
const JA_DANGLING = /^(?:しかし|だが|また|さらに|そして|一方|これ|それ|この|その|同氏|彼|彼女)/;
/**
 * Chinese openers that lean back as "He said…", "For example…", "But…" do: a pronoun as subject, a connective
 * or an example marker. A demonstrative ("这款产品…", "该公司…") leans less, as "This…" does in English.
 */
const ZH_DANGLING =
  /^(?:[他她它](?:们)?|例如|比如|譬如|比方说|同样|此外|另外|而且|并且|而|但是|但|然而|不过|可是|因此|所以|于是|因而|同时|对此|为此|其中|换句话说|换言之|也就是说|总之|随后|然后|接着|相反|这(?:是|意味着|表明|说明|也|就))/;
const ZH_WEAK_DANGLING = /^(?:这|那|该|此|其|上述)/;

/** How a text is written: Japanese, Chinese, or with spaces between words. */
type Writing = 'ja' | 'zh' | 'spaced';

export function summarize(input: SummarizeInput, opts: SummarizeOptions = {}): string[] {
  const want = Math.min(6, Math.max(1, Math.round(opts.maxSentences ?? 3)));
  const all = input.title + input.paragraphs.join('');
  const writing: Writing = isJapanese(all, input.lang) ? 'ja' : writtenWithoutSpaces(all, input.lang) ? 'zh' : 'spaced';
  const titleTerms = sentenceTerms(input.title, writing !== 'spaced');
  const collected = collectCandidates(input, writing, titleTerms);
  const candidates = newestUpdateOnly(storyProper(collected, want), input.paragraphs, want);
  if (candidates.length === 0) return [];
  // The story's first sentence was written to follow the standfirst ("This comes after…"): it leans on it like any other.
  const afterStandfirst = candidates.length < collected.length;

  const sim = similarityMatrix(tfidfVectors(candidates.map((c) => c.terms)));
  const centrality = normalise(pageRank(sim));
  const firstPara = candidates[0]!.paragraph;
  candidates.forEach((c, i) => {
    const pos = c.order;
    const lead = 1 / (1 + 0.35 * pos) + (c.paragraph === firstPara ? 0.15 : 0);
    const titleOverlap = titleTerms.length > 0 ? containment(titleTerms, c.terms) : 0;
    c.score = 1.0 * lead + 0.45 * centrality[i]! + 0.35 * titleOverlap - penalty(c.text, c.quoted, writing);
    c.dangling = i > 0 || afterStandfirst ? danglingPenalty(c.text, writing) : 0;
  });

  return pickByMmr(candidates, sim, want, opts.maxChars).map((c) => c.text);
}

function collectCandidates(input: SummarizeInput, writing: Writing, titleTerms: string[]): Candidate[] {
  const japanese = writing === 'ja';
  const spaced = writing === 'spaced';
  const out: Candidate[] = [];
  const title = normaliseText(input.title);
  const { text: joined, starts } = joinParagraphs(input.paragraphs);
  const quotations = findQuoteSpans(input.paragraphs);
  // One split of the whole text (shared with the quote finder through the splitter's cache).
  const spans = sentenceSpans(joined, japanese ? 'ja' : input.lang);
  let p = 0;
  let q = 0;
  let bylineSeen = false;
  for (const span of spans) {
    if (out.length >= MAX_RANKED_SENTENCES) break;
    while (p + 1 < starts.length && starts[p + 1]! <= span.start) p++;
    const from = span.start;
    const to = span.end;
    while (q < quotations.length && quotations[q]!.close < from) q++;
    let inside = 0;
    for (let k = q; k < quotations.length && quotations[k]!.open < to; k++) {
      inside += Math.max(0, Math.min(to, quotations[k]!.close + 1) - Math.max(from, quotations[k]!.open));
    }
    const quoted = inside / Math.max(1, to - from);
    // Datelines open a paragraph (the first, on the wire); elsewhere a capitalised word and a dash are the story's own.
    const opened = joined.slice(starts[p]!, span.start).trim() === '' ? withoutDateline(span.text) : span.text;
    const text = spaced ? withoutLeadIn(opened) : opened;
    const norm = normaliseText(text);
    if (norm.length === 0) continue;
    // A caption is one paragraph, split wherever its text has a sentence mark: none of its pieces is the story's.
    if (writing === 'zh' && ZH_CAPTION.test(input.paragraphs[p]!)) continue;
    if (title && (norm === title || (norm.length < title.length * 1.3 && norm.includes(title)))) continue;
    if (looksLikeFurniture(text, writing)) {
      if (!bylineSeen && isBylineOrDate(text)) {
        bylineSeen = true;
        markStandfirst(out);
      }
      continue;
    }
    const terms = sentenceTerms(text, !spaced);
    if (terms.length === 0) continue;
    if (titleTerms.length > 3 && containment(terms, titleTerms) > 0.9 && terms.length <= titleTerms.length + 2) continue;
    out.push({ text, order: out.length, paragraph: p, terms, score: 0, dangling: 0, quoted });
  }
  return out;
}

const UPDATE_TIME = /^(\d{1,2})(?:[:.](\d{2}))?\s*([aApP]\.?\s?[mM]\.?)?(?:\s+(?:\p{Lu}{2,4}|[Ll]ocal(?: time)?))?$/u;

/**
 * A paragraph that is only a time of day ("4:14 p.m.", "10 p.m.", "14:05", "9:30 a.m. EST"): the heading of one
 * update on a live page. Minutes past midnight, or undefined for any other paragraph.
 */
function updateTime(paragraph: string): number | undefined {
  const m = UPDATE_TIME.exec(paragraph.trim());
  if (!m || (!m[2] && !m[3])) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? 0);
  if (hours > 23 || minutes > 59 || (m[3] && (hours === 0 || hours > 12))) return undefined;
  const clock = m[3] ? (hours % 12) + (/^p/i.test(m[3]) ? 12 : 0) : hours;
  return clock * 60 + minutes;
}

/**
 * A live page ("The Latest: …", a live blog) is a stack of updates, each under its time, and the older ones say
 * again, less well, what the newest says ("a man has been stabbed to death" below "the attacker tried to steal
 * shoes"). Its summary comes from the newest update: the first when the times fall down the page, as most live
 * pages run, the last when they rise. The rest of the page is kept when the newest update is too short to sum up.
 */
function newestUpdateOnly(candidates: Candidate[], paragraphs: string[], want: number): Candidate[] {
  const heads: { at: number; minutes: number }[] = [];
  paragraphs.forEach((p, at) => {
    const minutes = updateTime(p);
    if (minutes !== undefined) heads.push({ at, minutes });
  });
  if (heads.length < 2) return candidates;
  let falling = 0;
  for (let i = 1; i < heads.length; i++) falling += heads[i]!.minutes < heads[i - 1]!.minutes ? 1 : heads[i]!.minutes > heads[i - 1]!.minutes ? -1 : 0;
  const [from, to] = falling >= 0 ? [heads[0]!.at, heads[1]!.at] : [heads.at(-1)!.at, paragraphs.length];
  const newest = candidates.filter((c) => c.paragraph > from && c.paragraph < to);
  if (newest.length < Math.min(2, want)) return candidates;
  newest.forEach((c, i) => (c.order = i));
  return newest;
}

/** A date line ("PUBLISHED: 10:48, Tue…", "| UPDATED: …") or a byline ("By Ann Lee"): either ends the headline package. */
const DATE_LINE = /^[|•·]?\s*(?:first |last )?(?:published|updated|posted|modified)\b/i;
/** A date line names a time, a year or an age; "Updated 7 days a week" is a promise, not a date. */
const WHEN = /\b\d{1,2}[:.]\d{2}\b|\b(?:19|20)\d{2}\b|\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b/i;
/** After a bare "by" a name is capitalised: "By noon, the queue had gone." is a sentence, not a byline. */
const BYLINE_LINE = /^[|•·]?\s*(?:[Bb]y|BY)\s+\p{Lu}/u;

function isBylineOrDate(text: string): boolean {
  if (text.split(/\s+/).length > 16) return false;
  return BYLINE_LINE.test(text) || (DATE_LINE.test(text) && WHEN.test(text));
}

/** A standfirst is a sentence or two in the first paragraphs; more text above the byline is the story itself. */
const STANDFIRST_MAX_SENTENCES = 2;
const STANDFIRST_MAX_PARAGRAPH = 1;

/**
 * Sentences above the first byline or date line, when they are a sentence or two at the very top: the standfirst
 * (dek) the page sets under its headline. It is the publisher's pitch for the story, often saying more than the
 * reporting does, and it is not the story's own text.
 */
function markStandfirst(out: Candidate[]): void {
  if (out.length === 0 || out.length > STANDFIRST_MAX_SENTENCES) return;
  if (out.some((c) => c.paragraph > STANDFIRST_MAX_PARAGRAPH)) return;
  for (const c of out) c.standfirst = true;
}

/**
 * The story's own sentences: the standfirst goes when the body below it has enough to summarise (at least as
 * many sentences as wanted, and three), and stays when it is most of what the page says.
 */
function storyProper(candidates: Candidate[], want: number): Candidate[] {
  const body = candidates.filter((c) => !c.standfirst);
  if (body.length === candidates.length || body.length < Math.max(3, want)) return candidates;
  body.forEach((c, i) => (c.order = i));
  return body;
}

/**
 * A wire dateline opening the story: the place in capitals ("BUFFALO, N.Y.", "WASHINGTON"), the agency in
 * brackets ("(Reuters)", "(AP)") or both, then a dash. It says where the copy was filed, not what happened.
 * The place keeps its capitals only in the dateline, so a capitalised first word of a sentence ("CHINA has
 * sent troops") is not one: the dash must follow.
 */
const DATELINE =
  /^(?:(?:\p{Lu}[\p{Lu}.'’-]+(?:\s+\p{Lu}[\p{Lu}.'’-]*){0,3})(?:,\s*\p{Lu}[\p{L}.'’]*(?:\s+\p{Lu}[\p{L}.'’]*){0,2})?(?:,?\s*\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2})?\s*(?:\(\p{Lu}[\p{L}.&' ]{0,25}\))?|\(\p{Lu}[\p{L}.&' ]{0,25}\))\s*(?:[—–]|--?)\s*(?=[\p{Lu}\d"“‘'])/u;

/**
 * Datelines in other house styles: a place in title case with its state ("Dekalb, Ill. —", "New York, NY –"),
 * which needs a real dash, and a place before a colon ("NEW DELHI: …").
 */
const TITLE_CASE_DATELINE = /^\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+){0,2},\s+(?:\p{Lu}\p{Ll}{1,4}\.|\p{Lu}\.?\p{Lu}\.?)\s*[—–]\s*(?=[\p{Lu}\d"“‘'])/u;
const COLON_DATELINE = /^\p{Lu}{2,}(?:[\s-]\p{Lu}{2,}){0,2}:\s+(?=\p{Lu})/u;
/** A place in title case with its region and country before a colon ("Springfield, IL, United States: …"): the commas make it a place. */
const PLACE = String.raw`\p{Lu}[\p{L}.'’-]*(?:\s\p{Lu}[\p{L}.'’-]*){0,2}`;
const TITLE_CASE_COLON_DATELINE = new RegExp(String.raw`^${PLACE}(?:,\s${PLACE}){1,3}:\s+(?=\p{Lu})`, 'u');

/**
 * The outlet and writer in brackets, joined by "=", as Korean and Japanese wires open a story ("[서울=뉴시스]",
 * "(부산=연합뉴스) 김 기자 =", "【北京=共同】", "[Harbor Post=Column]").
 */
const BRACKET_CREDIT = /^[[(【〔][^\])】〕=\n]{1,30}=[^\])】〕\n]{0,40}[\])】〕]\s*(?:[^\s=]{1,12}\s*(?:기자|특파원|記者|特派員)\s*=\s*)?/u;

/** The sentence without a leading dateline (the rest is still a verbatim slice of the text). */
export function withoutDateline(sentence: string): string {
  const credit = BRACKET_CREDIT.exec(sentence);
  if (credit && [...sentence.slice(credit[0].length)].length >= 10) return sentence.slice(credit[0].length);
  const other = TITLE_CASE_DATELINE.exec(sentence) ?? COLON_DATELINE.exec(sentence) ?? TITLE_CASE_COLON_DATELINE.exec(sentence);
  if (other && sentence.slice(other[0].length).split(/\s+/).length >= 4) return sentence.slice(other[0].length);
  const m = DATELINE.exec(sentence);
  // A plain hyphen after a bare capitalised word ("U.S. - China talks…") is too common to read as a dateline without an agency.
  if (!m || (!/[—–]/.test(m[0]) && !m[0].includes('('))) return sentence;
  const rest = sentence.slice(m[0].length);
  // A dateline needs a sentence after it; "U.S. - China talks" style headlines are too short to be one.
  return rest.split(/\s+/).length >= 4 ? rest : sentence;
}

/**
 * "This comes after …", "It came as …", "The move follows …": a bridge from a sentence the reader of a summary
 * does not see to the news. When what follows the bridge is itself a statement (someone said, announced,
 * warned…), the bridge goes and the statement stands on its own ("This comes after police said X" → "Police
 * said X"): the same words, none added. Anything else keeps the bridge, and its penalty for leaning back.
 */
const LEAD_IN =
  /^(?:this|that|it|the (?:move|decision|announcement|news|statement|warning|call|comments?|remarks?|ruling|vote))\s+(?:comes?|came|follows?|followed)\s+(?:just\s+)?(?:(?:a|one|two|three|four|five|several|\d+)\s+(?:days?|weeks?|hours?|months?)\s+)?(?:after|as)\s+/i;
const STATEMENT =
  /^(?:[\p{L}\p{N}’'.&-]+\s+){1,5}(?:said|says|announced|warned|told|confirmed|revealed|reported|claimed|insisted|admitted|denied|agreed|decided|voted|ruled|ordered|approved|rejected|declared|launched|raised|cut|threatened|urged|called|pledged|vowed)\b/u;

export function withoutLeadIn(sentence: string): string {
  const m = LEAD_IN.exec(sentence);
  if (!m) return sentence;
  const rest = sentence.slice(m[0].length);
  if (!STATEMENT.test(rest) || rest.split(/\s+/).length < 6) return sentence;
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

function normaliseText(s: string): string {
  return s.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, ' ').trim();
}

/** Chinese page furniture: caption and credit labels, the original headline, the editor's sign-off, video prompts. */
const ZH_FURNITURE =
  /^(?:图为|图注|[(（[【]?\s*(?:图片来源|图片|图|来源|原标题|责任编辑|编辑|编译|作者|记者|摄影|出品|本文来源)\s*[：:︱|丨]|相关阅读|精彩(?:视频)?推荐|转播到|点击(?:进入|查看|阅读)|扫码|关注我们)/;
/** A photo caption set in the article's text: "图为…" (pictured), "图注：" (caption), "（图片来源：…）" (image source). */
const ZH_CAPTION = /^\s*(?:图为|图注\s*[：:]|[(（]\s*图片来源)/;
/** A copyright line ("저작권자 © …", "ⓒ … 무단 전재-재배포 금지": all rights reserved, no reproduction). */
const KO_COPYRIGHT = /^(?:저작권자|ⓒ)|무단\s*전재|재배포\s*금지/;
/** A line of Chinese or Japanese that ends without a sentence mark: a heading, label or date line. */
const CJK_SENTENCE_END = /[。！？!?．.…」』”’）)]$/;
const CJK_DATE_OR_TIME = /\d{2,4}年\d{1,2}月|\d{1,2}月\d{1,2}日|\d{1,2}[:：]\d{2}/;

/**
 * A spec or fact box run together into one line ("Tested by: Ann Lee RRP: £40 More info: www.example.com"): it
 * opens with a short label and a colon, and has another such label or a web address. A sentence that quotes
 * someone after a colon ("He told the BBC: …") opens with more than a label.
 */
const OPENING_LABEL = /^\p{Lu}\p{L}*(?:\s\p{L}+){0,2}:\s/u;
const LATER_LABEL = /\s\p{Lu}\p{L}*(?:\s\p{L}+){0,2}:\s/gu;
const WEB_ADDRESS = /\b(?:https?:\/\/|www\.)\S+/i;

function looksLikeFactBox(text: string): boolean {
  if (!OPENING_LABEL.test(text)) return false;
  return (text.match(LATER_LABEL)?.length ?? 0) >= 1 || WEB_ADDRESS.test(text);
}

function looksLikeFurniture(text: string, writing: Writing): boolean {
  if (FURNITURE.test(text) || KO_COPYRIGHT.test(text)) return true;
  if (writing === 'spaced' && looksLikeFactBox(text)) return true;
  if (writing !== 'spaced') {
    if (writing === 'ja' ? /^(?:関連記事|写真|画像|提供|広告|続きを読む|会員登録)/.test(text) : ZH_FURNITURE.test(text)) return true;
    // Two characters make about a word: a short line with no sentence mark is the heading English catches below,
    // and a longer one that gives a date or a time is the page's date line.
    if (CJK_SENTENCE_END.test(text)) return false;
    const chars = [...text].length;
    return chars < 20 || (chars < 40 && CJK_DATE_OR_TIME.test(text));
  }
  // A line with no sentence punctuation and few words is a heading, label or caption.
  const words = text.split(/\s+/).length;
  return !/[.!?"”’)]$/.test(text) && words < 10;
}

/** Subtracted from a sentence's score: reasons it would read badly in a summary. */
function penalty(text: string, quoted: number, writing: Writing): number {
  let p = 0;
  const spaced = writing === 'spaced';
  // Characters per word: kana spell out endings that Chinese writes with one character or none.
  const length = spaced ? text.split(/\s+/).length : [...text].length / (writing === 'ja' ? 2.5 : 2);
  if (length < 8) p += 0.5;
  else if (length < 12) p += 0.15;
  if (length > 55) p += 0.25 + (length - 55) * 0.01;
  if (quoted > 0.6) p += 0.45;
  else if (quoted > 0.35) p += 0.15;
  // A question asks the reader instead of telling what happened (a last resort); a line ending in a colon introduces what follows.
  if (/[?？]["”’」』]?$/.test(text)) p += 1.5;
  if (/[:：]$/.test(text)) p += 1.0;
  if (writing !== 'ja' && unbalancedQuote(text)) p += 0.8;
  // Reporting about the reporting, and an aside in brackets, are a last resort, like a question.
  if (spaced && FILLER.test(text)) p += 1.5;
  if (/^[(（[][^]*[)）\]][.!?。]?$/.test(text)) p += 1.5;
  return p;
}

/**
 * Half of a quotation that runs on into the next sentence (“The best way I can describe it is …), or the
 * end of one begun before: it needs the sentence it was split from.
 */
function unbalancedQuote(text: string): boolean {
  const opens = text.match(/“/g)?.length ?? 0;
  const closes = text.match(/”/g)?.length ?? 0;
  // Straight marks are left alone: an odd count is as often inches or a mark the feed lost as a split quotation.
  return opens !== closes;
}

/** What a reporter says about the reporting, not about the story: no comment, no reply, who got a preview. */
const FILLER =
  /\b(?:(?:had|has|have|offered) no (?:immediate |further )?comment|(?:did|does) not (?:immediately )?(?:respond|reply) to (?:a |an |several |multiple )?(?:requests?|inquiry|inquiries|messages?|emails?|calls?)|could not (?:immediately )?be reached(?: for comment)?|declined to comment|(?:was|were) shared with (?:paying )?subscribers|(?:was|were) not immediately available for comment)\b/i;

function danglingPenalty(text: string, writing: Writing): number {
  if (writing === 'ja') return JA_DANGLING.test(text) ? 0.45 : 0;
  if (writing === 'zh') return ZH_DANGLING.test(text) ? 0.45 : ZH_WEAK_DANGLING.test(text) ? 0.15 : 0;
  if (STRONG_DANGLING.test(text)) return 0.45;
  return DANGLING.test(text) ? 0.15 : 0;
}

function normalise(xs: number[]): number[] {
  const max = Math.max(...xs, 0);
  return max > 0 ? xs.map((x) => x / max) : xs.map(() => 0);
}

function pickByMmr(cands: Candidate[], sim: number[][], want: number, maxChars?: number): Candidate[] {
  const chosen: number[] = [];
  let chars = 0;
  while (chosen.length < want) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < cands.length; i++) {
      if (chosen.includes(i)) continue;
      const redundancy = chosen.reduce((m, j) => Math.max(m, sim[i]![j]!), 0);
      if (redundancy > 0.6) continue;
      const c = cands[i]!;
      const context = chosen.includes(i - 1) ? 0 : c.dangling;
      const value = MMR_LAMBDA * (c.score - context) - (1 - MMR_LAMBDA) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break;
    const len = cands[best]!.text.length;
    if (maxChars !== undefined && chosen.length > 0 && chars + len + 1 > maxChars) break;
    chosen.push(best);
    chars += len + 1;
  }
  return chosen.sort((a, b) => a - b).map((i) => cands[i]!);
}
