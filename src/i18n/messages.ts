import * as admin from './catalog/admin.ts';
import * as alerts from './catalog/alerts.ts';
import * as common from './catalog/common.ts';
import * as failures from './catalog/failures.ts';
import * as feeds from './catalog/feeds.ts';
import * as forum from './catalog/forum.ts';
import * as members from './catalog/members.ts';
import * as topics from './catalog/topics.ts';
import * as why from './catalog/why.ts';

/**
 * One catalogue for every fixed word the bot writes. Each area of the bot has its own file in catalog/, with
 * an English table and a Japanese one of the same shape (the type checker refuses a Japanese table that lacks
 * an entry). Replies to a member use the member's Discord locale; what the bot posts in a server (alerts,
 * digests, notices to admins) uses the server's preferred locale.
 */
const en = {
  admin: admin.en,
  common: common.en,
  alerts: alerts.en,
  failures: failures.en,
  feeds: feeds.en,
  forum: forum.en,
  members: members.en,
  topics: topics.en,
  why: why.en,
};

export type Messages = typeof en;

const ja: Messages = {
  admin: admin.ja,
  common: common.ja,
  alerts: alerts.ja,
  failures: failures.ja,
  feeds: feeds.ja,
  forum: forum.ja,
  members: members.ja,
  topics: topics.ja,
  why: why.ja,
};

export type Locale = 'en' | 'ja';

const TABLES: Record<Locale, Messages> = { en, ja };

/** The catalogue language for a Discord locale ("ja", "en-US", "pt-BR"…): English unless we have its language. */
export function localeOf(discordLocale: string | null | undefined): Locale {
  return discordLocale && /^ja\b/i.test(discordLocale) ? 'ja' : 'en';
}

export function messagesFor(discordLocale: string | null | undefined): Messages {
  return TABLES[localeOf(discordLocale)];
}
