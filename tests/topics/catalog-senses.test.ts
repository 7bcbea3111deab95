import { describe, expect, it } from 'vitest';
import { matchTopics } from '../../src/topics/match.ts';

const topicsOf = (title: string, text: string) => matchTopics({ title, text }).map((m) => m.key);

describe('built-in topics and words with another sense', () => {
  it('"earning a rating" and "sharing" are not business news', () => {
    const text =
      'The city earned a rating of "severe" from the air monitoring agency for a third day. Families are sharing masks, and schools are sharing buses to keep children indoors. ' +
      'Doctors say the smog is the worst since records began, and the health ministry has told residents to stay inside.';
    expect(topicsOf('Smog chokes the capital for a third day', text)).not.toContain('economy');
  });

  it('still finds company earnings and shares', () => {
    const text = 'Shares of the retailer fell 8% after quarterly earnings missed forecasts, and investors sold the stock on Wall Street.';
    expect(topicsOf('Retailer shares slide after earnings miss', text)).toContain('economy');
  });

  it('a science story about the solar system and sources of energy is space, not energy', () => {
    const text =
      'Astronomers using a space telescope found water vapor above the icy moon of Jupiter. Hydrogen, oxygen and sources of energy are found all over the solar system, ' +
      'but liquid water is rare, and the moon is a target for a NASA mission next decade.';
    const topics = topicsOf('Water vapor spotted above an icy moon', text);
    expect(topics).toContain('space');
    expect(topics).not.toContain('energy');
  });

  it('energy news still is energy', () => {
    const text = 'Oil prices rose 3% as OPEC agreed to cut output, and natural gas futures climbed on a cold forecast. Energy companies led the market higher.';
    expect(topicsOf('Oil jumps after OPEC cut', text)).toContain('energy');
  });

  it('another country’s Senate and House are not US politics', () => {
    const text =
      'The Senate adjourned plenary for a week to mourn two senators who died on Tuesday. The Speaker of the House of Representatives led a minute of silence, and the president sent condolences from Abuja.';
    expect(topicsOf('Senate adjourns to mourn two senators', text)).not.toContain('us-politics');
  });

  it('the US Senate with its parties is', () => {
    const text = 'The Senate passed the bill 52-48, with Republicans voting for it and Democrats against, sending it to the White House.';
    expect(topicsOf('Senate passes spending bill', text)).toContain('us-politics');
  });

  it('a laptop story is technology', () => {
    const text = 'Apple plans a new 13-inch MacBook Pro with a redesigned keyboard next year, following the 16-inch model, according to a supplier report.';
    expect(topicsOf('New 13-inch MacBook Pro expected next year', text)).toContain('technology');
  });

  it('Rovers the football club is not a Mars rover', () => {
    const text = 'Hughes sealed his return to Rovers on a two-year deal, and the club said he would start on Saturday against the league leaders.';
    expect(topicsOf('Hughes seals Rovers return', text)).not.toContain('space');
  });
});

describe('a country named in a match report is its team', () => {
  it('a match report that names a country is not Europe, China or Japan news', () => {
    expect(topicsOf('Late equaliser rescues a draw', 'Spain trailed for most of the night before a late equaliser from the substitute striker earned a point in the World Cup qualifier.')).not.toContain('europe');
    expect(topicsOf('Veteran seeded first for the indoor tourney', 'The veteran from France was seeded first and reached the quarterfinal without dropping a set in the ATP event.')).not.toContain('europe');
    expect(topicsOf('Hosts reach the semi-final', 'China beat the defending champions in straight games to reach the semi-final of the badminton championship.')).not.toContain('china');
  });

  it('European politics that mentions a sport is still Europe news', () => {
    const text = 'The European Commission told Germany and France to cut their deficits, and Brussels said a row over subsidies for a football stadium would not delay the budget talks.';
    expect(topicsOf('Brussels warns Berlin and Paris over deficits', text)).toContain('europe');
  });

  it('business news that mentions the Olympics is still Japan news', () => {
    const text = 'Japan’s largest camera maker agreed to supply cameras to a Seoul electronics group ahead of the Olympic Games, a company spokesman told reporters in Tokyo.';
    expect(topicsOf('Tokyo camera maker signs Seoul supply deal', text)).toContain('japan');
  });
});
