import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../../src/news/understand/quotes.ts';

describe('findQuotes: who is credited', () => {
  it('does not credit a quotation to a capitalised word that only opens the sentence', () => {
    const paragraphs = [
      'La ciudad amplió el horario del puerto durante el invierno.',
      'Consultada sobre el cambio, una empleada de la aduana lo explicó así: "Los barcos llegan de noche y no podemos dejarlos esperar en la bahía hasta la mañana".',
    ];
    const [quote] = findQuotes({ paragraphs, lang: 'es' });
    expect(quote?.text).toMatch(/^Los barcos llegan de noche/);
    expect(quote?.speaker).toBeNull();
  });

  it('still credits a one-word introducer that the text uses as a name elsewhere', () => {
    const paragraphs = [
      'The ferry line was sold last spring to a company run by Okonjo.',
      'Okonjo, asked about the timetable, put it plainly: "Boats will run every hour from the first of May, whatever the weather does."',
    ];
    const [quote] = findQuotes({ paragraphs, lang: 'en' });
    expect(quote?.speaker).toBe('Okonjo');
  });
});
