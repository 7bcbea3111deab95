import type Keyv from 'keyv';
import type { ArticleInsight } from '../news/article.ts';

const INSIGHT_TTL_MS = 7 * 24 * 3_600_000;

/** Summaries and quotes per story: an article is read and summarised once, however many channels get it. */
export class InsightRepository {
  constructor(private readonly kv: Keyv) {}

  async get(storyId: string): Promise<ArticleInsight | undefined> {
    return (await this.kv.get<ArticleInsight>(storyId)) ?? undefined;
  }

  async set(storyId: string, insight: ArticleInsight): Promise<void> {
    // The full text is large and only needed while summarising; alerts need the summary and quotes.
    await this.kv.set(storyId, { ...insight, text: '', paragraphs: [] }, INSIGHT_TTL_MS);
  }
}
