import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/news/understand/summarize.ts';

describe('a standfirst above the byline or date line', () => {
  const title = 'Harbour town bans cruise ships after week of crowding';
  const standfirst = 'A SMALL harbour town has turned away every cruise liner for the rest of the year, saying its streets can take no more.';
  const body = [
    'The council of Port Ellery voted seven to two on Monday to refuse berths to ships carrying more than 500 passengers.',
    'Residents had complained that three liners arriving on the same morning last week left the old quarter impassable for hours.',
    'Shop owners were divided, with some saying the visitors kept them open through the winter.',
    'The harbour master said the ban would be reviewed in March, once a new landing stage is finished.',
    'Two cruise lines said they would move their autumn calls to a port further along the coast.',
  ];

  it('opens the summary with the story, not the publisher’s pitch, when the body has enough to say', () => {
    for (const dateLine of ['PUBLISHED: 09:12, Wed, Mar 4, 2026', 'Updated 4 March 2026', 'By Tomas Reyes']) {
      const summary = summarize({ title, paragraphs: [standfirst, dateLine, ...body] });
      expect(summary).toHaveLength(3);
      expect(summary).not.toContain(standfirst);
      expect(summary[0]).toBe(body[0]);
    }
  });

  it('does not open with a sentence written to follow it', () => {
    const leaning = 'This comes after three liners arrived on the same morning last week and left the old quarter impassable for hours.';
    const summary = summarize({ title, paragraphs: [standfirst, 'By Tomas Reyes', leaning, ...body] }, { maxSentences: 1 });
    expect(summary).toEqual([body[0]]);
  });

  it('keeps it when it is most of what the page says', () => {
    const summary = summarize({ title, paragraphs: [standfirst, 'By Tomas Reyes', ...body.slice(0, 2)] });
    expect(summary).toContain(standfirst);
  });

  it('is only a sentence or two at the very top: a byline further down marks nothing', () => {
    const summary = summarize({ title, paragraphs: [body[0]!, body[1]!, body[2]!, 'By Tomas Reyes', ...body.slice(3)] });
    expect(summary[0]).toBe(body[0]);
  });

  it('reads a line that is not a date as text, whatever its first word', () => {
    const pitch = 'We round up the best bargains we can find every morning for readers who like a deal.';
    const summary = summarize({ title: 'Bargains of the day', paragraphs: [pitch, 'Updated seven days a week, all year round.', ...body] });
    expect(summary).toContain(pitch);
  });

  it('lets a statement after a bridge stand on its own once the standfirst is gone ("This comes after police said…" → "Police said…")', () => {
    const bridged = 'This comes after the harbour master said the old quarter could not take three liners on one morning again.';
    const summary = summarize({ title, paragraphs: [standfirst, 'By Tomas Reyes', bridged, ...body] });
    expect(summary[0]).toBe('The harbour master said the old quarter could not take three liners on one morning again.');
    expect(summary.join(' ')).not.toMatch(/This comes after/);
  });
});

describe('a bridge into the news', () => {
  it('goes only when a statement follows it; a bridge to a noun phrase stays', async () => {
    const { withoutLeadIn } = await import('../../../src/news/understand/summarize.ts');
    expect(withoutLeadIn('It comes as the central bank raised its main rate for the third time this year.')).toBe('The central bank raised its main rate for the third time this year.');
    expect(withoutLeadIn('The move follows two days after ministers agreed to share the cost of the new bridge.')).toBe('Ministers agreed to share the cost of the new bridge.');
    expect(withoutLeadIn('This comes amid growing concern over the cost of the new bridge.')).toBe('This comes amid growing concern over the cost of the new bridge.');
    expect(withoutLeadIn('This comes after a week of protests in the capital over fuel prices.')).toBe('This comes after a week of protests in the capital over fuel prices.');
    expect(withoutLeadIn('It comes after he said so.')).toBe('It comes after he said so.');
  });
});
