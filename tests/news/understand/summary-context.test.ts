import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/news/understand/summarize.ts';
import { findQuotes, trimQuote } from '../../../src/news/understand/quotes.ts';

describe('summary sentences that need context they do not have', () => {
  const title = 'Singer finds a second career writing songs after surgery';
  const paragraphs = [
    'The singer Rosa Lind began writing songs at 54, after a routine operation left her hearing melodies in everything around her.',
    '“The best way I can describe it is that every sentence anyone said to me came out as a tune. It did not stop for months,” Lind said in an interview this week.',
    'She has since written eleven songs for other artists, and one of them will open a film at the Berlin festival in February.',
    'A preview of the film was shared with paying subscribers.',
    'Her label said it had no comment on the film’s release date.',
    'Lind, who sang in a church choir as a child, had never written music before the operation and cannot read a score.',
    'Doctors at the clinic where she was treated say a handful of similar cases have been described, most of them after a stroke.',
    'Her first song was recorded by a folk trio in Leipzig last spring and reached the top of the regional radio charts.',
  ];

  it('skips half of a quotation split from its sentence', () => {
    expect(summarize({ title, paragraphs }).some((s) => s.startsWith('“The best way'))).toBe(false);
  });

  it('prefers key facts to reporting about the reporting', () => {
    const summary = summarize({ title, paragraphs });
    expect(summary.join(' ')).not.toMatch(/paying subscribers|no comment/);
    expect(summary).toContain('She has since written eleven songs for other artists, and one of them will open a film at the Berlin festival in February.');
  });

  it('does not open with an aside in brackets', () => {
    const summary = summarize({ title: 'Town votes on new name', paragraphs: ['(We never did agree on a nickname for the old one either.)', ...paragraphs.slice(2)] });
    expect(summary[0]).not.toMatch(/^\(/);
  });
});

describe('key quotes', () => {
  const paragraphs = [
    'The girl’s mother testified on Monday, describing her daughter as “brave, strong, and smart” before the jury.',
    '“We believe justice has been served, and we are thankful the judge chose a sentence that keeps him from harming another child,” the prosecutor, Ana Ortiz, said after the hearing.',
    'Ortiz spoke for twenty minutes.',
    '“This was the longest week of my life, and I do not want any other family to live through one like it,” she told the court.',
    '“I want to thank every neighbour who called the police that night,” the mother said.',
  ];

  it('are statements, not a few words lifted into the reporter’s sentence', () => {
    const quotes = findQuotes({ paragraphs, lang: 'en' }, { max: 3 });
    expect(quotes.map((q) => q.text)).not.toContain('brave, strong, and smart');
  });

  it('a relative described in the text is the speaker, not the last person named', () => {
    const quotes = findQuotes({ paragraphs, lang: 'en' }, { max: 3 });
    expect(quotes.find((q) => q.text.startsWith('I want to thank'))?.speaker).toBe('the mother');
  });

  it('a quotation that runs over paragraphs has no raw line breaks', () => {
    const quotes = findQuotes({ paragraphs, lang: 'en' }, { max: 3 });
    for (const q of quotes) expect(q.text).not.toMatch(/\n/);
  });

  it('takes a partial quotation credited in its own sentence when statements leave room', () => {
    const quotes = findQuotes({ paragraphs: ['Talks stalled again on Monday.', 'The governor said on Tuesday that the city is “going to have to find a deal that voters like” before she signs anything.'], lang: 'en' }, { max: 3 });
    expect(quotes).toEqual([{ text: 'going to have to find a deal that voters like', speaker: 'The governor' }]);
  });

  it('does not repeat a sentence the summary already shows', () => {
    const summary = ['“We believe justice has been served, and we are thankful the judge chose a sentence that keeps him from harming another child,” the prosecutor, Ana Ortiz, said after the hearing.'];
    const quotes = findQuotes({ paragraphs, lang: 'en' }, { max: 3, exclude: summary });
    expect(quotes.some((q) => q.text.startsWith('We believe justice'))).toBe(false);
  });

  it('keeps a quotation that is only a little over the limit whole, and cuts a long one at a sentence end', () => {
    const slightly = `${'word '.repeat(62)}end.`;
    expect(trimQuote(slightly, 300)).toBe(slightly);
    const long = `${'First sentence goes on for a while here. '.repeat(8)}${'tail '.repeat(40)}`;
    const cut = trimQuote(long, 300);
    expect(cut.endsWith('here.')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(300);
  });
});
