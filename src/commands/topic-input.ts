import { findTopic } from '../topics/catalog.ts';
import { parseQuery, QueryError } from '../topics/query.ts';
import { UserError } from './command.ts';

/** A built-in topic id, or a custom query that parses; anything else is a UserError showing where it is wrong. */
export function validateTopic(raw: string): { topic: string; builtIn: boolean } {
  const text = raw.trim();
  if (!text) throw new UserError((m) => m.members.topicInput.empty);
  const builtIn = findTopic(text);
  if (builtIn) return { topic: builtIn.id, builtIn: true };
  try {
    parseQuery(text);
  } catch (err) {
    if (err instanceof QueryError) {
      const detail = err.message.replace(/`/g, "'").slice(0, 1500);
      throw new UserError((m) => m.members.topicInput.badQuery(detail));
    }
    throw err;
  }
  return { topic: text, builtIn: false };
}
