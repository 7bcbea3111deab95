import { describe, expect, it } from 'vitest';
import { sentenceSpans, splitSentences, unglueParagraphs } from '../../../src/news/understand/sentences.ts';

// Each case: the text, and the sentences a reader would see in it.
const english: Array<[string, string[]]> = [
  ['The vote passed. The bill now goes to the senate.', ['The vote passed.', 'The bill now goes to the senate.']],
  ['Mr. Hale arrived late. He left early.', ['Mr. Hale arrived late.', 'He left early.']],
  ['Mrs. Ortiz and Ms. Lee met Dr. Brandt on Friday.', ['Mrs. Ortiz and Ms. Lee met Dr. Brandt on Friday.']],
  ['Gov. Reyes signed it. Sen. Park objected.', ['Gov. Reyes signed it.', 'Sen. Park objected.']],
  ['Rep. Kim spoke first. Then the chair called a recess.', ['Rep. Kim spoke first.', 'Then the chair called a recess.']],
  ['The parade went down St. Clair Avenue. Crowds lined the route.', ['The parade went down St. Clair Avenue.', 'Crowds lined the route.']],
  ['The U.S. economy grew 2.1 percent. Exports rose.', ['The U.S. economy grew 2.1 percent.', 'Exports rose.']],
  ['She moved to the U.S. The move was hard.', ['She moved to the U.S.', 'The move was hard.']],
  ['U.S. President Jana Cole spoke. U.K. officials listened.', ['U.S. President Jana Cole spoke.', 'U.K. officials listened.']],
  ['The talks ended on Jan. 12. A deal is expected soon.', ['The talks ended on Jan. 12.', 'A deal is expected soon.']],
  ['Filing closes Feb. 3 at noon.', ['Filing closes Feb. 3 at noon.']],
  ['The store opens Sept. 1. Staff are being hired.', ['The store opens Sept. 1.', 'Staff are being hired.']],
  ['Oct. 5 was the deadline. Nobody met it.', ['Oct. 5 was the deadline.', 'Nobody met it.']],
  ['The No. 1 seed lost. Fans were stunned.', ['The No. 1 seed lost.', 'Fans were stunned.']],
  ['Prices rose 3.5 percent. Wages rose 2.75 percent.', ['Prices rose 3.5 percent.', 'Wages rose 2.75 percent.']],
  ['The bond yields 4.25%. Analysts expected less.', ['The bond yields 4.25%.', 'Analysts expected less.']],
  ['It cost $1.5 billion. Critics called it waste.', ['It cost $1.5 billion.', 'Critics called it waste.']],
  ['J. R. R. Tolkien wrote the books. They sold well.', ['J. R. R. Tolkien wrote the books.', 'They sold well.']],
  ['George W. Bush visited the plant. Workers cheered.', ['George W. Bush visited the plant.', 'Workers cheered.']],
  ['The letter was signed by A. B. Carter. It was brief.', ['The letter was signed by A. B. Carter.', 'It was brief.']],
  ['Shares of Brightwave Inc. fell. The company cut its forecast.', ['Shares of Brightwave Inc. fell.', 'The company cut its forecast.']],
  ['The deal was struck with Norvale Corp. The terms were not disclosed.', ['The deal was struck with Norvale Corp.', 'The terms were not disclosed.']],
  ['Harlow Ltd. said profits doubled.', ['Harlow Ltd. said profits doubled.']],
  ['It was Smith vs. Jones in the final. Smith won.', ['It was Smith vs. Jones in the final.', 'Smith won.']],
  ['They sell apples, pears, etc. The market opens at six.', ['They sell apples, pears, etc.', 'The market opens at six.']],
  ['The meeting starts at 9 a.m. sharp.', ['The meeting starts at 9 a.m. sharp.']],
  ['The meeting ended at 5 p.m. The mayor left first.', ['The meeting ended at 5 p.m.', 'The mayor left first.']],
  ['“We won. We are very happy,” she said. The team celebrated.', ['“We won. We are very happy,” she said.', 'The team celebrated.']],
  ['"It is over. We lost," the coach said. Fans left early.', ['"It is over. We lost," the coach said.', 'Fans left early.']],
  ['“Can we do it? Yes,” he said. Nobody laughed.', ['“Can we do it? Yes,” he said.', 'Nobody laughed.']],
  ['“We are ready!” she shouted. The crowd roared.', ['“We are ready!” she shouted.', 'The crowd roared.']],
  ['He said, “The plan works. It saves money.” Then he sat down.', ['He said, “The plan works.', 'It saves money.”', 'Then he sat down.']],
  ['Is this the end? Nobody knows.', ['Is this the end?', 'Nobody knows.']],
  ['Stop! The bridge is closed.', ['Stop!', 'The bridge is closed.']],
  ['First paragraph ends here.\nSecond paragraph starts here.', ['First paragraph ends here.', 'Second paragraph starts here.']],
  ['A heading without a full stop\nThe story begins.', ['A heading without a full stop', 'The story begins.']],
  ['The club thanked the community.Dr Venter said the work would go on.', ['The club thanked the community.', 'Dr Venter said the work would go on.']],
  ['Sales rose in 2015.The next year they fell.', ['Sales rose in 2015.', 'The next year they fell.']],
  ['Prof. Amani Osei led the study. Results came in May.', ['Prof. Amani Osei led the study.', 'Results came in May.']],
  ['Gen. Ruiz and Lt. Col. Baker toured the base.', ['Gen. Ruiz and Lt. Col. Baker toured the base.']],
  ['The firm (based in Ohio) grew. Its rival shrank.', ['The firm (based in Ohio) grew.', 'Its rival shrank.']],
  ['The report, e.g. the summary, was late. It arrived on Monday.', ['The report, e.g. the summary, was late.', 'It arrived on Monday.']],
];

