import type { Article, ArticleInsight } from '../news/article.ts';
import { localeOf, messagesFor, type Messages } from '../i18n/messages.ts';
import { linkTarget } from './render-links.ts';
import { speakerName } from '../news/understand/speaker-name.ts';

/** Discord's documented embed and message limits. */
export const LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  total: 6000,
  content: 2000,
} as const;

/** Color bar of alert embeds. */
const ALERT_COLOR = 0x2f6fdf;
const SUMMARY_COLOR = 0x3aa676;
/** A readable alert: the summary is the point, not a wall of text. */
const DESCRIPTION_BUDGET = 1200;
/** A speaker is a name, perhaps with a role: longer is extraction gone astray, and would crowd out the quote. */
const SPEAKER_BUDGET = 120;

export interface Embed {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  timestamp?: string;
  author?: { name: string; url?: string };
  footer?: { text: string };
  image?: { url: string };
  thumbnail?: { url: string };
  fields?: { name: string; value: string; inline?: boolean }[];
}

export interface MessageBody {
  content?: string;
  embeds?: Embed[];
  allowed_mentions: { parse: never[]; users?: string[]; roles?: string[] };
}

/**
 * Text from feeds and pages is untrusted: it must not ping (@everyone, <@id>, <@&role>), hide a link behind
 * other text ([bank](evil) markdown), or smuggle invisible characters. Markdown is escaped and mention
 * syntax is broken with a zero-width joiner, which Discord shows as nothing.
 */
