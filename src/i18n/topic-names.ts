import { findTopic } from '../topics/catalog.ts';
import { messagesFor } from './messages.ts';

/** A topic's name in a reader's language: "日本" for japan in Japanese; a custom query as written, quoted. */
export function topicName(topic: string, locale: string | null | undefined): string {
  const builtIn = findTopic(topic);
  const words = messagesFor(locale).topics;
  if (!builtIn) return words.customQuery(topic.trim());
  return words.names[builtIn.id]?.name ?? builtIn.name;
}

/** What a built-in topic covers, in a reader's language. */
export function topicDescription(topicId: string, locale: string | null | undefined): string {
  const builtIn = findTopic(topicId);
  if (!builtIn) return '';
  return messagesFor(locale).topics.names[builtIn.id]?.description ?? builtIn.description;
}
