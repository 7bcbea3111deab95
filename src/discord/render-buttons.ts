import { createHash } from 'node:crypto';
import { clip } from './render.ts';
import { messagesFor } from '../i18n/messages.ts';

/** Every custom_id this bot sets starts so, and names what the button does. */
export const BUTTON_PREFIX = 'nb';
export type ButtonAction = 'why' | 'unfollow' | 'summary';

/** A short, stable key for one story in one channel (custom ids are at most 100 characters; story ids are URLs). */
export function buttonKey(channelId: string, storyId: string): string {
  return createHash('sha256').update(`${channelId}|${storyId}`).digest('base64url').slice(0, 22);
}

export function buttonId(action: ButtonAction, key: string, index?: number): string {
  return [BUTTON_PREFIX, action, key, ...(index === undefined ? [] : [String(index)])].join(':');
}

export function parseButtonId(customId: string): { action: ButtonAction; key: string; index?: number } | undefined {
  const [prefix, action, key, index] = customId.split(':');
  if (prefix !== BUTTON_PREFIX || !key || (action !== 'why' && action !== 'unfollow' && action !== 'summary')) return undefined;
  return { action, key, ...(index !== undefined && /^\d+$/.test(index) ? { index: Number(index) } : {}) };
}

/** Discord's limit on a button's label. */
const LABEL_LIMIT = 80;

interface Button {
  type: 2;
  style: 1 | 2;
  label: string;
  custom_id: string;
}

/** One action row holds five buttons; a message holds five rows. */
function rows(buttons: Button[]): { type: 1; components: Button[] }[] {
  const out: { type: 1; components: Button[] }[] = [];
  for (let i = 0; i < buttons.length && out.length < 5; i += 5) out.push({ type: 1, components: buttons.slice(i, i + 5) });
  return out;
}

/**
 * An alert's buttons: why it arrived, and unfollowing each topic that brought it (a member may follow a few),
 * labelled in the server's locale as the rest of the alert.
 */
export function alertButtons(key: string, topicLabels: string[], locale: string | undefined): { type: 1; components: Button[] }[] {
  const words = messagesFor(locale).alerts;
  // The topic is shortened, never the words around it: cutting "「…」のフォローをやめる" at its end would hide
  // what the button does, and a custom query keeps its closing mark.
  const room = LABEL_LIMIT - words.unfollowButton('').length;
  return rows([
    { type: 2, style: 2, label: words.whyButton, custom_id: buttonId('why', key) },
    ...topicLabels.slice(0, 2).map((label, i): Button => ({ type: 2, style: 2, label: words.unfollowButton(fitTopic(label, room)), custom_id: buttonId('unfollow', key, i) })),
  ]);
}

/** A topic label within `room` characters; a quoted custom query is shortened inside its marks. */
function fitTopic(label: string, room: number): string {
  if (label.length <= room) return label;
  const quoted = /^([“「])([\s\S]*)([”」])$/.exec(label);
  return quoted ? `${quoted[1]}${clip(quoted[2]!, room - 2)}${quoted[3]}` : clip(label, room);
}

/** A list's buttons: the full summary of each listed story, privately, numbered as the list is. */
export function listButtons(entries: { key: string; title: string }[]): { type: 1; components: Button[] }[] {
  return rows(entries.slice(0, 25).map((e, i): Button => ({ type: 2, style: 1, label: clip(`${i + 1}. ${e.title}`, LABEL_LIMIT), custom_id: buttonId('summary', e.key) })));
}
