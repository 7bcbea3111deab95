import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../../src/news/understand/quotes.ts';

const quotes = (...paragraphs: string[]) => findQuotes({ paragraphs, lang: 'en' }, { max: 10 });
const speakerOf = (q: ReturnType<typeof quotes>, start: string) => q.find((x) => x.text.startsWith(start))?.speaker;

describe('who a pronoun or a description points back at', () => {
  it('never reads a place named where only a place can stand as the "she" who speaks', () => {
    const q = quotes(
      'Marta Ilves runs the only bakery in Port Lowell. She opened it after her mother retired.',
      'Prices for flour in Port Lowell rose by a third last year, and shops from Port Lowell to the coast have closed.',
      'She kept the ovens going anyway, and Port Lowell has rewarded her with queues every morning.',
      '“People here will walk an hour for a warm loaf, so I never thought of closing,” she says.',
    );
    expect(speakerOf(q, 'People here will walk')).toBe('Marta Ilves');
  });

  it('gives "he said" to a man credited with speech by surname alone, over a man the sentence mentions', () => {
    const q = quotes(
      'Tavi Roonsen owns a cider mill near the border. Exports fell for two years.',
      'Roonsen said a long talk between the trade minister and President Tom Voss might settle the dispute.',
      '“If they sat down with a glass of cider and no advisers, they would have a deal by dinner,” he said.',
    );
    expect(speakerOf(q, 'If they sat down')).toBe('Tavi Roonsen');
  });

  it('does not take the object of "against" for the "he" who speaks next', () => {
    const q = quotes(
      'Michael Brandt, the county prosecutor, said the accused, David Pike, 34, was found hiding in a barn.',
      'Each of the charges against Pike carries a long sentence, Brandt said, adding that more may follow.',
      '“It is too early to talk about a plea, but this case is far from over,” he said.',
    );
    expect(speakerOf(q, 'It is too early')).toBe('Michael Brandt');
  });

  it('credits a document to the owner named right after it, and a later "the report" to the same owner', () => {
    const q = quotes(
      'The line was closed for two days after the derailment.',
      '“Ice on the rails is the hardest problem a northern railway faces,” says a document titled Winter Running on Northway Rail’s website.',
      'Crews must check every brake line twice in deep cold, the report said.',
      'The report also said speeds are cut below minus 30.',
      '“This adds hours to every trip through the pass.”',
    );
    expect(speakerOf(q, 'Ice on the rails')).toBe('Northway Rail');
  });

  it('gives a late "she says" in a profile to the woman the story is about', () => {
    const q = quotes(
      'Ruth Okonjo has spent ten years teaching adults to read.',
      'Ruth Okonjo started with two students in a church basement. Ruth Okonjo now has forty, and a waiting list.',
      'The program gets no money from the city. Classes run on donations. Books come from a used-book store. Chairs were given by a school that closed. The heating is old. Volunteers bring tea. The room is cold in winter. The bus stop is far away.',
      '“Nobody here is too old to learn, and nobody leaves without a book,” she says.',
    );
    expect(speakerOf(q, 'Nobody here is too old')).toBe('Ruth Okonjo');
  });

  it('reads "the Vermont Democrat" as a description of the person just named', () => {
    const q = quotes(
      'Senator Clara Whitcomb criticised the new rules on Tuesday.',
      '“These rules were written for the big farms and against the small ones,” the Vermont Democrat said.',
    );
    expect(speakerOf(q, 'These rules were written')).toBe('Clara Whitcomb');
  });

  it('takes a single name described as a person, and ends a name at its possessive', () => {
    const q = quotes(
      'Sari, a resident of the fishing village, was cooking when she heard the water.',
      '“I grabbed my son and ran for the hill without looking back,” she said.',
      'The choreographer Ines Volk’s New Ground, We Are will open the season. The company asked Volk to return.',
      '“Returning to a piece is a chance to go deeper,” says Malo. Volk did not need to be asked twice. “I love working with these dancers.”',
    );
    expect(speakerOf(q, 'I grabbed my son')).toBe('Sari');
    expect(speakerOf(q, 'I love working')).toBe('Ines Volk');
  });

  it('gives the words after "when X took to Twitter with this:" to X, not to the word opening the sentence', () => {
    const q = quotes(
      'Dana Ortiz, the company’s founder, stepped back from daily work in March.',
      'Restraint was nowhere to be seen in June when Ortiz again took to Twitter with this: “Titles mean nothing, and I will give mine up within a year.”',
    );
    expect(speakerOf(q, 'Titles mean nothing')).toBe('Dana Ortiz');
  });
});
