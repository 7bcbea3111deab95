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

describe('findQuotes: attribution after the quotation, verb first (languages other than English)', () => {
  it('credits the name that follows the speech verb, in Czech and in French', () => {
    const cs = [
      'Trenér Pavel Novák přivedl tým až na druhé místo tabulky.',
      '"Hrajeme pořád stejně, ať přijde kdokoli. Každý ví, co má na hřišti dělat, a proto vyhráváme," vysvětluje obránce Šimon Dvořák.',
    ];
    expect(findQuotes({ paragraphs: cs, lang: 'cs' })[0]?.speaker).toBe('Šimon Dvořák');
    const fr = ['Les secours ont atteint le village dans la nuit.', '«Nous avons retrouvé toutes les familles du hameau, saines et sauves», a ajouté Claire Vasseur.'];
    expect(findQuotes({ paragraphs: fr, lang: 'fr' })[0]?.speaker).toBe('Claire Vasseur');
  });

  it('takes a place after a preposition for no speaker', () => {
    const es = ['El alcalde visitó la obra del puerto.', '"La obra estará lista antes del verano, sin ningún retraso más", dijo en Valencia.'];
    expect(findQuotes({ paragraphs: es, lang: 'es' })[0]?.speaker).toBeNull();
  });

  it('leaves a quotation credited in unread words ("tvrdí mladý záložník") to nobody, not to the last speaker', () => {
    const cs = [
      '"Brankář chytá jako v nejlepších letech a obrana před ním nedělá chyby," kroutí hlavou Novák. Klub o prodloužení smlouvy jedná už od jara.',
      'Fanoušci věří, že kapitán zůstane nejméně do léta. Jeho nadšení je vidět na každém tréninku.',
      '"Každé ráno se těšíme na trénink a v kabině je výborná nálada, jakou jsem ještě nezažil," tvrdí mladý záložník.',
    ];
    const quotes = findQuotes({ paragraphs: cs, lang: 'cs' });
    expect(quotes.find((q) => q.text.startsWith('Brankář'))?.speaker).toBe('Novák');
    expect(quotes.find((q) => q.text.startsWith('Každé ráno'))?.speaker).toBeNull();
  });
});
