import { embedLength, fitEmbed, LIMITS, safeText, type Embed } from './render.ts';
import { messagesFor } from '../i18n/messages.ts';
import { linkTarget } from './render-links.ts';

/** Outlets named one by one before "+N more": a field that stays readable on a phone. */
const NAMED_OUTLETS = 5;

export interface Coverage {
  source: string;
  url: string;
}

/** Every outlet of a story, its first article's first. */
export function storyCoverage(story: { source: string; url: string; alsoReportedBy: readonly Coverage[] }): Coverage[] {
  return [{ source: story.source, url: story.url }, ...story.alsoReportedBy];
}

/**
 * "Also reported by" for an alert: the other outlets of its story as links, a few by name and then "+N more",
 * within Discord's field limit. The alert's own outlet is left out; an outlet that wrote several articles is
 * named once, with its first. `max` is the room the field's value may take (less than Discord's field limit
 * when the rest of the alert is long).
 */
export function coverageField(reports: readonly Coverage[], ownSource: string, locale: string | undefined, max: number = LIMITS.fieldValue): { name: string; value: string; inline: false } | undefined {
  const seen = new Set([ownSource.trim().toLowerCase()]);
  const outlets: Coverage[] = [];
  for (const r of reports) {
    const key = r.source.trim().toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    outlets.push(r);
  }
  if (outlets.length === 0) return undefined;
  const parts: string[] = [];
  let length = 0;
  for (const outlet of outlets.slice(0, NAMED_OUTLETS)) {
    const url = linkable(outlet.url);
    // The name is escaped (it comes from a feed); the URL is angle-bracketed and its parentheses encoded, so no
    // character of it ends the link.
    const part = url ? `[${safeText(outlet.source)}](<${linkTarget(url)}>)` : safeText(outlet.source);
    if (length + part.length + 20 > max) break;
    parts.push(part);
    length += part.length + 2;
  }
  const more = outlets.length - parts.length;
  const m = messagesFor(locale);
  const list = parts.join(m.common.listJoin);
  const tail = more > 0 ? m.common.plusMore(more) : '';
  // Japanese puts no space before 'ほか7件'; English does before '+7 more'.
  const gap = !list || !tail || /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(tail) ? '' : ' ';
  const value = `${list}${gap}${tail}`;
  return { name: m.alerts.alsoReportedBy, value, inline: false };
}

/**
 * The alert's embed with its "Also reported by" field replaced (or added, or removed when there is none), in
 * the server's locale, as the rest of the alert's fixed words. A label in any catalogue language is replaced,
 * so a server that changed its locale since the alert was posted does not get two such fields.
 */
export function withCoverage(embed: Record<string, unknown>, reports: readonly Coverage[], ownSource: string, locale: string | undefined): Record<string, unknown> {
  const labels = new Set<string>([messagesFor('en').alerts.alsoReportedBy, messagesFor('ja').alerts.alsoReportedBy]);
  const fields = ((embed.fields as Embed['fields']) ?? []).filter((f) => !labels.has(f.name));
  // Discord refuses an embed over 6000 characters in all: the outlet list takes only the room the alert leaves.
  const room = LIMITS.total - embedLength({ ...(embed as Embed), fields }) - messagesFor(locale).alerts.alsoReportedBy.length;
  const field = coverageField(reports, ownSource, locale, Math.min(LIMITS.fieldValue, room));
  if (field) fields.push(field);
  const out = { ...embed, fields };
  return embedLength(out as Embed) > LIMITS.total ? (fitEmbed(out as Embed) as Record<string, unknown>) : out;
}

function linkable(url: string): string | undefined {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && url.length <= 512 && !/[<>\s]/.test(url) ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}
