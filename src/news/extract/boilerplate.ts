/**
 * What Readability leaves behind that is not the story, removed by general rules:
 * link density, position (the lead-in before the first real paragraph, the tail after a
 * "Related"/"Comments" marker), short lines that address the reader with a call to action,
 * captions and photo credits, lines the page repeats in its own navigation, and the
 * headline repeated as the first paragraph. English and Japanese.
 */

import { splitSentences } from '../understand/sentences.ts';
import words from './boilerplate-words.json' with { type: 'json' };

export interface BlockLike {
  text: string;
  /** Nearest block container (p, li, h2, figcaption…); unknown for plain text. */
  tag?: string;
  /** Share of the text inside links, 0..1. */
  linkDensity?: number;
  /** Inside a figure/figcaption/caption. */
  inCaption?: boolean;
  /** Inside a list whose items are mostly links. */
  inLinkList?: boolean;
  /** Class and id names of the containers, lower-cased. */
  hints?: string;
}

export interface CleanOptions {
  title?: string;
  /** Other spellings of the headline (og:title, <title>, h1) that may be repeated in the body. */
  titleVariants?: string[];
  byline?: string;
  /** Lines found in the page's navigation, header, footer and sidebars: repeated site furniture. */
  chromeLines?: Iterable<string>;
}

export type BoilerplateKind =
  | 'call-to-action'
  | 'related'
  | 'share'
  | 'comment'
  | 'navigation'
  | 'caption'
  | 'republished'
  | 'author-bio'
  | 'disclaimer'
  | 'byline'
  | 'headline'
  | 'label'
  | 'links'
  | 'link-list'
  | 'advertisement'
  | 'repeated';

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]/g;

/** Length in words; CJK text, which has no spaces, counts two characters as a word. */
export function textSize(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  const latin = text.replace(CJK, ' ').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return latin + cjk / 2;
}

function comparable(text: string): string {
  return text.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '');
}

