import { LIMITS, safeText } from './render.ts';

/** Outlets named one by one before "+N more": a field that stays readable on a phone. */
const NAMED_OUTLETS = 5;
export const COVERAGE_LABEL = 'Also reported by';

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
 * named once, with its first.
 */
export function coverageField(reports: readonly Coverage[], ownSource: string): { name: string; value: string; inline: false } | undefined {
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
    // The name is escaped (it comes from a feed); the URL is angle-bracketed so no character of it ends the link.
    const part = url ? `[${safeText(outlet.source)}](<${url}>)` : safeText(outlet.source);
    if (length + part.length + 20 > LIMITS.fieldValue) break;
    parts.push(part);
    length += part.length + 2;
  }
  const more = outlets.length - parts.length;
  return { name: COVERAGE_LABEL, value: more > 0 ? `${parts.join(', ')} +${more} more` : parts.join(', '), inline: false };
}

/** The embed with its coverage field replaced (or added, or removed when there is none). */
export function withCoverage(embed: Record<string, unknown>, field: ReturnType<typeof coverageField>): Record<string, unknown> {
  const fields = ((embed.fields as { name: string }[] | undefined) ?? []).filter((f) => f.name !== COVERAGE_LABEL);
  if (field) fields.push(field);
  return { ...embed, fields };
}

function linkable(url: string): string | undefined {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && url.length <= 512 && !/[<>\s]/.test(url) ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}
