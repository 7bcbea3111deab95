import { describe, expect, it } from 'vitest';
import { clip, LIMITS, quoteFields, renderAlert } from '../../src/discord/render.ts';

/** What a screen shows: text that survives a UTF-8 round trip has no half characters (they would show as �). */
const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8') === s;

describe('a long quote is cut inside its quotation marks', () => {
  const pledge = 'We will keep every depot open through the winter and we will not cut a single night route, ';

  it('an English quote for a Japanese reader still closes and still names its speaker', () => {
    const [field] = quoteFields([{ text: pledge.repeat(20).trim(), speaker: 'Mara Quint' }], 'ja');
    expect(field!.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(field!.value).toMatch(/^“We will keep every depot/);
    expect(field!.value).toMatch(/…” — Mara Quint$/);
  });

  it('an English quote for an English reader closes its mark after the ellipsis', () => {
    const [field] = quoteFields([{ text: pledge.repeat(20).trim(), speaker: 'Mara Quint' }], 'en-US');
    expect(field!.name).toBe('Mara Quint said');
    const lastWord = field!.value.match(/(\w+)…”$/)?.[1];
    expect(pledge.split(/[ ,]+/)).toContain(lastWord);
  });

  it('a Japanese quote ends at a full stop inside 「」 and keeps its speaker', () => {
    const [field] = quoteFields([{ text: '夜行バスの路線は一本も減らさない。'.repeat(80), speaker: '港湾局の三浦' }], 'ja', true);
    expect(field!.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(field!.value).toMatch(/^「夜行バス/);
    expect(field!.value).toMatch(/減らさない。…」— 港湾局の三浦$/);
  });

  it('never leaves half of a character stored as two units (emoji, 𠮷) at the cut', () => {
    for (let pad = 0; pad < 4; pad++) {
      const text = 'あ'.repeat(pad) + '𠮷😀'.repeat(600);
      const [field] = quoteFields([{ text, speaker: null }], 'ja', true);
      expect(wellFormed(field!.value)).toBe(true);
      expect(field!.value.endsWith('…」')).toBe(true);
      expect(wellFormed(clip(text, 101))).toBe(true);
    }
  });
});

describe('a speaker is shown only when it names someone', () => {
  const quotes = [
    { text: 'The ferries will run on time', speaker: 'he' },
    { text: 'Nobody told us about the closures', speaker: 'The' },
    { text: 'Ask the harbour office', speaker: 'Don’t' },
  ];

  it('an English reader sees "Quote", never "he said" or "The said"', () => {
    expect(quoteFields(quotes, 'en-US').map((f) => f.name)).toEqual(['Quote', 'Quote', 'Quote']);
  });

  it('a Japanese reader sees the quote without "— he", "— The" or "— 彼"', () => {
    expect(quoteFields(quotes, 'ja').map((f) => f.value)).toEqual(['“The ferries will run on time”', '“Nobody told us about the closures”', '“Ask the harbour office”']);
    expect(quoteFields([{ text: '予定どおり運航する', speaker: '彼' }], 'ja', true)[0]!.value).toBe('「予定どおり運航する」');
  });

  it('names stay, including a role or a description', () => {
    const e = renderAlert(
      {
        article: { title: 'Night buses stay', url: 'https://desk.example/a', published: '2026-03-01T00:00:00Z', source: { name: 'Quay Courier', feedUrl: 'x' } },
        insight: { summary: ['Routes stay.'], quotes: [{ text: 'Not one route goes', speaker: 'Mara Quint' }, { text: 'We are relieved', speaker: 'a night-shift nurse' }], basis: 'page', lang: 'en' },
        topicLabel: 'Transport',
        terms: [],
      },
      'en-US',
    );
    expect(e.fields!.map((f) => f.name)).toEqual(['Mara Quint said', 'a night-shift nurse said']);
  });
});