const japanese: Array<[string, string[]]> = [
  ['雨が降った。試合は中止になった。', ['雨が降った。', '試合は中止になった。']],
  ['首相は「会談は有意義だった。協力を続ける。」と述べた。', ['首相は「会談は有意義だった。協力を続ける。」と述べた。']],
  ['首相は「会談は有意義だった。」と述べた。次の議題に移った。', ['首相は「会談は有意義だった。」と述べた。', '次の議題に移った。']],
  ['彼は「本当ですか？」と聞いた。そうだと答えた。', ['彼は「本当ですか？」と聞いた。', 'そうだと答えた。']],
  ['「やった！」と叫んだ。会場は沸いた。', ['「やった！」と叫んだ。', '会場は沸いた。']],
  ['本当か？誰も知らない。', ['本当か？', '誰も知らない。']],
  ['大変だ！急いで。', ['大変だ！', '急いで。']],
  ['『風の街』という本が売れた。著者は喜んだ。', ['『風の街』という本が売れた。', '著者は喜んだ。']],
  ['社長は「値上げはしない。『約束は守る。』と伝えた。」と話した。', ['社長は「値上げはしない。『約束は守る。』と伝えた。」と話した。']],
  ['気温は３６.５度に達した。記録的な暑さだ。', ['気温は３６.５度に達した。', '記録的な暑さだ。']],
  ['株価は2.5%上昇した。円安が進んだ。', ['株価は2.5%上昇した。', '円安が進んだ。']],
  ['第一段落です。\n第二段落です。', ['第一段落です。', '第二段落です。']],
  ['見出し\n本文が始まる。', ['見出し', '本文が始まる。']],
  ['知事は「準備は整った」などと語った。', ['知事は「準備は整った」などと語った。']],
  ['山田氏は「必ず勝つ。」とも述べた。会見は終わった。', ['山田氏は「必ず勝つ。」とも述べた。', '会見は終わった。']],
  ['東京で会議が開かれた。米国の代表も出席した。', ['東京で会議が開かれた。', '米国の代表も出席した。']],
];

english.push(
  ['“Who pays for the new bridge?” Okafor asked. Nobody answered.', ['“Who pays for the new bridge?” Okafor asked.', 'Nobody answered.']],
  ['“We won!” Lena Brisk said after the final. The crowd cheered.', ['“We won!” Lena Brisk said after the final.', 'The crowd cheered.']],
  ['“Is it over?” The answer came a week later.', ['“Is it over?”', 'The answer came a week later.']],
);

describe('splitSentences, English', () => {
  it.each(english)('%s', (text, expected) => {
    expect(splitSentences(text, 'en')).toEqual(expected);
  });
});

describe('splitSentences, Japanese', () => {
  it.each(japanese)('%s', (text, expected) => {
    expect(splitSentences(text, 'ja')).toEqual(expected);
  });
});

describe('sentence offsets', () => {
  it('gives the same answer when asked twice for the same text (the split is cached)', () => {
    const text = 'Mr. Hale spoke. The team won.';
    const first = sentenceSpans(text, 'en');
    first[0]!.text = 'changed by a caller';
    expect(sentenceSpans(text, 'en').map((s) => s.text)).toEqual(['Mr. Hale spoke.', 'The team won.']);
  });

  it('returns verbatim slices of the input, so a summary can quote them', () => {
    const text = 'Mr. Hale spoke.  The U.S. team won.\n\n“We did it,” she said.';
    for (const s of sentenceSpans(text, 'en')) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('splits paragraphs that were glued together without a space', () => {
    expect(unglueParagraphs('The club thanked the community.Dr Venter said more work was needed.')).toEqual([
      'The club thanked the community.',
      'Dr Venter said more work was needed.',
    ]);
  });

  it('does not split dotted abbreviations that touch a capital letter', () => {
    expect(unglueParagraphs('Troops from the U.S.A. arrived. Talks began, i.e.Monday.')).toHaveLength(1);
  });
});

describe('a lower-case word after ! or ?', () => {
  const texts = (t: string) => sentenceSpans(t, 'en').map((s) => s.text);

  it('goes on with the sentence, after a straight quote too', () => {
    expect(texts("Researchers asked when the 'eureka!' moment arrives in the brain. They found an answer.")).toEqual([
      "Researchers asked when the 'eureka!' moment arrives in the brain.",
      'They found an answer.',
    ]);
    expect(texts('Sales at Yahoo! shops rose. Profits fell.')).toEqual(['Sales at Yahoo! shops rose.', 'Profits fell.']);
  });

  it('still ends a sentence before a word with a capital inside', () => {
    expect(texts('What a launch! iPhone buyers queued all night.')).toEqual(['What a launch!', 'iPhone buyers queued all night.']);
  });
});
