import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../../src/news/understand/quotes.ts';
import { findQuoteSpans } from '../../../src/news/understand/quote-spans.ts';

describe('quotation marks of other languages', () => {
  it('reads a German „…“ quotation as the words inside, not the attribution after it', () => {
    const paragraphs = [
      'Die Stadt hat den Hafen im Winter länger geöffnet.',
      '„Die Schiffe kommen nachts, und wir können sie nicht bis zum Morgen in der Bucht warten lassen“, sagte Jana Kowalczyk am Montag.',
    ];
    const [quote] = findQuotes({ paragraphs, lang: 'de' });
    expect(quote?.text).toBe('Die Schiffe kommen nachts, und wir können sie nicht bis zum Morgen in der Bucht warten lassen');
    expect(quote?.speaker).toBe('Jana Kowalczyk');
  });

  it('reads „…” (Polish style) and »…« (German book style) as one quotation each', () => {
    const spans = findQuoteSpans(['„Most otworzymy w maju” – zapowiedział burmistrz.', '»Wir bauen weiter«, sagte der Vorarbeiter.']);
    expect(spans.map((s) => [s.mark, s.closed])).toEqual([['„', true], ['»', true]]);
  });

  it('closes a Korean single-quoted phrase at ’ even when a particle follows it, so the rest of the paragraph is no quotation', () => {
    const paragraphs = [
      '그는 이번 일을 ‘작은 실수’라고 불렀다. 그러나 주민들은 다르게 본다.',
      '‘마을의 약속’이 깨졌다는 목소리가 커지고 있고, 시청 앞에는 매일 사람들이 모인다. 시장은 아직 아무 말도 하지 않았다. 주민 대표는 다음 주에 다시 모이기로 했다.',
    ];
    expect(findQuotes({ paragraphs, lang: 'ko' }, { max: 5 })).toEqual([]);
    expect(findQuoteSpans(paragraphs).every((s) => s.closed)).toBe(true);
  });

  it('still reads ’ between Latin letters as an apostrophe', () => {
    const spans = findQuoteSpans(['She said ‘we don’t close on Sundays, whatever the season’ and smiled.']);
    expect(spans).toHaveLength(1);
    expect(spans[0]!.closed).toBe(true);
  });
});
