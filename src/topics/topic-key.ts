import { findTopic } from './catalog.ts';

/** The key a topic is configured under: a built-in topic's id, or the query text tidied. */
export function topicKey(topic: string): string {
  return findTopic(topic)?.id ?? topic.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** How a topic is named to people: a built-in topic's name, or the query in quotes. */
export function topicLabel(topic: string): string {
  return findTopic(topic)?.name ?? `“${topic.trim()}”`;
}
