import { describe, expect, it } from 'vitest';
import { extractArticle, type ExtractResult } from '../../../src/news/extract/extract.ts';
import { boilerplateKind, hintKind } from '../../../src/news/extract/boilerplate.ts';
import { parseDocument } from '../../../src/news/extract/dom.ts';
import { fixInlineFurniture } from '../../../src/news/extract/inline-furniture.ts';

const story = [
  'The river authority opened the new fish ladder at Millbrook Dam on Tuesday, the first change to the dam since it was built in 1931.',
  'Salmon have not reached the upper valley for ninety years, and biologists expect the first fish to climb the ladder within weeks of the autumn run.',
  'The ladder cost $4.2 million, most of it from a federal restoration grant, and took two summers to build beside the spillway.',
  'Local anglers, who campaigned for the ladder for more than a decade, gathered on the bank to watch the gates open at noon.',
];

function page(body: string): string {
  return `<!doctype html><html><head><title>Fish ladder opens at Millbrook Dam</title></head><body><article><h1>Fish ladder opens at Millbrook Dam</h1>${body}</article></body></html>`;
}

function paragraphs(result: ExtractResult): string[] {
  if (!result.ok) throw new Error(`expected an article: ${result.message}`);
  return result.page.paragraphs;
}

describe('captions in elements named for them', () => {
  it('a caption in a plain <div class="caption-text"> before the story is not its first paragraph', () => {
    const html = page(
      `<div class="hero"><img src="ladder.jpg" alt=""><div class="caption-text">Water pours down the concrete steps of the new ladder beside the spillway on a grey morning.</div><div class="credit">(Image: River Authority)</div></div>` +
        story.map((p) => `<p>${p}</p>`).join(''),
    );
    const out = paragraphs(extractArticle(html));
    expect(out[0]).toBe(story[0]);
    expect(out.join(' ')).not.toContain('Water pours down');
  });

  it('a hidden caption ("dis-none caption") goes too, and the story keeps every paragraph', () => {
    const html = page(`<div class="pic"><img src="a.jpg" alt=""><div class="dis-none caption">Anglers line the bank to watch the gates open at noon on Tuesday.</div></div>` + story.map((p) => `<p>${p}</p>`).join(''));
    expect(paragraphs(extractArticle(html))).toEqual(story);
  });

  it('a box named as a caption\'s wrapper ("dnd-caption-wrapper") is left to the block rules; the caption inside a plain "caption" is renamed', () => {
    const doc = fixInlineFurniture(
      parseDocument(
        `<html><body><p>${story[0]}</p><div class="dnd-caption-wrapper">Anglers waited ten years for the gates to open</div>` +
          `<div class="image-caption">The ladder seen from the spillway, with the gates still shut on the morning it opened.</div><p>${story[1]}</p></body></html>`,
      ),
    );
    const captions = Array.from(doc.body?.getElementsByTagName('figcaption') ?? []).map((el) => el.textContent);
    expect(captions).toEqual(['The ladder seen from the spillway, with the gates still shut on the morning it opened.']);
  });

  it('a few words without a sentence\'s end in a caption element (a figure\'s title, a source) are left to the block rules: they cannot pass for a sentence', () => {
    const doc = fixInlineFurniture(
      parseDocument(
        `<html><body><p>${story[0]}</p><span class="pb-caption">Chart: Salmon counts since 1931</span><div class="grid-cell-caption"><p>Instagram</p></div>` +
          `<div class="media-caption">Anglers crowd the bank as the gates open</div><p>${story[1]}</p></body></html>`,
      ),
    );
    expect(doc.body?.getElementsByTagName('figcaption').length).toBe(0);
  });

  it('a container that merely has a caption ("has-caption") is not one', () => {
    const html = page(`<div class="has-caption">${story.map((p) => `<p>${p}</p>`).join('')}</div>`);
    expect(paragraphs(extractArticle(html))).toEqual(story);
  });
});

describe('hover cards glued to a name', () => {
  const card =
    '<span class="person"><a href="/people/ana-ruiz">Ana Ruiz</a><span class="card-block"><a class="n" href="/people/ana-ruiz">Ana Maria Ruiz</a>' +
    '<a href="/a1">Council passes budget after long night</a> <a href="/a2">Ruiz calls for new bridge study</a> <a href="/more">MORE</a></span></span>';

  it('drops the card and keeps the sentence it interrupted', () => {
    const html = page(`<p>River authority chair ${card} (Ind.) cut the ribbon on the new fish ladder at Millbrook Dam on Tuesday morning.</p>` + story.map((p) => `<p>${p}</p>`).join(''));
    const out = paragraphs(extractArticle(html));
    expect(out[0]).toBe('River authority chair Ana Ruiz (Ind.) cut the ribbon on the new fish ladder at Millbrook Dam on Tuesday morning.');
    expect(out.join(' ')).not.toContain('Council passes budget');
  });

  it('leaves a table of contents that repeats the heading above it (a block of links, not a card in a sentence)', () => {
    const toc = '<div class="contents"><a href="#a">Fish ladder opens</a> <a href="#b">Who paid</a> <a href="#c">What comes next</a></div>';
    const doc = fixInlineFurniture(parseDocument(`<html><body><h2>Fish ladder opens</h2>${toc}<p>${story[0]}</p></body></html>`));
    expect(doc.body?.textContent).toContain('Who paid');
  });

  it('keeps links in a sentence that do not repeat the name before them', () => {
    const links = '<span class="refs"><a href="/1">one report</a>, <a href="/2">a second</a> and <a href="/3">a third</a></span>';
    const html = page(`<p>The authority cited ${links} when it approved the ladder, which anglers had sought for years.</p>` + story.map((p) => `<p>${p}</p>`).join(''));
    expect(paragraphs(extractArticle(html))[0]).toContain('one report, a second and a third');
  });
});

describe('container names', () => {
  it('reads a BEM element part and a CSS-module name', () => {
    expect(hintKind('article-body__tablet-newsletter')).toBe('call-to-action');
    expect(hintKind('signup-message___3ctjh')).toBe('call-to-action');
    // A long slug made from a heading still says nothing.
    expect(hintKind('sharing-with-a-single-developer')).toBeNull();
  });
});

describe('affiliate disclosures', () => {
  it('are disclaimers, wherever they stand', () => {
    expect(boilerplateKind({ text: 'This post may contain affiliate and/or referral links. Please see my disclosure page.' })).toBe('disclaimer');
    expect(boilerplateKind({ text: 'We may earn a commission if you buy through links on this page.' })).toBe('disclaimer');
    expect(boilerplateKind({ text: 'This post has been sponsored by a kitchenware brand. All opinions are my own.' })).toBe('disclaimer');
  });

  it('a story about affiliate links is not one', () => {
    expect(boilerplateKind({ text: 'The regulator said influencers must label affiliate links clearly, and fined two of them last year.' })).toBeNull();
  });
});
