import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/news/understand/summarize.ts';

/** Fixture format: the title, a blank line, then paragraphs separated by blank lines. */
function loadStory(name: string): { title: string; paragraphs: string[] } {
  const raw = readFileSync(new URL(`../../fixtures/texts/${name}`, import.meta.url), 'utf8');
  const [title, ...paragraphs] = raw.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return { title: title!, paragraphs };
}

const BOILERPLATE = /newsletter|sign up|related articles|leave a reply|subscribe/i;

describe('summarize', () => {
  const story = loadStory('phone-call-en.txt');

  it('leads with the story’s opening sentence and keeps article order', () => {
    const summary = summarize(story);
    expect(summary).toHaveLength(3);
    expect(summary[0]).toBe(
      'Calvera’s new Prime Minister Liesel Marwood spoke by phone with Nigerian President Tunde Okafor on Sunday, four days after she was sworn in.',
    );
    const text = story.paragraphs.join('\n\n');
    const positions = summary.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('never repeats the headline and never picks page furniture', () => {
    const withHeadline = { ...story, paragraphs: [story.title, ...story.paragraphs] };
    for (const n of [1, 3, 6]) {
      const summary = summarize(withHeadline, { maxSentences: n });
      expect(summary).not.toContain(story.title);
      for (const s of summary) expect(s).not.toMatch(BOILERPLATE);
    }
  });

  it('skips a sentence that is all quotation and one that leans on context it lacks', () => {
    const summary = summarize(story, { maxSentences: 6 });
    expect(summary.some((s) => s.startsWith('I have just spoken'))).toBe(false);
    expect(summary).not.toContain('Marwood later gave more detail about the exchange.');
  });

  it('honours the sentence count (clamped to 1..6) and a character budget', () => {
    expect(summarize(story, { maxSentences: 1 })).toHaveLength(1);
    expect(summarize(story, { maxSentences: 0 })).toHaveLength(1);
    expect(summarize(story, { maxSentences: 99 })).toHaveLength(6);
    const short = summarize(story, { maxSentences: 4, maxChars: 260 });
    expect(short.join(' ').length).toBeLessThanOrEqual(260);
    expect(short.length).toBeGreaterThanOrEqual(1);
  });

  it('does not choose sentences from inside a quotation that runs over several paragraphs', () => {
    const harbour = loadStory('multi-paragraph-quote-en.txt');
    const summary = summarize(harbour);
    expect(summary[0]).toBe(
      'Ships waiting to enter the port of Eastmere faced delays of up to three days this week after storms closed the strait twice.',
    );
    for (const s of summary) expect(s).not.toMatch(/strait closes|double shifts|four more pilots/);
  });

  it('summarises Japanese with the lead and the statement, verbatim', () => {
    const ja = loadStory('cabinet-ja.txt');
    const summary = summarize(ja, { maxSentences: 2 });
    expect(summary[0]).toBe('山川恵子首相は１０日、首相官邸で記者会見し、新内閣の最優先課題として物価対策に取り組む考えを示した。');
    expect(summary).toHaveLength(2);
    for (const s of summary) expect(ja.paragraphs.join('')).toContain(s);
  });

  it('works on a feed item’s short content', () => {
    const summary = summarize({
      title: 'Storm closes mountain pass',
      paragraphs: ['Heavy snow closed the Alder Pass road on Thursday, stranding dozens of trucks for several hours.'],
    });
    expect(summary).toEqual(['Heavy snow closed the Alder Pass road on Thursday, stranding dozens of trucks for several hours.']);
    expect(summarize({ title: 'Empty', paragraphs: [] })).toEqual([]);
  });

  it('does not pick two sentences that say the same thing', () => {
    const summary = summarize({
      title: 'Library reopens after flood repairs',
      paragraphs: [
        'The central library reopened on Monday after eight months of repairs following last spring’s flood.',
        'The central library reopened Monday after eight months of flood repairs, the city said.',
        'The renovation added a children’s reading room and a new entrance on Mill Street.',
        'Visitor numbers on the first day were higher than before the flood, staff said.',
      ],
    }, { maxSentences: 2 });
    expect(summary).toHaveLength(2);
    expect(summary.filter((s) => s.startsWith('The central library reopened'))).toHaveLength(1);
  });
});
