import { describe, expect, it } from 'vitest';
import { summarize, withoutDateline } from '../../../src/news/understand/summarize.ts';
import { splitSentences } from '../../../src/news/understand/sentences.ts';

describe('datelines', () => {
  it('come off the start of a sentence in their usual shapes', () => {
    expect(withoutDateline('PORTLAND, Ore. — The city council approved the new bus lanes on Wednesday.')).toBe('The city council approved the new bus lanes on Wednesday.');
    expect(withoutDateline('OSLO (Reuters) - Norway will raise its fuel tax next year, the finance ministry said.')).toBe('Norway will raise its fuel tax next year, the finance ministry said.');
    expect(withoutDateline('(AP) — A freight train derailed near the river crossing overnight.')).toBe('A freight train derailed near the river crossing overnight.');
    expect(withoutDateline('LIMA, Dec 3 (Reuters) - Peru’s central bank held its rate steady.')).toBe('Peru’s central bank held its rate steady.');
  });

  it('come off in other house styles: a title-case place with its state, a place in capitals before a colon', () => {
    expect(withoutDateline('Ames, Iowa — The county fair drew a record crowd on its final weekend.')).toBe('Ames, Iowa — The county fair drew a record crowd on its final weekend.');
    expect(withoutDateline('Dover, Del. — The county fair drew a record crowd on its final weekend.')).toBe('The county fair drew a record crowd on its final weekend.');
    expect(withoutDateline('Boise, ID – The county fair drew a record crowd on its final weekend.')).toBe('The county fair drew a record crowd on its final weekend.');
    expect(withoutDateline('MUMBAI: The county fair drew a record crowd on its final weekend.')).toBe('The county fair drew a record crowd on its final weekend.');
    expect(withoutDateline('Smith, the mayor — who spoke first — said the plan was good.')).toBe('Smith, the mayor — who spoke first — said the plan was good.');
    expect(withoutDateline('Springfield, IL, United States: Crossing the river is easy; staying dry is not.')).toBe('Crossing the river is easy; staying dry is not.');
    expect(withoutDateline('Lagos, Nigeria: The county fair drew a record crowd on its final weekend.')).toBe('The county fair drew a record crowd on its final weekend.');
    for (const s of ['Key point: The county fair drew a record crowd on its final weekend.', 'Smith: The county fair drew a record crowd.', 'Apples, pears and plums: The orchard sold out by noon on Saturday.']) {
      expect(withoutDateline(s)).toBe(s);
    }
  });

  it('leave a capitalised opening word or a hyphenated phrase alone', () => {
    for (const s of ['NASA - the space agency - said on Monday it would fly again.', 'U.S. - China talks resumed on Monday in Geneva after a break.', 'CHINA has sent troops to the border, officials said.']) {
      expect(withoutDateline(s)).toBe(s);
    }
  });

  it('a state abbreviation before the agency does not end the sentence', () => {
    expect(splitSentences('SALEM, Mass. (AP) — The harbor reopened on Friday after the storm.')).toHaveLength(1);
  });

  it('never open a summary', () => {
    const summary = summarize({
      title: 'Harbor reopens after storm',
      paragraphs: [
        'SALEM, Mass. (AP) — The harbor reopened on Friday after a storm that sank three fishing boats and closed the port for four days.',
        'The harbor master said crews had cleared the main channel of debris overnight and that ferries would run on a normal schedule by Saturday.',
        'Fishermen said the closure cost them the best week of the autumn season.',
      ],
    });
    expect(summary[0]).toBe('The harbor reopened on Friday after a storm that sank three fishing boats and closed the port for four days.');
  });
});

describe('what a summary does not pick', () => {
  it('a rhetorical question, when statements are there', () => {
    const summary = summarize(
      {
        title: 'The mayor’s costly stadium',
        paragraphs: [
          'What was the mayor thinking when he promised a stadium the city could never pay for?',
          'The council voted on Monday to cancel the stadium after its cost rose to $900 million, three times the first estimate.',
          'The mayor said he accepted the vote and would look for a private partner to build a smaller arena.',
          'Construction firms that had bid for the work said they would ask the city to cover their planning costs.',
        ],
      },
      { maxSentences: 3 },
    );
    expect(summary.some((s) => s.endsWith('?'))).toBe(false);
  });
});
