import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cutAtWord, findQuotes } from '../../src/news/quotes.ts';

function loadParagraphs(name: string): string[] {
  const raw = readFileSync(new URL(`../fixtures/texts/${name}`, import.meta.url), 'utf8');
  return raw.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).slice(1); // first block is the title
}

describe('findQuotes: a leader’s phone call', () => {
  const paragraphs = loadParagraphs('phone-call-en.txt');
  const text = paragraphs.join('\n\n');
  const quotes = findQuotes({ paragraphs }, { max: 10 });

  it('puts the multi-sentence statement first, credited through “She said” to the last named woman', () => {
    expect(quotes[0]!.speaker).toBe('Liesel Marwood');
    expect(quotes[0]!.text.startsWith('I have just spoken with President Okafor. He was generous')).toBe(true);
  });

  it('keeps short characterisations that someone is credited with, with their speaker', () => {
    const bySpeaker = Object.fromEntries(quotes.map((q) => [q.text.replace(/[.…]$/, ''), q.speaker]));
    expect(bySpeaker['warm and businesslike']).toBe('Liesel Marwood');
    expect(bySpeaker['curious and well prepared']).toBe('Liesel Marwood');
    expect(bySpeaker['a wish list, not a policy']).toBe('Petra Lindqvist');
    expect(quotes).toHaveLength(4);
  });

  it('cuts long quotes at a word boundary to 300 characters, and every quote is verbatim', () => {
    for (const q of quotes) {
      expect(q.text.length).toBeLessThanOrEqual(300);
      expect(text).toContain(q.text.replace(/…$/, ''));
    }
    expect(quotes[0]!.text.endsWith('…')).toBe(true);
    expect(quotes[0]!.text).not.toMatch(/\s…$/);
  });

  it('returns three quotes by default', () => {
    expect(findQuotes({ paragraphs })).toHaveLength(3);
  });
});

describe('findQuotes: a quotation that runs over several paragraphs', () => {
  const paragraphs = loadParagraphs('multi-paragraph-quote-en.txt');
  const quotes = findQuotes({ paragraphs }, { max: 10 });

  it('reads the three paragraphs as one quotation credited to the pilot who introduced it', () => {
    const long = quotes.find((q) => q.text.startsWith('We have eleven pilots'));
    expect(long?.speaker).toBe('Rosa Delgado');
    expect(long?.text).toContain('“Our people are working double shifts.');
  });

  it('resolves “he said” to the man just named, not the earlier speaker', () => {
    const agent = quotes.find((q) => q.text.startsWith('Every day a ship waits'));
    expect(agent?.speaker).toBe('Tomas Breuer');
    const follow = quotes.find((q) => q.text.startsWith('They will not wait forever'));
    expect(follow?.speaker).toBe('Tomas Breuer');
  });
});

describe('findQuotes: scare quotes and titles', () => {
  it('finds nothing in a story whose only quote marks are scare quotes, a nickname and a report title', () => {
    expect(findQuotes({ paragraphs: loadParagraphs('scare-quotes-en.txt') }, { max: 10 })).toEqual([]);
  });

  it('skips a book title but keeps a real statement in the same paragraph', () => {
    const quotes = findQuotes({
      paragraphs: [
        'Her memoir, “The Long Road North”, sold well. “I wrote it for my daughters, not for the critics,” Amara Duval said.',
      ],
    });
    expect(quotes).toEqual([{ text: 'I wrote it for my daughters, not for the critics', speaker: 'Amara Duval' }]);
  });
});

describe('findQuotes: attribution forms', () => {
  const cases: Array<[string, string, string | null]> = [
    ['“The budget is balanced for the first time in a decade,” said Finance Minister Owen Reyes.', 'The budget is balanced for the first time in a decade', 'Owen Reyes'],
    ['Mayor Dana Whitfield told reporters: “We will rebuild every house that was lost.”', 'We will rebuild every house that was lost.', 'Dana Whitfield'],
    ['"The river has never been this high in March," Hugo Lind, a hydrologist at the water board, said.', 'The river has never been this high in March', 'Hugo Lind'],
    ['“Nobody expected the plant to close this year,” according to Selma Arkin.', 'Nobody expected the plant to close this year', 'Selma Arkin'],
    ['“We need the money before winter,” Ortega wrote in a letter to the council.', 'We need the money before winter', 'Ortega'],
    ['“Is anyone responsible for this mess?” asked Councillor Ben Achebe.', 'Is anyone responsible for this mess?', 'Ben Achebe'],
    ['“The numbers simply do not add up for the city,” a source close to the talks said.', 'The numbers simply do not add up for the city', null],
  ];
  it.each(cases)('%s', (paragraph, text, speaker) => {
    expect(findQuotes({ paragraphs: [paragraph] })).toEqual([{ text, speaker }]);
  });

  it('resolves pronouns by gender and surnames to the full name', () => {
    const quotes = findQuotes(
      {
        paragraphs: [
          'Nadia Okoro, the head nurse, met Health Minister Paul Brandt on Monday. She has run the ward for twelve years.',
          '“We are short of staff every single night of the week,” she said.',
          'Brandt promised a review. “I will have an answer for the nurses by June,” he said.',
          '“Promises are not staff,” Okoro replied.',
        ],
      },
      { max: 5 },
    );
    expect(quotes).toContainEqual({ text: 'We are short of staff every single night of the week', speaker: 'Nadia Okoro' });
    expect(quotes).toContainEqual({ text: 'I will have an answer for the nurses by June', speaker: 'Paul Brandt' });
    expect(quotes).toContainEqual({ text: 'Promises are not staff', speaker: 'Nadia Okoro' });
  });

  it('leaves the speaker null when nobody is named', () => {
    const quotes = findQuotes({ paragraphs: ['“The bridge will stay closed until the inspection is finished,” she said.'] });
    expect(quotes).toEqual([{ text: 'The bridge will stay closed until the inspection is finished', speaker: null }]);
  });
});

describe('findQuotes: Japanese', () => {
  const paragraphs = loadParagraphs('cabinet-ja.txt');
  const quotes = findQuotes({ paragraphs, lang: 'ja' }, { max: 5 });

  it('finds 「」 quotations with 〜は…と述べた attribution, short surname resolved to the full name', () => {
    expect(quotes).toEqual([
      { text: '国民の暮らしを守ることが何よりも大切だ。年内に経済対策をまとめる。', speaker: '山川恵子' },
      { text: '具体的な財源が示されていない', speaker: '森田健一' },
    ]);
  });

  it('skips a short 『』 title', () => {
    expect(findQuotes({ paragraphs: ['新刊『海の声』が話題になっている。'], lang: 'ja' })).toEqual([]);
  });
});

describe('cutAtWord', () => {
  it('keeps short text and cuts long text at a space with an ellipsis', () => {
    expect(cutAtWord('short text', 300)).toBe('short text');
    const cut = cutAtWord('word '.repeat(100).trim(), 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut.endsWith('word…')).toBe(true);
  });
});
