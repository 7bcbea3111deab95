import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../../src/news/understand/quotes.ts';

const quotes = (...paragraphs: string[]) => findQuotes({ paragraphs, lang: 'en' }, { max: 10 });

describe('speakers', () => {
  it('reads the surname He as a name, not as the pronoun', () => {
    const q = quotes(
      'Mayor Tom Reid has promised a decision before the winter.',
      '“Without a clear budget for the next five years, I would ask what the city gains from signing this agreement now,” He Jianxiong, a former adviser to the port authority, said on Tuesday.',
    );
    expect(q[0]!.speaker).toBe('He Jianxiong');
  });

  it('gives "he said" to the man who just spoke, not to a man the quote is about', () => {
    const q = quotes(
      'Mr. Reid has said the port deal is nearly done.',
      'Arun Mehta, an economist at the state university, said the talks had gone badly. “By promising too much too soon, Reid makes any deal with the port workers harder to reach,” he said.',
    );
    expect(q.find((x) => x.text.startsWith('By promising'))!.speaker).toBe('Arun Mehta');
  });

  it('finds the speaker after a long apposition', () => {
    const q = quotes(
      'The probe flew past the moon twice last year.',
      '“For me, the interesting thing about this work is not only the detection of water but also how little of it we found,” Lena Okafor, a planetary scientist at the space agency’s flight centre in Maryland who led the study, said in a statement.',
    );
    expect(q[0]!.speaker).toBe('Lena Okafor');
  });

  it('reads past a capitalised job title in the apposition', () => {
    const q = quotes('Markets fell on Monday.', '"Investors will look to the central bank for clues about growth in Europe and beyond," Nia Brooks, Chief Market Strategist at Harbor Capital, said in a note.');
    expect(q[0]!.speaker).toBe('Nia Brooks');
  });

  it('credits "the statement said" to whoever issued the statement', () => {
    const q = quotes(
      'A statement from the Harbour Trust said the plan had been rushed through without a hearing.',
      '“The trust fully supports a review of the plan before any work begins on the old pier,” the statement said.',
    );
    expect(q[0]!.speaker).toBe('Harbour Trust');
  });

  it('credits "it says" to whoever put the statement out, not to the organisation it was sent to', () => {
    const q = quotes(
      'Oakline Records have twice denied doing anything wrong.',
      '“At no point did we stop anyone from singing,” they said in a statement on their website last Friday.',
      'Now they’ve put out another statement, directly to the organisers of the CMAs.',
      '“Artists do not need our approval to sing their own songs on television or at any other live event,” it says.',
    );
    expect(q.find((x) => x.text.startsWith('Artists'))!.speaker).toBe('Oakline Records');
    const named = quotes('The league met on Monday.', 'The Harbour Rowing Club issued a statement to members of the FRA on Tuesday.', '“We will not race on the river until the water has been tested and found safe for every crew,” it said.');
    expect(named[0]!.speaker).toBe('Harbour Rowing Club');
  });

  it('does not take an acronym governed by a preposition for the one that speaks', () => {
    const q = quotes('The dispute went to the board of the NFL last week.', '“We will not race on the river until the water has been tested and found safe for every crew,” it said.');
    expect(q[0]!.speaker).toBeNull();
  });

  it('does not glue the country an ambassador is posted to onto the ambassador\'s name', () => {
    const q = quotes(
      'The port reopened on Monday.',
      'France’s ambassador to Britain Ana Lemaire has said that France has the “resolve and power” to end the strike.',
      'Lemaire said that the navy could be sent to the port, warning the strikers.',
      '“They are already there in the harbour. They are there to keep the peace, and they will stay there until the work starts again,” she said.',
    );
    expect(q[0]!.speaker).toBe('Ana Lemaire');
  });

  it('reads a family-name-first name back from its first word ("Liu said" after "Liu Xiaoming")', () => {
    const q = quotes(
      'Talks resumed in the capital on Friday.',
      'The trade envoy Wen Haoran has said that the country is ready to sign within the month.',
      'Wen said that the negotiators had settled the last points, adding: “We have worked through the night and the text is ready for both leaders to sign.”',
    );
    expect(q[0]!.speaker).toBe('Wen Haoran');
  });

  it('does not take a possessive in a prepositional phrase for who "he" is ("at Halvorsen’s villa")', () => {
    const q = quotes(
      'Lord Peter Ashby gave a long interview to a radio station on Sunday about his friendship with the financier Karl Halvorsen.',
      'Far from ending talk of his role in Halvorsen’s failed fund, Ashby has raised new questions.',
      'The answers he gave were full of contradictions. He said he had spent three days at Halvorsen’s villa to end the friendship in person.',
      'He told the interviewer: “I felt that doing it over the telephone would have been the coward’s way, so I went to see him and told him to his face.”',
    );
    expect(q[0]!.speaker).toBe('Peter Ashby');
  });

  it('leaves a statement with no issuer in sight unattributed', () => {
    const q = quotes('The pier has been closed since March.', '“The trust fully supports a review of the plan before any work begins on the old pier,” the statement said.');
    expect(q[0]!.speaker).toBeNull();
  });

  it('gives a quotation paragraph to the one person the paragraph before it is about', () => {
    const q = quotes(
      '“We lost the shop in a week,” Carla Nunes said.',
      'Still, even with her savings, Nunes saw her income fall by half after the flood. And there was the loss of the place itself.',
      '“It took me two years to stop walking past the old door every morning on my way to the bus.”',
    );
    expect(q.find((x) => x.text.startsWith('It took me'))!.speaker).toBe('Carla Nunes');
  });

  it('makes no guess when two people are in view', () => {
    const q = quotes(
      'The meeting ran late.',
      'Carla Nunes spoke against the plan and Pedro Alves for it. The vote is on Friday.',
      '“It took me two years to stop walking past the old door every morning on my way to the bus.”',
    );
    expect(q[0]!.speaker).toBeNull();
  });
});

describe('"they said" after two people named together', () => {
  it('credits both', () => {
    const q = findQuotes(
      {
        paragraphs: [
          'In an emailed statement, the owners Mira Holt and Jonas Berg said they respected the outcome of the vote.',
          '"Our priority is a respectful and healthy workplace where every employee can thrive and grow," they said.',
        ],
        lang: 'en',
      },
      { max: 3 },
    );
    expect(q[0]!.speaker).toBe('Mira Holt and Jonas Berg');
  });

  it('a "they" with no pair named stays unattributed', () => {
    const q = findQuotes({ paragraphs: ['The bakery closed early on Friday.', '"We will be back on Monday with fresh bread for everyone in town," they said.'], lang: 'en' }, { max: 3 });
    expect(q[0]!.speaker).toBeNull();
  });
});

describe('family names that can also end a place', () => {
  it('a first name and "Park" or "Hall" credited with speech is a person; the same words with no one speaking stay a place', () => {
    expect(quotes('The market reopened on Saturday after the flood.', '“We lost a week of trade, but the stalls are full again,” said stall owner Nadia Hall.')[0]!.speaker).toBe('Nadia Hall');
    expect(quotes('The market reopened on Saturday after the flood.', '“Prices will settle by spring,” Lena Park said.')[0]!.speaker).toBe('Lena Park');
    expect(quotes('Crowds gathered at Victoria Park on Saturday.', '“It was the best concert of the summer,” one visitor said.')[0]!.speaker).toBe('one visitor');
  });
});
