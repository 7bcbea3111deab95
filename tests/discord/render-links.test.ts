import { describe, expect, it } from 'vitest';
import { renderList } from '../../src/discord/render.ts';
import { coverageField } from '../../src/discord/render-coverage.ts';

/**
 * Masked links as Discord's markdown reads them (its link rule: the target ends at the first ")" that closes no
 * "(" of its own, with or without <…>). Each link: its text, its target, and what follows it on the line.
 */
function linksAsDiscordReads(markdown: string): { text: string; target: string; after: string }[] {
  const rule = /\[((?:\[[^\]]*\]|[^[\]]|\](?=[^[]*\]))*)\]\(\s*<?((?:\([^)]*\)|[^\s\\]|\\.)*?)>?\s*\)([^\n[]*)/g;
  return [...markdown.matchAll(rule)].map((m) => ({ text: m[1]!, target: m[2]!, after: m[3]! }));
}

const samePage = (target: string) => target.replace(/%28/g, '(').replace(/%29/g, ')');

describe('links in lists and "Also reported by" open the page they name', () => {
  const urls = ['https://wiki.example/Harbour_(port)', 'https://news.example/story?id=4)b', 'https://news.example/live(updates'];

  it('a digest or overflow list whose URLs hold parentheses: every headline links to its whole URL, the outlet stays outside the link', () => {
    const items = urls.map((url, i) => ({ title: `Ferry timetable changes, part ${i + 1}`, url, source: 'Quay Courier' }));
    const links = linksAsDiscordReads(renderList('Daily digest: 3 stories', items, undefined, 'en-US').description!);
    expect(links.map((l) => samePage(l.target))).toEqual(urls);
    expect(links.map((l) => l.text)).toEqual(['Ferry timetable changes, part 1', 'Ferry timetable changes, part 2', 'Ferry timetable changes, part 3']);
    expect(links.map((l) => l.after)).toEqual([' — Quay Courier', ' — Quay Courier', ' — Quay Courier']);
  });

  it('an outlet whose article URL holds a parenthesis is one link, and the next outlet is still named', () => {
    const field = coverageField(urls.map((url, i) => ({ source: `Outlet ${i}`, url })), 'Desk', 'en-US')!;
    const links = linksAsDiscordReads(field.value);
    expect(links.map((l) => l.text)).toEqual(['Outlet 0', 'Outlet 1', 'Outlet 2']);
    expect(links.map((l) => samePage(l.target))).toEqual(urls);
    expect(field.value).not.toMatch(/>\)[^,]/);
  });
});
