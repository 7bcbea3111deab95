import { detect } from 'tinyld';
import type { Article } from './article.ts';

/** Below this many letters a guess is noise (a two-word headline reads as half the languages there are). */
const MIN_LETTERS = 40;

/**
 * The language an article is written in, as a two-letter code ("en", "ja"): the one its feed declares, else a
 * guess from its headline and opening (tinyld, an n-gram detector); undefined when the text is too short to say.
 */
export function articleLanguage(article: Pick<Article, 'title' | 'text' | 'lang'>): string | undefined {
  if (article.lang) return primaryLanguage(article.lang);
  const sample = `${article.title}. ${article.text.slice(0, 600)}`;
  if ((sample.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{6}/u.test(sample)) return undefined;
  return detect(sample) || undefined;
}

/** "en-US" → "en", "JA" → "ja": what language limits compare. */
export function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0]!;
}
