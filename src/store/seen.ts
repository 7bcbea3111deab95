import type Keyv from 'keyv';
import type { Article } from '../news/article.ts';

/** How long an article is remembered; far longer than any feed keeps an item. */
const SEEN_TTL_MS = 120 * 24 * 3_600_000;

export interface SeenMark {
  storyId: string;
  at: string;
}

/**
 * The seen-set. An item counts as seen when its id, its canonical URL or its title within the same feed was
 * seen before, so a feed that rewrites every guid (or every date) does not re-alert old stories.
 */
export class SeenRepository {
  constructor(private readonly kv: Keyv) {}

  async find(article: Article): Promise<SeenMark | undefined> {
    for (const key of seenKeys(article)) {
      const mark = await this.kv.get<SeenMark>(key);
      if (mark) return mark;
    }
    return undefined;
  }

  async findByUrl(canonicalUrl: string): Promise<SeenMark | undefined> {
    return (await this.kv.get<SeenMark>(`url:${canonicalUrl}`)) ?? undefined;
  }

  async mark(article: Article, storyId: string, now: Date): Promise<void> {
    const mark: SeenMark = { storyId, at: now.toISOString() };
    await Promise.all(seenKeys(article).map((key) => this.kv.set(key, mark, SEEN_TTL_MS)));
  }
}

export function seenKeys(article: Article): string[] {
  const keys = [`id:${article.id}`];
  if (article.canonicalUrl) keys.push(`url:${article.canonicalUrl}`);
  const title = article.title.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  // Short titles ("Update", "Live") repeat legitimately, so only distinctive ones identify an item. In an
  // aggregator's feed one headline from two outlets is two articles (a wire story each ran): the outlet is part of it.
  const outlet = article.source.fromItem ? `${article.source.name.toLowerCase()}|` : '';
  if (title.length >= 20) keys.push(`title:${article.source.feedUrl}|${outlet}${title}`);
  return keys;
}
