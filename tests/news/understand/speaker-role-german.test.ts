import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../../src/news/understand/quotes.ts';

/** An invented German report: a lock on a river port has failed and ships are stuck. */
const paragraphs = [
  'Im Hafen von Brelingen liegen seit Montag drei Frachter fest, weil die einzige Schleuse ausgefallen ist.',
  '„Wir rechnen damit, dass die Reparatur der Schleusentore mindestens eine ganze Woche dauern wird“, sagte Hafenmeisterin Jana Kowalczyk am Dienstag.',
  'Die Reedereien verlangen eine Entschädigung für jeden verlorenen Tag.',
  '„Jeder Tag, an dem unsere Schiffe hier festliegen, kostet uns eine fünfstellige Summe“, sagte Reedereichef Tobias Brandt.',
  'Jan Brückner fährt seit zwanzig Jahren Schiffe durch die Schleuse von Brelingen.',
  '„So einen langen Ausfall habe ich hier in all den Jahren noch nie erlebt, das ist wirklich neu“, sagte Hafenlotse Jan Brückner.',
  '„Wir haben die Ersatzteile bestellt und hoffen, dass sie noch vor dem Wochenende eintreffen“, sagte Karin Anna Vogt vom Wasserstraßenamt.',
];

describe('speakers named after a German speech verb', () => {
  const speakers = () => new Map(findQuotes({ paragraphs, lang: 'de' }, { max: 6 }).map((q) => [q.text.slice(0, 12), q.speaker]));

  it('leaves a capitalised job title in front of the name out of the speaker', () => {
    const s = speakers();
    expect(s.get('Wir rechnen ')).toBe('Jana Kowalczyk');
    expect(s.get('Jeder Tag, a')).toBe('Tobias Brandt');
  });

  it('leaves out a title of any shape when the story names the person without it', () => {
    expect(speakers().get('So einen lan')).toBe('Jan Brückner');
  });

  it('keeps a three-part name that opens with a given name', () => {
    expect(speakers().get('Wir haben di')).toBe('Karin Anna Vogt');
  });
});
