import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../../src/news/understand/quotes.ts';

describe('findQuotes leaves out what no one said', () => {
  it('skips a long book title after "book", even when it runs past eight words', () => {
    const paragraphs = [
      'Lighthouse keepers kept logs for two centuries, and few people have read them.',
      'In her book “Lamps on the Reef: The Forgotten Keepers Who Watched Over the Northern Sea,” Mara Ellison described the loneliness of the long winters on the rocks.',
      '“We found letters that nobody had opened for ninety years, and they changed how we saw the whole coast,” Ellison said.',
    ];
    const quotes = findQuotes({ paragraphs, lang: 'en' });
    expect(quotes.map((q) => q.text)).toEqual(['We found letters that nobody had opened for ninety years, and they changed how we saw the whole coast']);
  });

  it('does not list a passage twice when the writer quotes a piece of it again later', () => {
    const paragraphs = [
      'The ferry company posted a notice at noon: “Crossings are cancelled for the afternoon. Tickets will be refunded at the harbour office until Friday.”',
      'Passengers were not impressed by the wording.',
      '“… Tickets will be refunded at the harbour office until Friday.”',
      'By evening the company had added two extra crossings for the next morning.',
    ];
    const quotes = findQuotes({ paragraphs, lang: 'en' }, { max: 5 });
    expect(quotes).toHaveLength(1);
    expect(quotes[0]!.text).toMatch(/^Crossings are cancelled/);
  });

  it('does not take a product or a service named in Japanese brackets for a quotation', () => {
    const paragraphs = [
      '港町の電機メーカーは4月1日、家庭向けの見守りサービス「Harbor Home Guard Premium Edition」の提供を始めると発表した。',
      '既存のアプリ「みまもりカメラ プラス」と組み合わせて使うことができる。月額料金は500円。',
      '同社の広報担当者は「離れて暮らす家族の不安を少しでも減らしたいと考え、開発を進めてきました」と述べた。',
    ];
    const quotes = findQuotes({ paragraphs, lang: 'ja' }, { max: 5 });
    expect(quotes.map((q) => q.text)).toEqual(['離れて暮らす家族の不安を少しでも減らしたいと考え、開発を進めてきました']);
  });
});

describe('a title in quotation marks, in languages that leave short linking words in lower case', () => {
  it('is not a key quote', () => {
    const paragraphs = [
      'A escola da vila abriu as inscrições para o curso de leitura das férias.',
      'Receba no seu email o nosso guia “Os 7 Passos para Ensinar seus Filhos a Ler em Casa”, um material gratuito para os pais.',
    ];
    expect(findQuotes({ paragraphs, lang: 'pt-BR' }, { max: 3 })).toEqual([]);
  });

  it('still lets a statement with long lower-case words through', () => {
    const paragraphs = ['“Nós vamos abrir mais turmas porque a procura dobrou neste ano”, disse a diretora Ana Lúcia Prado.'];
    expect(findQuotes({ paragraphs, lang: 'pt-BR' }, { max: 3 }).map((q) => q.speaker)).toEqual(['Ana Lúcia Prado']);
  });
});