const ENDS_LIKE_SENTENCE = /[.!?。！？…]["'”’」』)）]*$/;
const REPORTING = /\b(said|says|told|according to|added|stated|announced|reported)\b|["“”「」]/i;
/** An order someone in the story gave ("Donate blood, the hospital urged"), not one the site gives the reader. */
const REPORTED_ORDER = /,\s+(the |a |an )?[\p{L}' ]{2,40}\b(urged|urges|warned|warns|wrote|writes|pleaded|begged|asked|told)\b/iu;

// ── calls to action ────────────────────────────────────────────────────────────────────────
const CTA_STRONG =
  /\b(sign(ing)? ?up|subscribe|subscription|subscribers?|inbox|unsubscribe|follow us|like us on|join (us|them|our|the conversation)|want in\?|click here|tap here|download (our|the) app|get (our|the) app|become an? (member|subscriber|patron|supporter|insider)|support (our|independent|quality|local) (journalism|reporting|work)|donate|free trial|already an? (subscriber|member)|(log|sign) ?in to (read|continue|comment|view|access|see|get)|create an? (free )?account|register (now|today|for free|here)|newsletters?|alerts? (delivered|straight))\b/i;
/**
 * The pitch speaks for the site ("our", "we"), asks the reader a question, names the reader's inbox, or
 * is an order at the start of a clause ("Newsletter: sign up"). "Here", "today" and a plain "you" are
 * not enough: a story says "residents can sign up for the program here" or "if you ride daily, you can
 * buy a $70 annual subscription".
 */
const CTA_ADDRESS = /\b(our|us|we|we'll|we're|your (inbox|e-?mail|mailbox|letterbox|feed|phone))\b|\b(you|your)\b[^.!?]*\?/i;
const CTA_VERB =
  "(please\\s+)?(subscribe|sign up|sign in|log in|register|join|follow|download|get|click|tap|read|watch|listen|share|tweet|email|send|support|donate|become|try|start|claim|unlock|don'?t miss|never miss|want|stay|keep up|catch up|like|check out|learn more|find out|see|view|discover|explore|save|bookmark|print|copy|enter|grab|receive)\\b";
const CTA_IMPERATIVE = new RegExp(`^${CTA_VERB}`, 'i');
/** An order at the start of any clause of the line: "Cities change fast. Keep up with our newsletter." */
const CTA_CLAUSE_IMPERATIVE = new RegExp(`(^|[.!?:|—–]\\s+)${CTA_VERB}`, 'i');
const REPORTING_JA = /(と(述べ|話し|語っ|説明し|強調し|呼びかけ|明らかにし|発表し)|によると|[「」『』])/;
const CTA_JA = /(登録|購読|フォロー|ダウンロード|メルマガ|ニュースレター|会員になる|ログイン|お申し込み|申し込み|配信中|友だち追加|チャンネル登録|通知をオン)/;
const CTA_JA_ADDRESS = /(ください|しよう|しませんか|はこちら|こちらから|こちら|お願いします|受け取れます|お届けします)/;

function isCallToAction(text: string, size: number): boolean {
  if (size > 40) return false;
  if (CTA_JA.test(text) && !REPORTING_JA.test(text) && (CTA_JA_ADDRESS.test(text) ? size <= 40 : size <= 12 && !/。$/.test(text))) return true;
  if ((REPORTING.test(text) && size > 12) || REPORTED_ORDER.test(text)) return false;
  if (CTA_STRONG.test(text) && (CTA_ADDRESS.test(text) || CTA_CLAUSE_IMPERATIVE.test(text))) return true;
  // "Want the latest? Get it here." — imperative addressed to the reader, very short.
  return (
    size <= 12 &&
    CTA_IMPERATIVE.test(text) &&
    /\b(here|now|today|below|our|free|app|link|more)\b/i.test(text) &&
    (size <= 6 || /\b(you|your|our|us)\b/i.test(text)) &&
    !REPORTING.test(text)
  );
}

// ── "Read also", "Related", "More from…" ───────────────────────────────────────────────────
const RELATED_LABEL =
  /^(read (also|more|next|this|the full story|the latest)|also read|see also|related( (articles?|stories|posts?|news|coverage|content|links|reading|topics|videos?|items?))?|recommended( (for you|stories|articles|reading|videos?))?|more (from|on|about|stories|news|coverage|to read|in|headlines|like this)\b|you (may|might) (also )?(like|enjoy|be interested in|have missed)|most (popular|read|viewed|shared|commented)|trending( now| stories| news)?|editor'?s? (picks?|choice)|top stories|further reading|(latest|more) (news|headlines|stories|articles|videos)|what to read next|keep reading|continue reading|popular (now|stories|articles)|don'?t miss|must reads?|in case you missed it|icymi|sponsored( content| stories| links)?|promoted( content| stories)?|from (our|the) (partners?|network|archives?)|other (news|stories)|up next|next (article|story|up|post|page)|previous (article|story|post|page)|more( [\w-]+){1,2} (news|stories|coverage|headlines|articles|videos|reads)|related tags|tags|topics)\b/i;
const LABEL_PREFIX = /^(read|watch|listen|video|photos?|gallery|more|also|see|related|recommended|opinion|analysis|explainer|live|podcast|pictured|in pictures)\s*[:|»›>–—-]\s*\S/i;
const RELATED_JA =
  /^[【［[■▼▶►◆●＜<《]*\s*(関連記事|関連ニュース|関連リンク|関連情報|関連|あわせて読みたい|合わせて読みたい|こちらもおすすめ|こちらもオススメ|おすすめ記事|オススメ記事|おすすめ|人気記事|アクセスランキング|ランキング|続きを読む|もっと見る|次の記事|前の記事|最新記事|注目記事|新着記事|この記事を読んだ人|よく読まれている記事|特集)/;

function isRelatedLine(text: string, size: number): boolean {
  if (RELATED_JA.test(text) && text.length <= 120) return true;
  if (/^more\s*[:：]$/i.test(text)) return true;
  if (size <= 30 && LABEL_PREFIX.test(text)) return true;
  const m = RELATED_LABEL.exec(text);
  if (!m) return false;
  const rest = text.slice(m[0].length).trim();
  // The label alone, or the label then a linked headline ("Read also: …").
  return rest === '' || (/^[:|»›>–—\-…]/.test(rest) && size <= 30) || (size <= 8 && !ENDS_LIKE_SENTENCE.test(text));
}

// ── share prompts ──────────────────────────────────────────────────────────────────────────
const SHARE_LINE =
  /^(share|share this( article| story| post| page| video)?|share (on|via|to) \w+|tweet( this)?|email( this)?( article| story)?|print( this)?( article| story| page)?|copy (the )?(link|url)|link copied|follow us( on .*)?|follow \S+ on (twitter|x|facebook|instagram|linkedin|threads|bluesky)|like us on facebook|share (your|this) (thoughts|story)|save (this )?(article|story)|gift (this )?article)[.!:]?$/i;
const SOCIAL_WORDS: ReadonlySet<string> = new Set(words.shareLineWords);
const SHARE_JA = /(この記事をシェア|記事をシェア|シェアする|ツイートする|はてなブックマーク|LINEで送る|LINEで共有|Facebookでシェア|Xでポスト|ポストする|ブックマークする|フォローする|URLをコピー|リンクをコピー|印刷する)/;

const SOCIAL_NETWORK = '([Tt]witter|X|[Ff]acebook|[Ii]nstagram|[Ll]inked[Ii]n|[Tt]hreads|[Bb]luesky|[Mm]astodon|[Tt]ik[Tt]ok|[Yy]ou[Tt]ube|[Tt]elegram|[Ww]hats[Aa]pp)';
/**
 * "Follow him on Twitter @handle", "Follow Metro Daily: Twitter | Facebook", "Dana Cole is on Instagram at dcole":
 * the site or the writer asking for followers. The name before the network is capitalised: "follow the
 * money" or "follow their bus on a live map" is a story's own verb. (No "i" flag: it would let \p{Lu} match any letter.)
 */
const FOLLOW_LINE = new RegExp(
  `^(([Ff]ollow|[Ff]ind|[Cc]onnect with) (us|me|him|her|them|\\p{Lu}[\\p{L}\\p{N}.'’&-]*( \\p{Lu}[\\p{L}\\p{N}.'’&-]*){0,3})( (on|at|via))?\\s*[:|-]?\\s*${SOCIAL_NETWORK}\\b|(\\p{Lu}[\\p{L}.'’-]+ ){1,3}(is|can be found) on ${SOCIAL_NETWORK} (at|as) @?[\\w.]+[.!]?$)`,
  'u',
);

function isShareLine(text: string, size: number): boolean {
  if (size > 15) return false;
  if (SHARE_LINE.test(text) || (SHARE_JA.test(text) && text.length <= 60) || FOLLOW_LINE.test(text)) return true;
  const words = text.toLowerCase().split(/[\s|/·•,]+/).filter(Boolean);
  return words.length >= 2 && words.filter((w) => SOCIAL_WORDS.has(w.replace(/[^\p{L}-]/gu, ''))).length / words.length >= 0.8;
}

// ── comments ───────────────────────────────────────────────────────────────────────────────
/** Phrases of comment forms, wherever the line goes on; bare labels ("Comments (12)") only as the whole line. */
const COMMENT_LINE =
  /^(leave a (reply|comment)|post a comment|add (a|your) comment|write a comment|(view|show|load|see|read)( all)?( \d+)? comments|join the (conversation|discussion)|be the first to comment|your email address will not be published|required fields are marked|you must be logged in to post a comment|(log|sign) ?in to (comment|reply)|cancel reply|notify me of (new|follow-up) (comments|posts)|save my name,? email|comments are closed)\b|^(comments?|\d+ (comments?|replies)|discussion|conversation|reply|what do you think\??|have your say)( \(\d+\))?[.:!]?$/i;
const COMMENT_JA = /^(コメントを(書く|する|投稿|見る|残す)|コメント(一覧|する)?\s*[（(]?\d*[）)]?$|メールアドレスが公開されることはありません|必須項目には|コメントはまだありません)/;

/** Asking the reader for their opinion below the story: "Let us know what you think in the comments." */
const COMMENT_PROMPT =
  /^((as always|and|so|please|also|meanwhile),?\s+)?(let us know|tell us|share your (thoughts|views|experiences?)|sound off|what do you think|what are your thoughts|do you agree)\b.*\b(you think|your (thoughts|views|take|favou?rite)|comments?( section| below)?|below|forums?)\b/i;

function isCommentLine(text: string, size: number): boolean {
  return size <= 25 && (COMMENT_LINE.test(text) || COMMENT_JA.test(text) || COMMENT_PROMPT.test(text)) && !(REPORTING.test(text) && size > 8);
}

// ── navigation and page furniture ──────────────────────────────────────────────────────────
const NAV_LINE =
  /^((back|return|go|scroll|jump|skip) to (the )?(top|main content|content|navigation|article|home)( of (the )?page)?( button)?|top of page|to top|advertisement|advertising|ads?|sponsored|story continues below( advertisement| this ad)?|(article|story) continues (below|after (this )?(ad|advertisement))|continue reading (below|the main story)|scroll to continue( with content)?|loading\.*|close|menu|search|home|next|previous|prev|page \d+( of \d+)?|\d+ min(ute)?s? read|listen to (this|the) (article|story)( \d+ min(ute)?s?)?|(image|photo|video)\s+\d+\s+(of|\/)\s+\d+|enlarge( this)?( image)?|toggle caption|hide caption|expand|collapse|zoom)[.!:]?$/i;
const NAV_JA = /^(ページの?(先頭|トップ)へ(戻る)?|トップへ戻る|TOPへ(戻る)?|上に戻る|先頭に戻る|広告|スポンサーリンク|PR|次へ|前へ|メニュー|ホーム|検索|閉じる|拡大|画像を拡大)$/;

function isNavigationLine(text: string, size: number): boolean {
  return size <= 12 && (NAV_LINE.test(text) || NAV_JA.test(text));
}

// ── captions and photo credits ─────────────────────────────────────────────────────────────
const CREDIT_PREFIX =
  /^[(（[]?(photo(graph)?|image|picture|pic|illustration|graphic|video|credit|source|file photo|photo illustration|pictured|top image|main image|lead image|header image|featured image|screenshot|courtesy)s?( by| credit| courtesy( of)?| source)?\s*[:|/：]/i;
/** Photo agencies and wire services named in credits; each entry is a regular-expression alternative ("getty( images)?"). */
const AGENCY = `(${words.photoAgencies.join('|')})`;
const CREDIT_TAIL = new RegExp(`[(（[][^()（）\\[\\]]*\\b${AGENCY}\\b[^()（）\\[\\]]*[)）\\]]\\s*$|(^|\\s)[\\p{Lu}][\\p{L}.'’-]+( [\\p{Lu}][\\p{L}.'’-]+){0,3}\\s?/\\s?${AGENCY}\\b|\\b(photo|image|picture)s?:\\s*[\\p{Lu}]`, 'iu');
const CREDIT_JA = /^[（(]?\s*(写真|画像|撮影|提供|出典|資料写真|イラスト|図)\s*[：:／/]|[（(](写真|撮影|提供|画像|出典)\s*[：:＝=][^）)]*[）)]\s*$|^(写真|画像)は/;

/** The wire services' caption: "In this photo taken Monday, …", "This image provided by the museum shows …". */
const CAPTION_LEAD =
  /^(in this (undated |handout |file |aerial |still )?(photo(graph)?|image|picture|file photo|handout photo|screen ?(shot|grab)|video (still|grab)|frame grab)\b|this (undated |handout |file )?(photo(graph)?|image|picture) (taken|provided|released|made available|dated|shows)\b)/i;
/** A credit at the end of a caption: "… in the dry season. Source: Supplied", "… Picture: City Archive". */
const CREDIT_END = /\b([Ss]ource|[Pp]icture|[Pp]ic|[Pp]hoto|[Ii]mage)s?\s*:\s*\p{Lu}[\p{L}.'’&-]*( [\p{Lu}&][\p{L}.'’&-]*){0,3}\s*$/u;

/** "Photo by Ana Ruiz", "Top image courtesy of the museum": a credit line, not a caption. */
const CREDIT_BY = /^(top |main |lead |cover |header |featured )?(photo(graph)?|image|picture|illustration|graphic|video|artwork)s? (by|courtesy( of)?)\s+(\S.*)$/i;
const CREDIT_JOINERS: ReadonlySet<string> = new Set(words.creditJoiners);

/** The credit names people and agencies; "Photographs by the artist hang in the gallery" goes on as a sentence. */
function isCreditBy(text: string): boolean {
  const m = CREDIT_BY.exec(text);
  if (!m) return false;
  const words = m[m.length - 1]!.split(/[\s,;/&+]+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter(Boolean);
  const plain = words.filter((w) => /^\p{Ll}/u.test(w) && !CREDIT_JOINERS.has(w));
  return words.length > 0 && plain.length / words.length <= 0.25;
}

function isCaptionOrCredit(text: string, size: number): boolean {
  if (size <= 80 && CAPTION_LEAD.test(text)) return true;
  if (size > 40) return false;
  if (CREDIT_END.test(text) && !REPORTING.test(text)) return true;
  if (CREDIT_PREFIX.test(text) || CREDIT_JA.test(text) || (size <= 12 && isCreditBy(text))) return true;
  return CREDIT_TAIL.test(text) && !REPORTING.test(text.replace(/[(（][^)）]*[)）]\s*$/, ''));
}

// ── republication notes, bios, disclaimers ─────────────────────────────────────────────────
const REPUBLISHED =
  /^(this (article|story|post|piece|report|column|interview)( was| is| has been| first)? (originally |first )?(published|posted|appeared|produced|republished|reprinted|syndicated|excerpted|written|reported|updated|adapted)|(originally|first) (published|appeared|posted) (in|on|at|by)|a version of this (article|story|piece) (first |originally )?(appeared|ran|was published)|(this|the) (article|story) is republished|republished (with permission )?(from|under)|this story (was )?produced (by|in partnership)|this content (was )?(produced|created|paid for)|read the original article)/i;
const REPUBLISHED_JA = /^(※?この記事は.*(初出|転載|掲載されたもの|加筆|再構成)|※?本記事は.*(転載|掲載|再構成|加筆)|元記事)/;
const BIO =
  /^(\p{Lu}[\p{L}'’.-]+\s){1,4}(is|was|has been|covers|writes|reports|joined)\b.{0,160}\b(reporter|correspondent|writer|editor|journalist|columnist|contributor|author|producer|analyst|freelancer|freelance|bureau chief|fellow|intern|historian|critic|photographer|covers|writes about|reports on)\b/u;
/** "Dana Cole covers city hall.", "Dana Cole has covered transport since 2019.": the writer's beat, said of the writer. */
const BIO_BEAT = /^(\p{Lu}[\p{L}'’.-]+\s){1,4}(covers|has covered|writes about|has written (about|for)|reports on|has reported (on|for|from)|is (a|an) [\p{L} -]{1,40} (based|living) in)\b/u;
/** Those who helped with the report, named at its foot: "Sam Ortiz in Lisbon contributed to this report." */
const CONTRIBUTED = /\bcontributed (additional )?(reporting|research|to this (report|story|article))\b/i;
/** "About the author", closing the article before the bio. */
const ABOUT_AUTHOR = /^about (the )?(authors?|writers?|reporters?|contributors?)[:.]?$/i;

/** A bio set in capitals ("DANA COLE IS OUR TRANSPORT EDITOR") read as a name followed by lower case. */
function bioCase(text: string): string {
  if (/\p{Ll}/u.test(text)) return text;
  const words = text.toLowerCase().split(' ');
  const verb = words.findIndex((w) => /^(is|was|has|covers|writes|reports|joined)$/.test(w));
  return words.map((w, i) => (i < verb ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ');
}

function isAuthorNote(text: string, size: number): boolean {
  if (size > 60) return false;
  if (CONTACT.test(text) || (EMAIL.test(text) && size <= 25) || (CONTRIBUTED.test(text) && size <= 40)) return true;
  const t = bioCase(text);
  return BIO.test(t) || (BIO_BEAT.test(t) && !REPORTING.test(t));
}
// With the "i" flag \p{Lu} matches any letter, so the capital of a name is spelled out as [A-Z…].
const CONTACT = /^((contact|email|e-mail|reach|follow) (the )?(author|reporter|writer|him|her|them|us)\b|(you can )?(reach|contact|email) [A-ZÀ-ÞŁŚŻ][\p{L}'’-]+ at\b|(additional )?(reporting|writing|editing|compiled|research|fact-checking) by\b|[—–-]\s*(reporting|with) )/iu;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/;
/** "Disclaimer: …" closes an article; in the middle of one it is usually the author's own aside. */
const DISCLAIMER_PREFIX = /^(disclaimer|disclosure|legal notice|terms (of use|and conditions))\s*[:：]/i;
const DISCLAIMER =
  /^(disclaimer|disclosure|legal notice|terms (of use|and conditions))\s*[:：]|\bnot (intended (as|to be)|constitute|be (construed|considered) as|a substitute for) (financial|investment|legal|tax|medical|professional) advice\b|\bviews (and opinions )?(expressed|in this (article|post|column)) (here |herein )?are (those|solely those|the author'?s)|\bdoes not necessarily reflect the (views|opinions)|\b(may|might|could) (contain|include) (affiliate|referral|sponsored|partner)( and\/or [a-z]+| or [a-z]+)? links\b|\b(we|i) (may )?(earn|receive|get) (a )?(small )?(commission|fee)s? (from|on|if|when)\b|\bas an amazon associate\b|^this (shop|post|article|story|page|content|review|video) (has been|was|is) (compensated|sponsored|paid for|supported) by\b|^(©|copyright\b|\(c\)\s*\d{4})|all rights reserved|無断(転載|複製|転用)|著作権/i;

function isTailNote(text: string, size: number): BoilerplateKind | null {
  if (REPUBLISHED.test(text) || REPUBLISHED_JA.test(text)) return 'republished';
  // At the end a credit line may list every photographer; in the middle only a short one is safe to call a credit.
  if (size <= 40 && isCreditBy(text)) return 'caption';
  if (DISCLAIMER.test(text) && size <= 80) return 'disclaimer';
  if (isAuthorNote(text, size)) return 'author-bio';
  return null;
}

// ── the lead-in: section labels, bylines, dates ────────────────────────────────────────────
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const DATE_LINE = new RegExp(
  `^((published|updated|posted|last updated|modified|first published)( on| at)?\\s*:?\\s*)?((mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s*)?(${MONTH}\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+${MONTH},?\\s+\\d{4}|\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}|\\d+\\s+(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\\s+ago)`,
  'i',
);
const DATE_JA = /^(\d{4}[年./-]\d{1,2}[月./-]\d{1,2}日?|\d{1,2}月\d{1,2}日)(\s*[（(][^)）]*[)）])?\s*\d{0,2}[:：時]?\d{0,2}分?\s*(配信|更新|公開|掲載)?$/;
/**
 * "By Dana Cole", "Posted by dcole": after a bare "by" the name is capitalised, so "By noon, the queue
 * had gone." is a sentence. ("i" would let \p{Lu} match any letter, hence the spelled-out cases.)
 */
const BYLINE_LINE = /^([Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or)\s+\p{Lu}/u;
const BYLINE_LABEL = /^(written|words|posted|story|reported|text) by\s+\S/i;

/** `key` is comparable(text) and `bylineKey` comparable(byline), computed once by the caller. */
function isLeadInFurniture(text: string, key: string, size: number, bylineKey: string | undefined): BoilerplateKind | null {
  if (size <= 14 && (DATE_LINE.test(text) || DATE_JA.test(text))) return 'byline';
  if (size <= 14 && (BYLINE_LINE.test(text) || BYLINE_LABEL.test(text))) return 'byline';
  if (bylineKey && size <= 14 && bylineKey.length >= 4 && key.includes(bylineKey)) return 'byline';
  return null;
}

/** `t` and `titleKeys` are comparable() forms: every block is checked against every title, so each is computed once. */
function sameHeadline(t: string, titleKeys: string[]): boolean {
  if (t.length < 3) return false;
  return titleKeys.some((c) => {
    // A short headline (a Japanese one is often six characters) counts only when repeated exactly.
    if (t === c) return true;
    if (c.length < 8 || t.length < 8) return false;
    const [short, long] = t.length < c.length ? [t, c] : [c, t];
    return long.includes(short) && short.length / long.length >= 0.8;
  });
}

/** Words of container names (class, id) that say "not the story"; each entry is a regular-expression alternative. */
const BOILERPLATE_HINT = new RegExp(`(^|[\\s_-])(${words.containerHints.join('|')})([\\s_-]|$)`);

/**
 * A linked line that reads as a sentence of the story, not a bracketed or labelled teaser ("[Read: …]",
 * "Related: …"). Twelve words apart by spaces: a Japanese teaser ends with 。 as often as a sentence does.
 */
function isLinkedSentence(text: string): boolean {
  return text.split(/\s+/).length >= 12 && /[.!]["'”’)]*$/.test(text) && !/^[[(【]/.test(text) && !LABEL_PREFIX.test(text) && !/^[\p{L} ]{1,24}:\s/u.test(text);
}

/** Why a block on its own, wherever it stands, is not story text (null when it may be). */
export function boilerplateKind(block: BlockLike): BoilerplateKind | null {
  const text = block.text;
  const size = textSize(text);
  if (block.inCaption) return 'caption';
  if (block.inLinkList) return 'link-list';
  // A short line that is mostly link is a teaser or a menu entry. A list item is judged with its
  // list (inLinkList): an all-link item in a list of prose items is one of the story's points
  // ("Here's our year in review!"), not a menu entry. A full sentence of a dozen words or more is
  // prose that links its source (blogs link whole sentences); teaser headlines do not end with a full stop.
  if (block.tag !== 'li' && (block.linkDensity ?? 0) >= 0.5 && size <= 30 && !isLinkedSentence(text)) return 'links';
  if (isNavigationLine(text, size)) return 'navigation';
  if (isShareLine(text, size)) return 'share';
  if (isCommentLine(text, size)) return 'comment';
  if (isRelatedLine(text, size)) return 'related';
  if (size <= 4 && ABOUT_AUTHOR.test(text)) return 'author-bio';
  if (isCallToAction(text, size)) return 'call-to-action';
  if (isCaptionOrCredit(text, size)) return 'caption';
  if (REPUBLISHED.test(text) || REPUBLISHED_JA.test(text)) return 'republished';
  if (DISCLAIMER.test(text) && !DISCLAIMER_PREFIX.test(text) && size <= 80) return 'disclaimer';
  return null;
}

/**
 * Container names that say "not the story". Negated names ("no_caption") and slugs made from
 * headings ("sharing-with-a-single-developer") say nothing and are skipped.
 */
export function hasBoilerplateHint(hints: string | undefined): boolean {
  if (!hints) return false;
  return hintKind(hints) !== null;
}

/** What a boilerplate container name says the block is: "comments" → comment, "related" → related… */
export function hintKind(hints: string | undefined): BoilerplateKind | null {
  if (!hints) return null;
  for (const raw of hints.split(/\s+/)) {
    for (const name of hintNames(raw)) {
      const kind = nameKind(name);
      if (kind) return kind;
    }
  }
  return null;
}

/**
 * A container name as the rules read it: CSS-module names lose their hash ("signup-message___3ctJh"), and
 * a BEM name ("article-body__tablet-newsletter") is also read by its element part, which says what this
 * element is, where the whole name would be too long to trust.
 */
function hintNames(raw: string): string[] {
  const name = raw.replace(/_{2,}[a-z0-9]{4,6}$/, '');
  const at = name.lastIndexOf('__');
  return at > 0 ? [name, name.slice(at + 2)] : [name];
}

function nameKind(name: string): BoilerplateKind | null {
  if (!name || /^(no|not|without|hide|hidden|has|with)[-_]/.test(name) || (name.match(/[-_]/g)?.length ?? 0) > 3) return null;
  const m = BOILERPLATE_HINT.exec(name);
  if (!m) return null;
  const word = m[2]!;
  if (/^(comments?|respond|disqus)$/.test(word)) return 'comment';
  if (/^(related|recommend|more-stories|read-?more|also-read|tags|outbrain|taboola)/.test(word)) return 'related';
  if (/^(newsletter|subscri|signup|sign-up|promo|paywall|inline-cta|cta)/.test(word)) return 'call-to-action';
  if (/^(share|sharing|social)$/.test(word)) return 'share';
  if (/^(credit|caption)$/.test(word)) return 'caption';
  if (/bio$/.test(word)) return 'author-bio';
  if (/^(advert|ads?$|sponsor)/.test(word)) return 'advertisement';
  if (/^breadcrumbs?$/.test(word)) return 'navigation';
  return 'links';
}

/** Words of prose under a linked heading that make it a section heading rather than a teaser. */
const SECTION_PROSE = 40;

function isHeading(tag: string | undefined): boolean {
  return !!tag && /^h[1-6]$/.test(tag);
}

/** A kicker or section label: a few words, not a sentence, nor a line that leads into what follows ("or in matrix form:"), nor a formula. */
function looksLikeLabel(text: string, size: number): boolean {
  return size <= 4 && !ENDS_LIKE_SENTENCE.test(text) && !/[:：]$/.test(text) && !/[=∑∫√±×÷≤≥]/.test(text);
}

/** Whether a line reads as story text: a sentence of some length rather than a label. */
function isBodyParagraph(text: string, size: number): boolean {
  return size >= 10 && ENDS_LIKE_SENTENCE.test(text);
}

/** Marks of the tail: once one of these stands alone near the end, what follows is site furniture. */
function isTailMarker(kind: BoilerplateKind | null, size: number): boolean {
  return (size <= 8 && (kind === 'related' || kind === 'comment')) || (size <= 4 && kind === 'author-bio');
}

/** Lines after a closing pitch that belong to its offer: plan names, prices, "Cancel anytime." */
const OFFER_LINE_SIZE = 15;
const OFFER_MAX_LINES = 12;

export interface ClassifiedBlock {
  text: string;
  /** Why the block is not story text; null when it is kept. */
  kind: BoilerplateKind | null;
}

/** Every block with the verdict on it: what cleanBlocks keeps and why it drops the rest. */
export function classifyBlocks(blocks: BlockLike[], opts: CleanOptions = {}): ClassifiedBlock[] {
  const titles = [opts.title, ...(opts.titleVariants ?? [])].filter((t): t is string => !!t).map(comparable);
  const bylineKey = opts.byline ? comparable(opts.byline) : undefined;
  const chrome = new Set<string>();
  for (const line of opts.chromeLines ?? []) {
    const c = comparable(line);
    if (c) chrome.add(c);
  }
  const items = blocks
    .map((b) => ({ ...b, text: b.text.replace(/\s+/g, ' ').trim() }))
    .filter((b) => b.text.length > 0)
    .map((b) => ({ block: b, key: comparable(b.text), size: textSize(b.text), kind: null as BoilerplateKind | null, keep: true }));
  if (items.length === 0) return [];

  for (const item of items) item.kind = boilerplateKind(item.block);

  // A heading that is a link (a listicle's "“Rez Infinite” ($30)", a docs page's back-link to its
  // contents) still opens a section when real prose follows it; a teaser's headline does not.
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind !== 'links' || !isHeading(item.block.tag) || sameHeadline(item.key, titles)) continue;
    // One of a run of teaser links ("More:", two headlines, a third with its dek) stays a teaser.
    const before = items[i - 1]?.kind;
    if (before === 'links' || before === 'link-list' || before === 'related') continue;
    let prose = 0;
    for (let j = i + 1; j < items.length && !isHeading(items[j]!.block.tag); j++) {
      const next = items[j]!;
      if (next.kind || (next.block.linkDensity ?? 0) >= 0.5) break;
      prose += next.size;
    }
    if (prose >= SECTION_PROSE) item.kind = null;
  }

  // Container names such as "related" or "newsletter" are strong hints, unless they would take
  // most of the text: then the hint is on the article's own wrapper and says nothing.
  const totalSize = items.reduce((s, i) => s + i.size, 0);
  const hinted = items.filter((i) => !i.kind && hasBoilerplateHint(i.block.hints));
  if (hinted.reduce((s, i) => s + i.size, 0) <= totalSize * 0.3) for (const i of hinted) i.kind = hintKind(i.block.hints);

  // Lines that the page also shows in its menus, header or footer are site furniture.
  for (const item of items) {
    if (!item.kind && item.size <= 20 && chrome.has(item.key)) item.kind = 'repeated';
  }

  // The lead-in: everything before the first real paragraph may be a label, the headline
  // again, a byline or a date; none of it is story.
  // On a page of formulas or tables no line may ever read as a sentence, so the lead-in can run
  // long: a heading in it is a kicker only when the headline follows it; otherwise it opens a section.
  let headlineAt = -1;
  const headingLabels: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const { text } = item.block;
    if (!item.kind && sameHeadline(item.key, titles)) {
      item.kind = 'headline';
      headlineAt = i;
      continue;
    }
    if (item.kind) continue;
    if (isBodyParagraph(text, item.size)) break;
    item.kind = isLeadInFurniture(text, item.key, item.size, bylineKey);
    if (item.kind || !looksLikeLabel(text, item.size)) continue;
    if (isHeading(item.block.tag)) headingLabels.push(i);
    else item.kind = 'label';
  }
  for (const i of headingLabels) if (i < headlineAt) items[i]!.kind = 'label';

  // The tail: a "Related" or "Comments" marker in the second half starts site furniture; the
  // headlines and link lists after it go with it, and the first real sentence ends the run.
  const half = Math.floor(items.length / 2);
  for (let i = half; i < items.length; i++) {
    const marker = items[i]!;
    if (!isTailMarker(marker.kind, marker.size)) continue;
    for (let j = i + 1; j < items.length; j++) {
      const next = items[j]!;
      const headlineLike = next.size <= 25 && !ENDS_LIKE_SENTENCE.test(next.block.text);
      if (!(headlineLike || (next.block.linkDensity ?? 0) >= 0.3 || next.block.inLinkList)) break;
      next.kind ??= marker.kind;
    }
  }

  // Notes at the very end: republication lines, author bios, disclaimers, contact lines. Only
  // the last few blocks, and only in the last part of the text, count as "the end".
  const tailStart = Math.max(0, Math.floor(items.length * 0.6));
  for (let i = items.length - 1, seen = 0; i >= tailStart && seen < 3; i--) {
    const item = items[i]!;
    if (item.kind) continue;
    seen++;
    const note = isTailNote(item.block.text, item.size);
    if (note) item.kind = note;
    else if (isBodyParagraph(item.block.text, item.size)) break;
  }

  // A pitch in the second half followed only by a few short lines (plan names, prices, "We accept
  // all cards.") takes them with it: nothing after it reads as story, and a form's pieces are not prose.
  for (let i = half; i < items.length; i++) {
    if (items[i]!.kind !== 'call-to-action') continue;
    const rest = items.slice(i + 1).filter((x) => !x.kind);
    if (rest.length > 0 && rest.length <= OFFER_MAX_LINES && rest.every((x) => x.size < OFFER_LINE_SIZE && x.block.tag !== 'li')) {
      for (const x of rest) x.kind = 'call-to-action';
    }
    break;
  }

  // A line the page repeats is a label or a promo; a long paragraph repeated keeps its first copy.
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.key, (counts.get(item.key) ?? 0) + 1);
  const seenText = new Set<string>();
  for (const item of items) {
    const c = item.key;
    if (item.kind) continue;
    // Only tiny labels ("Advertisement", "Partner content"), three times or more: short repeated lines
    // in lists, tables and recipes are content, and a product a recipe site names in each of three
    // recipes already runs to three words.
    if ((counts.get(c) ?? 0) >= 3 && item.size <= 2 && !/\d/.test(item.block.text) && /^(p|div|span|section|aside)$/.test(item.block.tag ?? 'p')) item.kind = 'repeated';
    seenText.add(c);
  }

  return items.flatMap((i): ClassifiedBlock[] => (i.kind ? [{ text: i.block.text, kind: i.kind }] : withoutClosingPrompt(i.block.text)));
}

/** Cheap test before splitting a paragraph into sentences: words every closing prompt has one of. */
const PROMPT_WORDS = /(sign|subscri|newsletter|inbox|follow|comment|let us know|tell us|thoughts|download|\bapp\b|join|like us|click|tap here|twitter|facebook|instagram|donate|support|forum)/i;

function promptKind(sentence: string): BoilerplateKind | null {
  const size = textSize(sentence);
  if (isShareLine(sentence, size)) return 'share';
  if (isCommentLine(sentence, size)) return 'comment';
  // Inside a paragraph "you" is the story talking to its reader ("you can pay a $70 annual subscription"):
  // a closing pitch gives an order or speaks for the site.
  if (isCallToAction(sentence, size) && (CTA_IMPERATIVE.test(sentence) || /\b(our|us|we)\b/i.test(sentence))) return 'call-to-action';
  return null;
}

/**
 * A paragraph of the story that ends by turning to the reader ("… Leave a comment and let us know.",
 * "… Follow us on Twitter."): the prompt goes, the author's own sentences before it stay.
 */
function withoutClosingPrompt(text: string): ClassifiedBlock[] {
  if (!PROMPT_WORDS.test(text.slice(-300))) return [{ text, kind: null }];
  const sentences = splitSentences(text);
  let cut = sentences.length;
  let kind: BoilerplateKind | null = null;
  while (cut > 0) {
    const k = promptKind(sentences[cut - 1]!.trim());
    if (!k) break;
    kind = k;
    cut--;
  }
  if (!kind) return [{ text, kind: null }];
  if (cut === 0) return [{ text, kind }];
  const start = text.lastIndexOf(sentences[cut]!);
  return [
    { text: text.slice(0, start).trim(), kind: null },
    { text: text.slice(start).trim(), kind },
  ];
}

/**
 * Keeps the story's paragraphs, in order, and drops the rest. Pure: the same blocks always give
 * the same paragraphs.
 */
export function cleanBlocks(blocks: BlockLike[], opts: CleanOptions = {}): string[] {
  return classifyBlocks(blocks, opts)
    .filter((b) => !b.kind)
    .map((b) => b.text);
}

/** The same rules on plain paragraphs (a feed item's content, a saved text): no layout facts, only the words. */
export function cleanParagraphs(paragraphs: string[], opts: CleanOptions = {}): string[] {
  return cleanBlocks(paragraphs.map((text) => ({ text })), opts);
}