export function safeText(input: string): string {
  return input
    // Zero-width joiner and non-joiner (U+200D, U+200C) stay: they spell Persian words and emoji families.
    .replace(/[\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, '')
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<$1\u200b$2>')
    .replace(/[\\*_~`|>[\]()]/g, '\\$&')
    .replace(/^([-#])/gm, '\\$1')
    .replace(/(\p{Extended_Pictographic}\uFE0F?){6,}/gu, (run) => [...run].slice(0, 5).join(''));
}

/**
 * Cuts at a word boundary to at most `max` characters, with an ellipsis when anything was cut. Text written
 * without spaces (Japanese, Chinese) is cut after its punctuation when there is some near the end.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let room = text.slice(0, max - 1);
  // Never half of a character stored as two UTF-16 units (emoji, rarer kanji such as 𠮷): it would show as �.
  if (/[\uD800-\uDBFF]$/.test(room)) room = room.slice(0, -1);
  const space = room.search(/\s\S*$/);
  const mark = room.search(/[。、！？，；：」』）][^。、！？，；：」』）]*$/) + 1;
  const at = Math.max(space, mark);
  let cut = at > max * 0.6 ? room.slice(0, at) : room;
  // Never end on a lone backslash (it would escape the ellipsis and show a stray character), a joiner, or a
  // comma-like mark just before the ellipsis.
  cut = cut.replace(/\\+$/, '').replace(/(?:\u200D|\uFE0F)+$/, '').replace(/[、，；：,;:]$/, '');
  return `${cut.trimEnd()}…`;
}

/** Only http(s) URLs reach Discord; anything else (javascript:, data:) is dropped. */
function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && url.length <= 2000 ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function embedLength(embed: Embed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Trims whatever is longest until the embed fits Discord's 6000-character total. */
export function fitEmbed(embed: Embed): Embed {
  const e: Embed = { ...embed, fields: embed.fields?.slice(0, LIMITS.fields) };
  while (embedLength(e) > LIMITS.total) {
    const over = embedLength(e) - LIMITS.total;
    if (e.description && e.description.length > 200) {
      e.description = clip(e.description, Math.max(200, e.description.length - over - 1));
    } else if (e.fields && e.fields.length > 0) {
      e.fields = e.fields.slice(0, -1);
    } else if (e.footer) {
      e.footer = undefined;
    } else {
      e.description = e.description ? clip(e.description, Math.max(1, e.description.length - over - 1)) : undefined;
      break;
    }
  }
  return e;
}

export interface AlertView {
  article: Pick<Article, 'title' | 'url' | 'published' | 'source' | 'image'>;
  insight?: Pick<ArticleInsight, 'summary' | 'quotes' | 'image' | 'basis' | 'byline' | 'lang'>;
  /** Topic label and the words that matched, for the footer: why this alert was sent. */
  topicLabel: string;
  terms: string[];
  alsoReportedBy?: string[];
  /** For an alert sent by DM: the server whose follow it comes from (a member may follow in several). */
  server?: string;
}

type Words = Messages['alerts'];

const KANA = /[\u3040-\u30ff]/;

/** Whether an article is Japanese: when the page says so, or when its title or summary is written in kana. */
export function isJapanese(lang: string | undefined, ...texts: string[]): boolean {
  if (lang) return /^ja\b/i.test(lang);
  return texts.some((t) => KANA.test(t));
}

/**
 * A quote is written the way its article's language writes quotes (「…」— 植田和男), whoever reads it; the
 * label around it is in the reader's language. "X said" is used only where both are English, so no reader
 * ever sees "植田和男 said".
 */
export function quoteFields(quotes: ArticleInsight['quotes'], locale: string | undefined, japaneseArticle = false): NonNullable<Embed['fields']> {
  const words = messagesFor(locale).alerts;
  const englishBoth = !japaneseArticle && localeOf(locale) === 'en';
  const [open, close] = japaneseArticle ? ['「', '」'] : ['“', '”'];
  return quotes.slice(0, 3).map((q) => {
    const named = speakerName(q.speaker);
    const speaker = named ? clip(safeText(named), SPEAKER_BUDGET) : null;
    const by = englishBoth || !speaker ? '' : japaneseArticle ? `— ${speaker}` : ` — ${speaker}`;
    // A long quote is cut inside its marks, so it still closes and its speaker is still named after it.
    const room = LIMITS.fieldValue - open.length - close.length - by.length;
    return {
      name: clip(englishBoth ? words.quoteName(speaker) : words.quoteLabel, LIMITS.fieldName),
      value: `${open}${clip(safeText(q.text), room)}${close}${by}`,
    };
  });
}

function summaryText(view: AlertView): string {
  return summaryOf(view.insight?.summary ?? []);
}

/**
 * Summary sentences as one paragraph within the description budget: whole sentences while they fit, so the
 * text ends where a sentence does; only a first sentence longer than the budget is cut. Sentences ending in
 * Japanese or Chinese punctuation are run together, as those languages write them, without an English space.
 */
function summaryOf(sentences: readonly string[]): string {
  let text = '';
  for (const sentence of sentences.map((s) => safeText(s.trim())).filter(Boolean)) {
    const joined = !text ? sentence : /[。！？」』）]$/.test(text) ? `${text}${sentence}` : `${text} ${sentence}`;
    if (joined.length > DESCRIPTION_BUDGET) return text || clip(joined, DESCRIPTION_BUDGET);
    text = joined;
  }
  return text;
}

/**
 * One alert: title linked to the article, source, summary, key quotes with speakers, why it matched. Its fixed
 * words are in `locale`, the server's preferred locale.
 */
export function renderAlert(view: AlertView, locale: string | undefined): Embed {
  const words: Words = messagesFor(locale).alerts;
  const japanese = isJapanese(view.insight?.lang, view.article.title, ...(view.insight?.summary ?? []));
  const fields = quoteFields(view.insight?.quotes ?? [], locale, japanese);
  if (view.alsoReportedBy?.length) {
    fields.push({ name: words.alsoReportedBy, value: clip(safeText(view.alsoReportedBy.join(', ')), LIMITS.fieldValue) });
  }
  const why = view.terms.length ? ` · ${words.matched(view.terms.slice(0, 8).join(messagesFor(locale).common.listJoin))}` : '';
  const basis = view.insight?.basis === 'feed' ? ` · ${words.fromFeed}` : view.insight?.basis === 'preview' ? ` · ${words.paywalled}` : '';
  const image = safeUrl(view.insight?.image ?? view.article.image);
  return fitEmbed({
    title: clip(safeText(view.article.title) || words.untitled, LIMITS.title),
    url: safeUrl(view.article.url),
    author: { name: clip(view.article.source.name, LIMITS.author) },
    description: summaryText(view) || undefined,
    color: ALERT_COLOR,
    timestamp: validDate(view.article.published),
    fields,
    footer: { text: clip(`${view.topicLabel}${why}${basis}${view.server ? ` · ${words.fromServer(view.server)}` : ''}`, LIMITS.footer) },
    thumbnail: image ? { url: image } : undefined,
  });
}

/** The /summary answer for a link anyone asked about, with its fixed words in the asking member's locale. */
export function renderSummary(insight: ArticleInsight & { url: string }, locale: string | undefined): Embed {
  const image = safeUrl(insight.image);
  const source = insight.siteName ?? hostOf(insight.url);
  const authorLine = insight.byline ? `${source} · ${insight.byline}` : source;
  const words: Words = messagesFor(locale).alerts;
  const japanese = isJapanese(insight.lang, insight.title, ...insight.summary);
  const note =
    insight.basis === 'preview'
      ? `\n\n*${words.previewNote(safeText(insight.fallbackReason ?? words.paywalledReason))}*`
      : insight.basis === 'feed'
        ? `\n\n*${words.feedNote(safeText(insight.fallbackReason ?? words.unavailable))}*`
        : '';
  return fitEmbed({
    title: clip(safeText(insight.title) || words.untitled, LIMITS.title),
    url: safeUrl(insight.url),
    author: { name: clip(authorLine, LIMITS.author) },
    description: (summaryOf(insight.summary) || words.noSummary) + note,
    color: SUMMARY_COLOR,
    timestamp: validDate(insight.published),
    fields: quoteFields(insight.quotes, locale, japanese),
    image: image ? { url: image } : undefined,
  });
}

export interface ListedArticle {
  title: string;
  url: string;
  source: string;
}

/** One message listing several articles: the overflow of a busy poll, or an hourly/daily digest. */
export function renderList(heading: string, items: ListedArticle[], footer: string | undefined, locale: string | undefined): Embed {
  const lines: string[] = [];
  let used = 0;
  for (const [i, item] of items.entries()) {
    const url = safeUrl(item.url);
    const title = clip(safeText(item.title), 150);
    const line = url ? `• [${title}](${linkTarget(url)}) — ${safeText(item.source)}` : `• ${title} — ${safeText(item.source)}`;
    if (used + line.length + 1 > 3800) {
      lines.push(messagesFor(locale).common.andMore(items.length - i));
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return fitEmbed({
    title: clip(heading, LIMITS.title),
    description: lines.join('\n'),
    color: ALERT_COLOR,
    footer: footer ? { text: clip(footer, LIMITS.footer) } : undefined,
  });
}

/** The mention line of an alert, and the allowed_mentions that lets exactly those mentions ping. */
export function mentionBody(users: string[], roles: string[]): Pick<MessageBody, 'content' | 'allowed_mentions'> {
  const u = [...new Set(users)].filter((id) => /^\d+$/.test(id)).slice(0, 100);
  const r = [...new Set(roles)].filter((id) => /^\d+$/.test(id)).slice(0, 100);
  const parts = [...r.map((id) => `<@&${id}>`), ...u.map((id) => `<@${id}>`)];
  let content = parts.join(' ');
  if (content.length > LIMITS.content) content = content.slice(0, content.lastIndexOf(' ', LIMITS.content));
  return {
    content: content || undefined,
    allowed_mentions: { parse: [], users: u, roles: r },
  };
}

function validDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
