import { describe, expect, it } from 'vitest';
import { renderAlert, renderSummary } from '../../src/discord/render.ts';

const article = { title: 'Ferry fares frozen', url: 'https://quay.example/a', published: '2026-03-01T00:00:00Z', source: { name: 'Quay Courier', feedUrl: 'x' } };
const alertOf = (summary: string[], lang: string) => renderAlert({ article, insight: { summary, quotes: [], basis: 'page', lang }, topicLabel: 'Transport', terms: [] }, 'ja');

describe('the summary under an alert reads as the article’s language writes it', () => {
  it('Japanese sentences follow each other without an English space after 。', () => {
    const e = alertOf(['運賃は来年も据え置かれる。', '港湾局が発表した。', '利用者は「助かる」と話した。'], 'ja');
    expect(e.description).toBe('運賃は来年も据え置かれる。港湾局が発表した。利用者は「助かる」と話した。');
  });

  it('English sentences keep their single space', () => {
    expect(alertOf(['Fares stay the same next year.', 'The port authority said so.'], 'en').description).toBe('Fares stay the same next year. The port authority said so.');
  });

  it('a long summary ends where a sentence ends, not mid-sentence on an ellipsis', () => {
    const long = (n: number) => `Sentence ${n} says that ${'the night ferries will keep their winter timetable and '.repeat(8)}nothing else changes.`;
    const e = alertOf([long(1), long(2), long(3)], 'en');
    expect(e.description).toBe(`${long(1)} ${long(2)}`);
    const summary = renderSummary({ title: 'Ferry fares frozen', url: 'https://quay.example/a', summary: [long(1), long(2), long(3)], quotes: [], text: '', paragraphs: [], basis: 'page' }, 'en-US');
    expect(summary.description).toBe(`${long(1)} ${long(2)}`);
  });
});
