import type Keyv from 'keyv';
import type { StoreLocks } from './locks.ts';

/** What the bot knows of one forum's tags. */
export interface ForumTagRecord {
  /** Tag name, lower-cased → the tag's id: learned from the forum or created by the bot, so each is made once. */
  tags: Record<string, string>;
  /**
   * Why the bot could not create a tag here, and since when: it does not ask Discord again on every post (a
   * refused request per alert), only once the wait in jobs/forum-tags.ts has passed.
   */
  blocked?: { reason: 'permission' | 'full'; since: string };
}

/** Forum tags per forum channel, kept as long as the forum is used (no expiry: a tag's id does not change). */
export class ForumTagRepository {
  constructor(
    private readonly kv: Keyv,
    private readonly locks: StoreLocks,
  ) {}

  async get(forumId: string): Promise<ForumTagRecord> {
    return (await this.kv.get<ForumTagRecord>(forumId)) ?? { tags: {} };
  }

  /**
   * Runs `fn` alone for this forum across processes (two processes creating the same tag would make Discord
   * refuse the second as a duplicate name, or drop one when both send the full list), then saves what it returns.
   * The section talks to Discord, so its lock lasts longer than a plain read-modify-write's.
   */
  async withForum<T>(forumId: string, fn: (record: ForumTagRecord) => Promise<{ record: ForumTagRecord; result: T }>): Promise<T> {
    return this.locks.run(
      `forum-tags:${forumId}`,
      async () => {
        const { record, result } = await fn(await this.get(forumId));
        await this.kv.set(forumId, record);
        return result;
      },
      { ttlMs: 60_000 },
    );
  }

  async forget(forumId: string): Promise<void> {
    await this.locks.run(`forum-tags:${forumId}`, () => this.kv.delete(forumId));
  }
}
