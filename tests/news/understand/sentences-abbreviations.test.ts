import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/news/understand/sentences.ts';

describe('splitSentences: abbreviations of other languages', () => {
  it('does not end a German sentence at "bzw." or "vgl." before a capitalised noun', () => {
    const text = 'Die Fähre fährt im Winter seltener bzw. Sonntags gar nicht. Der Fahrplan gilt ab März, vgl. Aushang am Hafen.';
    expect(splitSentences(text, 'de')).toEqual([
      'Die Fähre fährt im Winter seltener bzw. Sonntags gar nicht.',
      'Der Fahrplan gilt ab März, vgl. Aushang am Hafen.',
    ]);
  });

  it('keeps "ca." before a number and "Sra." before a name inside the sentence', () => {
    expect(splitSentences('Das Boot ist ca. 12 Meter lang und fast neu.', 'de')).toHaveLength(1);
    expect(splitSentences('La Sra. Ortega abrió la tienda a las nueve. Nadie llegó antes.', 'es')).toEqual([
      'La Sra. Ortega abrió la tienda a las nueve.',
      'Nadie llegó antes.',
    ]);
  });
});
