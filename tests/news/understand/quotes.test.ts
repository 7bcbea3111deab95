import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cutAtWord, findQuotes } from '../../../src/news/understand/quotes.ts';

function loadParagraphs(name: string): string[] {
  const raw = readFileSync(new URL(`../../fixtures/texts/${name}`, import.meta.url), 'utf8');
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

  it('cuts long quotes at a word boundary to about 300 characters, and every quote is the text’s own words', () => {
    const flat = text.replace(/\s*\n+\s*[“"‘]?/g, ' ');
    for (const q of quotes) {
      expect(q.text.length).toBeLessThanOrEqual(360);
      expect(flat).toContain(q.text.replace(/…$/, ''));
    }
    // Over the limit: cut where a sentence ends, or at a word with an ellipsis, never after a space.
    expect(quotes[0]!.text).toMatch(/[.!?…]$/);
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
    // One passage: the paragraph breaks and the marks that reopen each paragraph are not shown.
    expect(long?.text).toContain('joins the queue. Our people are working double shifts.');
    expect(long?.text).not.toMatch(/\n|“/);
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

describe('findQuotes: attribution rules', () => {
  const speakerOf = (paragraphs: string[], start: string) =>
    findQuotes({ paragraphs, lang: 'en' }, { max: 20 }).find((q) => q.text.startsWith(start))?.speaker;

  it('resolves “she said” by a common first name when the text gives no other clue', () => {
    const paragraphs = [
      'Daniel Reyes and Maria Lopez toured the flooded warehouse on Tuesday with the insurance assessor.',
      '“Half of the stock is gone and the rest smells of the river,” she said.',
    ];
    expect(speakerOf(paragraphs, 'Half of the stock')).toBe('Maria Lopez');
  });

  it('takes the nearest person when nothing tells the genders apart, not someone quoted earlier', () => {
    const paragraphs = [
      '“We expected a quiet winter,” said Alder Voss, who runs the ferry office.',
      'Across the harbour, Quill Marten has kept the fuel dock open through every storm since 2009.',
      '“Boats still need diesel when the wind blows,” he said.',
    ];
    expect(speakerOf(paragraphs, 'Boats still need diesel')).toBe('Quill Marten');
  });

  it('credits an organisation named as the sayer, also through “it said” and “the utility said”', () => {
    const paragraphs = [
      'Lakeshore Power said on Sunday that 40,000 homes were still without electricity after the ice storm.',
      '“Crews from three provinces are working around the clock to restore service,” it said.',
      '“Some rural customers should expect to wait until the weekend,” the utility said in a later update.',
    ];
    expect(speakerOf(paragraphs, 'Crews from three provinces')).toBe('Lakeshore Power');
    expect(speakerOf(paragraphs, 'Some rural customers')).toBe('Lakeshore Power');
  });

  it('gives a paragraph that is only a quotation to the person the paragraph before reported speaking', () => {
    const paragraphs = [
      'The clinic opened a second waiting room in March.',
      'Farah Haddad, a nurse at the clinic for eleven years, said the waiting list had doubled since spring.',
      '“We see people who have waited eight months for a first appointment. Some of them give up.”',
    ];
    expect(speakerOf(paragraphs, 'We see people who have waited')).toBe('Farah Haddad');
  });

  it('gives a bare quotation paragraph to the person just introduced when no one was reported speaking', () => {
    const paragraphs = [
      'Tomasz Wren has repaired violins in the same narrow shop on Mill Street for forty years.',
      '“Every instrument that comes through that door has a story, and most of them are sad ones.”',
    ];
    expect(speakerOf(paragraphs, 'Every instrument that comes')).toBe('Tomasz Wren');
  });

  it('reads the person out of “X of Y said” and “X with the Y says”, not the organisation', () => {
    const paragraphs = [
      '“Rates will stay where they are until the spring,” Ivo Marsh of Carrow Analytics said in a note.',
      '“Demand is softer than anyone planned for,” Nell Okoye with the Harbour Retail Association says.',
    ];
    expect(speakerOf(paragraphs, 'Rates will stay')).toBe('Ivo Marsh');
    expect(speakerOf(paragraphs, 'Demand is softer')).toBe('Nell Okoye');
  });

  it('reads appositions and titles after an inverted verb', () => {
    const paragraphs = [
      '“The new wing will double the number of beds,” said Dr. Hana Ito, the hospital’s chief of staff.',
      '“Nobody told the tenants until the notices arrived,” says the building’s caretaker, Ruben Salo.',
    ];
    expect(speakerOf(paragraphs, 'The new wing')).toBe('Hana Ito');
    expect(speakerOf(paragraphs, 'Nobody told the tenants')).toBe('Ruben Salo');
  });

  it('finds “X says” in the present tense and an attribution after a question mark', () => {
    const paragraphs = [
      'Olu Bakare says the school board never asked parents about the new bus routes.',
      '“Who decided that a seven-year-old should walk two kilometres in the dark?” Bakare asked.',
    ];
    expect(speakerOf(paragraphs, 'Who decided that')).toBe('Olu Bakare');
  });

  it('keeps a described speaker as written, and an anonymous source unnamed', () => {
    const paragraphs = [
      '“The pumps failed twice before the flood reached the lower floors,” a hospital spokesperson said.',
      '“Everyone knew the pumps were old,” said a source familiar with the inspection.',
    ];
    expect(speakerOf(paragraphs, 'The pumps failed')).toBe('a hospital spokesperson');
    expect(speakerOf(paragraphs, 'Everyone knew')).toBeNull();
  });

  it('takes a description only as a whole phrase, never the tail of a longer one', () => {
    const paragraphs = [
      'As one resident of the street commented: “We were told the trucks would stop at six and they never did.”',
      '“Bring back our coach before the playoffs start next week,” team members dressed for a game say in the video.',
    ];
    expect(speakerOf(paragraphs, 'We were told the trucks')).toBe('one resident of the street');
    expect(speakerOf(paragraphs, 'Bring back our coach')).toBeNull();
  });

  it('joins a quotation split by a line break in mid-sentence, also when its marks are mixed', () => {
    const paragraphs = [
      '“The ferry will run twice a day',
      'from the first of May until the end of October," said harbour master Ines Vogel.',
    ];
    const quotes = findQuotes({ paragraphs, lang: 'en' });
    expect(quotes).toEqual([{ text: 'The ferry will run twice a day from the first of May until the end of October', speaker: 'Ines Vogel' }]);
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

describe('findQuotes: what a short key-quote list leaves out or puts last', () => {
  it('a piece of a document lifted into the reporter’s sentence, credited to nobody, is no key quote', () => {
    const paragraphs = [
      'The council will vote on the new parking rules next week after a month of public hearings on the harbour front.',
      'The draft includes — according to the notes attached to it — “a clause to protect residents who park overnight near the ferry terminal”.',
      '“We listened to every shop owner on the street and changed the plan twice,” said councillor Mira Osei.',
    ];
    const quotes = findQuotes({ paragraphs });
    expect(quotes.map((q) => q.speaker)).toEqual(['Mira Osei']);
  });

  it('the writer’s own question in quote marks is no key quote; a question someone asks still is', () => {
    const paragraphs = [
      'The new handheld console arrives on Friday with twelve launch titles and a monthly subscription for online play.',
      'Which leaves the old question, “Is a handheld the future of home gaming?” The answer depends on the price.',
      '“Why would anyone pay twice for the same game when the store already sells it?” asked analyst Tomas Reyna, who follows the industry.',
    ];
    const quotes = findQuotes({ paragraphs });
    expect(quotes).toHaveLength(1);
    expect(quotes[0]!.speaker).toBe('Tomas Reyna');
  });

  it('the second half of a split quotation ("And …") comes after statements that stand on their own', () => {
    const paragraphs = [
      'The bridge closed for repairs on Monday after inspectors found cracks in two of its steel supports.',
      '“The cracks are small but they are growing,” said engineer Dana Holt. “And if we wait until spring the repair will cost three times as much.”',
      '“Drivers should plan on a detour of about twenty minutes for the next six weeks,” Holt said.',
    ];
    const quotes = findQuotes({ paragraphs }, { max: 3 });
    expect(quotes[quotes.length - 1]!.text.startsWith('And if we wait')).toBe(true);
  });
});

describe('findQuotes: inch marks', () => {
  it('a straight mark after a figure (27" screen, 65"+ TV) opens no quotation', () => {
    const paragraphs = [
      'The shop cut the price of its 27" 2560x1440 office monitor by a third, and a 65"+ TV now costs less than last year\'s 55" model.',
      '"Prices will not go lower before the holidays," said store manager Lena Marsh.',
    ];
    const quotes = findQuotes({ paragraphs }, { max: 10 });
    expect(quotes).toEqual([{ text: 'Prices will not go lower before the holidays', speaker: 'Lena Marsh' }]);
  });
});
