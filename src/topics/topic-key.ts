import { findTopic } from './catalog.ts';

/** The key a topic is configured under: a built-in topic's id, or the query text tidied. */
export function topicKey(topic: string): string {
  return findTopic(topic)?.id ?? topic.trim().toLowerCase().replace(/\s+/g, ' ');
}
