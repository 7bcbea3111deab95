import { describe, expect, it } from 'vitest';
import { cleanBlocks, cleanParagraphs, classifyBlocks } from '../../../src/news/extract/boilerplate.ts';

const story = [
  'The regional transit authority said on Monday it would run night buses on four more routes from June, after a pilot on the east side doubled late-evening ridership.',
  '“People who work late deserve a way home that does not cost a day’s wages in taxi fares,” said Amira Haddad, the authority’s chief executive.',
  'The expansion will cost about $3.2 million a year and will be paid for from a fuel-tax fund, according to budget documents released last week.',
  'Drivers’ union representative Carl Jensen said members supported the plan but wanted more security staff on the late routes.',
];

describe('cleanParagraphs on a page in the seed\'s shape', () => {
  it('keeps only the story from a section label, a doubled headline, a newsletter line, related list, comment form and back-to-top', () => {
    const title = 'Night buses to run on four more routes from June';
    const input = [
      'Transport',
      title,
      title,
      ...story,
      'Smart commuters already read our morning newsletter. Want in? Join them.',
      'Related Articles',
      'Leave a Reply',
      'Your email address will not be published. Required fields are marked *',
      'Back to top button',
    ];
    expect(cleanParagraphs(input, { title })).toEqual(story);
  });
});

describe('cleanParagraphs drops each kind of boilerplate, in English and Japanese', () => {
  it.each([
    ['newsletter call to action', 'Get the best of our reporting delivered to your inbox every morning.'],
    ['sign-up call to action', 'Sign up for our free weekly briefing'],
    ['membership call to action', 'Support independent journalism: become a member today.'],
    ['read-also line', 'Read also: City weighs fare cap for students'],
    ['read-more label', 'READ MORE'],
    ['recommended label', 'Recommended for you'],
    ['you-may-also-like label', 'You might also like'],
    ['share prompt', 'Share this article'],
    ['social buttons', 'Facebook Twitter LinkedIn Email'],
    ['follow prompt', 'Follow us on Instagram'],
    ['comment count', 'Comments (14)'],
    ['comment form', 'You must be logged in to post a comment.'],
    ['photo credit', 'Photo: Lena Park/Getty Images'],
    ['caption with agency credit', 'A bus waits at the depot on Monday. (AP Photo/John Rivera)'],
    ['credit in parentheses', '(Getty Images)'],
    ['advertisement label', 'Advertisement'],
    ['Japanese related label', '関連記事'],
    ['Japanese share prompt', 'この記事をシェア'],
    ['Japanese read-more', '続きを読む'],
    ['Japanese photo credit', '写真：記者撮影'],
    ['Japanese back-to-top', 'ページの先頭へ戻る'],
    ['Japanese newsletter', 'メルマガ登録はこちらから'],
  ])('drops a %s in the middle of a story', (_kind, line) => {
    const input = [story[0]!, story[1]!, line, story[2]!, story[3]!];
    expect(cleanParagraphs(input)).toEqual(story);
  });

  it.each([
    ['republication note', 'This article was originally published on The Conversation.'],
    ['author bio', 'Jordan Lee is a reporter who covers transport and urban planning for the Metro Desk.'],
    ['contact line', 'Contact the author at jordan.lee@example.com'],
    ['wire credits', 'Reporting by Jordan Lee; Editing by Sam Ortiz'],
    ['disclaimer', 'Disclaimer: This article is for information only and does not constitute investment advice.'],
    ['copyright line', '© 2025 Metro Daily. All rights reserved.'],
  ])('drops a %s at the end', (_kind, line) => {
    expect(cleanParagraphs([...story, line])).toEqual(story);
  });

  it.each([
    ['byline', 'By Jordan Lee'],
    ['date line', 'Updated: March 3, 2025'],
    ['relative date', '3 hours ago'],
    ['reading time', '5 min read'],
    ['Japanese date line', '2025年3月3日 10時15分'],
  ])('drops a %s before the first paragraph', (_kind, line) => {
    expect(cleanParagraphs([line, ...story])).toEqual(story);
  });

  it('drops the headline repeated as the first paragraph even with different punctuation and case', () => {
    expect(cleanParagraphs(['NIGHT BUSES TO RUN ON FOUR MORE ROUTES FROM JUNE.', ...story], { title: 'Night buses to run on four more routes from June' })).toEqual(story);
  });
});

describe('cleanParagraphs keeps story sentences that only look like boilerplate', () => {
  it.each([
    'Users were told to sign up for the new service by Friday, the ministry said.',
    'Riders can subscribe to a monthly pass for $45, the authority said.',
    'Share prices of the bus maker fell 3% on Tuesday.',
    'Read more widely, the report suggests the routes were planned years ago.',
    'Comments from the minister drew criticism from opposition lawmakers on Tuesday.',
    'Photo agencies including Getty Images raised their prices last year, the trade group reported.',
    'Follow-up talks with the union are planned for May.',
    'Jordan Lee is a bus driver who has worked the night shift for eleven years, and she said the new routes would help.',
    '市は新たに利用者の登録制度を導入すると発表した。',
    '佐藤市長は「ぜひ登録してください」と呼びかけた。',
  ])('keeps "%s"', (line) => {
    const input = [story[0]!, line, story[1]!, story[2]!, story[3]!];
    expect(cleanParagraphs(input)).toEqual(input);
  });

  it('leaves a clean story untouched', () => {
    expect(cleanParagraphs(story)).toEqual(story);
  });

  it('keeps a story with a "Disclaimer:" aside in the middle', () => {
    const aside = 'Disclaimer: the author rode the pilot route for a week before writing this piece, and paid every fare.';
    const input = [story[0]!, aside, ...story.slice(1)];
    expect(cleanParagraphs(input)).toEqual(input);
  });
});

describe('cleanBlocks uses the layout facts Readability leaves', () => {
  it('drops captions, link-only teasers and lists of related links, and keeps a list item that links a source', () => {
    const blocks = [
      { text: story[0]!, tag: 'p' },
      { text: 'Riders wait for the last bus of the night.', tag: 'figcaption', inCaption: true },
      { text: 'How the east-side pilot changed late-night travel', tag: 'p', linkDensity: 1 },
      { text: story[1]!, tag: 'p' },
      { text: 'Fare cap plan goes to council', tag: 'li', linkDensity: 1, inLinkList: true },
      { text: 'Depot expansion delayed again', tag: 'li', linkDensity: 1, inLinkList: true },
      { text: 'Route 12 will run every 20 minutes until 2 a.m., the timetable shows.', tag: 'li', linkDensity: 0.6 },
      { text: story[2]!, tag: 'p' },
      { text: story[3]!, tag: 'p' },
    ];
    expect(cleanBlocks(blocks)).toEqual([story[0], story[1], 'Route 12 will run every 20 minutes until 2 a.m., the timetable shows.', story[2], story[3]]);
  });

  it('drops lines the page repeats in its menus and footer', () => {
    const blocks = [{ text: story[0]! }, { text: 'Transit Tracker' }, ...story.slice(1).map((text) => ({ text }))];
    expect(cleanBlocks(blocks, { chromeLines: ['Home', 'Transit Tracker', 'Weather'] })).toEqual(story);
  });

  it('trusts a container named for boilerplate, unless that name is on most of the article', () => {
    const promo = { text: 'Our reporters ride every route so you do not have to guess.', hints: 'promo-box' };
    expect(cleanBlocks([...story.map((text) => ({ text })), promo])).toEqual(story);
    const wrapped = story.map((text) => ({ text, hints: 'post social-ready' }));
    expect(cleanBlocks(wrapped)).toEqual(story);
  });

  it('says why each dropped block was dropped', () => {
    const verdicts = classifyBlocks([{ text: story[0]! }, { text: 'Share this article' }, { text: 'Related Articles' }, { text: story[1]! }]);
    expect(verdicts.map((v) => v.kind)).toEqual([null, 'share', 'related', null]);
  });
});

describe('classifyBlocks keeps what only looks like boilerplate', () => {
  const para = (text: string): { text: string; tag: string } => ({ text, tag: 'p' });
  const section =
    'The first game on the list is a rhythm shooter rebuilt for the headset, and it is the one I kept coming back to after the review period ended. Each level builds a little more music on top of the last, and the headset makes the slow parts feel calm rather than empty.';

  it('keeps a linked section heading that prose follows, and drops a run of linked teaser headlines', () => {
    const blocks = [
      para(story[0]!),
      { text: '“Pulse Runner” ($30)', tag: 'h3', linkDensity: 1 },
      para(section),
      para(story[1]!),
      { text: 'More:', tag: 'p' },
      { text: 'Depot expansion delayed again', tag: 'p', linkDensity: 1 },
      { text: 'Fare cap plan goes to council', tag: 'h3', linkDensity: 1 },
      para(section),
    ];
    expect(classifyBlocks(blocks).map((b) => b.kind)).toEqual([null, null, null, null, 'related', 'links', 'links', null]);
  });

  it('keeps an all-link item in a list of prose items, and drops the items of a list of links', () => {
    const blocks = [
      para(story[0]!),
      { text: 'Here is our look back at the year', tag: 'li', linkDensity: 1 },
      { text: 'We also moved the depot timetable online, so riders can check changes before they leave home.', tag: 'li', linkDensity: 0.1 },
      para(story[1]!),
      { text: 'Depot expansion delayed again', tag: 'li', linkDensity: 1, inLinkList: true },
    ];
    expect(classifyBlocks(blocks).map((b) => b.kind)).toEqual([null, null, null, null, 'link-list']);
  });

  it('keeps section headings and lead-in phrases on a page where no line reads as a sentence', () => {
    const blocks = [
      { text: 'The Heat Equation', tag: 'h2' },
      { text: 'u_t = k u_xx', tag: 'p' },
      { text: 'or in vector form:', tag: 'p' },
      { text: 'U_t = K U', tag: 'p' },
      { text: 'Boundary Values', tag: 'h2' },
    ];
    expect(classifyBlocks(blocks).map((b) => b.kind)).toEqual([null, null, null, null, null]);
  });

  it('drops a kicker heading only when the headline follows it', () => {
    const title = 'Night buses to run on four more routes from June';
    const blocks = [{ text: 'Transport', tag: 'h2' }, { text: title, tag: 'h1' }, para(story[0]!)];
    expect(classifyBlocks(blocks, { title }).map((b) => b.kind)).toEqual(['label', 'headline', null]);
  });

  it('recognises a short Japanese headline repeated in the body', () => {
    const title = '欲張りなイヌ';
    const body = '肉をくわえたイヌが、橋を渡っていました。ふと下を見ると、川の中にも肉をくわえたイヌがいます。イヌはそれを見て、思いました。';
    expect(classifyBlocks([{ text: title, tag: 'h2' }, para(body)], { title }).map((b) => b.kind)).toEqual(['headline', null]);
  });

  it('names the kind from the container: comments, newsletter, related', () => {
    const blocks = [
      ...story.map(para),
      { text: 'Great idea, I ride route 9 every night.', tag: 'p', hints: 'comment-list' },
      { text: 'Our morning briefing, free.', tag: 'p', hints: 'newsletter-box' },
    ];
    expect(classifyBlocks(blocks).slice(-2).map((b) => b.kind)).toEqual(['comment', 'call-to-action']);
  });
});

describe('a call to action is a pitch to the reader, not a story sentence with the same words', () => {
  const around = (line: string): string[] => [story[0]!, story[1]!, line, story[2]!, story[3]!];

  it.each([
    'The union asked members to join them on the picket line today.',
    'The council will subscribe to the regional water plan today.',
    'Residents can sign up for the parking permit here until the end of the month.',
    'Newsletters from the council now arrive by post only.',
    'The minister would like us to know that the trains are safe. You know, like solving the problem.',
    'Donate blood, the hospital urged residents, as supplies fell to a three-day low.',
  ])('keeps "%s"', (line) => {
    expect(cleanParagraphs(around(line))).toEqual(around(line));
  });

  it.each([
    'Cities change fast. Keep up with the Metro Morning newsletter.',
    'Newsletter: sign up for the Friday transit briefing',
    'Like us on Facebook for daily route updates.',
    'Never miss a route change: get our alerts free.',
  ])('drops "%s"', (line) => {
    expect(cleanParagraphs(around(line))).toEqual(story);
  });
});

describe('a linked line is a teaser only when it reads like one', () => {
  const linked = (text: string): { text: string; tag: string; linkDensity: number } => ({ text, tag: 'p', linkDensity: 0.8 });
  const blocksAround = (line: { text: string; tag: string; linkDensity: number }) => [
    { text: story[0]!, tag: 'p' },
    { text: story[1]!, tag: 'p' },
    line,
    { text: story[2]!, tag: 'p' },
    { text: story[3]!, tag: 'p' },
  ];

  it('keeps a whole sentence of the story that links its source', () => {
    const sentence = 'The pilot route carried 41,000 riders in its first three months, almost twice what planners had forecast.';
    expect(cleanBlocks(blocksAround(linked(sentence)))).toEqual([story[0], story[1], sentence, story[2], story[3]]);
  });

  it.each([
    'Depot expansion delayed again as council argues over the cost of land',
    '[Read: Why the east-side pilot doubled late-night ridership in a single season.]',
    'Related: The night bus drivers who keep the city moving after midnight every day.',
    'Council weighs fare cap for students.',
  ])('drops the teaser "%s"', (line) => {
    expect(cleanBlocks(blocksAround(linked(line)))).toEqual(story);
  });
});

describe('credit lines that start "Photo by"', () => {
  it.each(['Photo by Ana Ruiz for Metro Daily', 'Top image courtesy of the Harbor Museum'])('drops "%s" in the middle of a story', (line) => {
    expect(cleanParagraphs([story[0]!, story[1]!, line, story[2]!, story[3]!])).toEqual(story);
  });

  it('drops a long list of photographers at the end', () => {
    const credits = 'Photos by Ana Ruiz (Metro Daily), Tom Baker, lenscrafter22, Mia Sato (City Archive), Joel Park and Lee Chan.';
    expect(cleanParagraphs([...story, credits])).toEqual(story);
  });

  it('keeps a sentence that only starts like a credit', () => {
    const line = 'Photographs by the drivers themselves will hang in the depot gallery until May.';
    expect(cleanParagraphs([story[0]!, story[1]!, line, story[2]!, story[3]!])).toEqual([story[0], story[1], line, story[2], story[3]]);
    expect(cleanParagraphs([...story, line])).toEqual([...story, line]);
  });
});

describe('lines the page repeats', () => {
  const para = (text: string): { text: string; tag: string } => ({ text, tag: 'p' });
  const recipe = (n: number): { text: string; tag: string }[] => [
    para(`Smoothie ${n}: blend the ingredients below with a cup of ice until smooth, then serve it straight away.`),
    para('Harbor Oat Milk'),
    para(`${n} ripe bananas`),
  ];

  it('keeps a three-word product a recipe page names in each recipe', () => {
    const blocks = [...recipe(1), ...recipe(2), ...recipe(3)];
    expect(cleanBlocks(blocks)).toEqual(blocks.map((b) => b.text));
  });

  it('drops a two-word label the page repeats between paragraphs', () => {
    const blocks = [para(story[0]!), para('Partner content'), para(story[1]!), para('Partner content'), para(story[2]!), para('Partner content'), para(story[3]!)];
    expect(cleanBlocks(blocks)).toEqual(story);
  });
});

describe('prompts that turn to the reader at the end of a paragraph or on a line of their own', () => {
  const around = (line: string): string[] => [story[0]!, story[1]!, line, story[2]!, story[3]!];

  const closing =
    'We rode all four new routes over two weeks, at every hour the buses run, and we could not fit every stop, shortcut and late-night snack bar on one map, though we tried hard for most of a fortnight.';

  it.each([
    'Leave a comment and tell us which one we missed.',
    'Follow us on Instagram @metrodaily.',
    'Follow her on Twitter @dcole_news. Follow us on Facebook.',
    'Get our transit briefing in your inbox every Friday.',
  ])('keeps the author’s own closing sentence and drops "%s" after it', (prompt) => {
    expect(cleanParagraphs([...story, `${closing} ${prompt}`])).toEqual([...story, closing]);
  });

  it('keeps a quoted title before the prompt', () => {
    const own = 'Dana Cole’s guide to the night buses, “After Midnight” (Harbor Press, 2025), is out now.';
    expect(cleanParagraphs([...story, `${own} Follow her on Twitter @dcole_news. Follow us on Facebook.`])).toEqual([...story, own]);
  });

  it('drops a short promo paragraph whole', () => {
    expect(cleanParagraphs([...story, 'The full timetable is on our website. Follow us on Instagram @metrodaily.'])).toEqual(story);
  });

  it.each([
    'If you ride every night, you can buy a $70 annual subscription that saves you $14 a year.',
    'The route maps are posted at every stop. “Sign up before the list closes,” the mayor said.',
    'The authority also posts delays online. Riders can follow the buses on a live map.',
  ])('keeps the whole paragraph "%s"', (paragraph) => {
    expect(cleanParagraphs([...story, paragraph])).toEqual([...story, paragraph]);
  });

  it.each([
    'Follow Metro Daily: Twitter | Facebook',
    'Dana Cole is on Instagram at dcole_news.',
    'As always, let us know what you think in the comments.',
    'Tell us what you think of the new timetable below.',
  ])('drops the line "%s"', (line) => {
    expect(cleanParagraphs(around(line))).toEqual(story);
  });

  it.each([
    'Follow the money, investigators say, and the story becomes clear.',
    'Let us know if the bus is late, the driver told passengers on the first night.',
  ])('keeps the story line "%s"', (line) => {
    expect(cleanParagraphs(around(line))).toEqual(around(line));
  });

  it('says what it cut from a paragraph', () => {
    const verdicts = classifyBlocks([...story, `${closing} Leave a comment and tell us which one we missed.`].map((text) => ({ text })));
    expect(verdicts.slice(-2)).toEqual([
      { text: closing, kind: null },
      { text: 'Leave a comment and tell us which one we missed.', kind: 'comment' },
    ]);
  });
});

describe('notes at the foot of the story: bios, contributors, republication', () => {
  it.each([
    'Dana Cole covers city hall for Metro Daily. Before that she wrote about schools.',
    'Dana Cole has covered transport since 2019. Previously she wrote about housing and the port.',
    'DANA COLE IS METRO DAILY’S TRANSPORT EDITOR',
    'Pat Moreno is a rail historian living in Leeds, where he collects timetables.',
    'Sam Ortiz in Lisbon and Kim Yoon in Seoul contributed to this report.',
    'Kim Yoon contributed reporting from Seoul.',
    'This column was reprinted from the Harbor Gazette.',
  ])('drops "%s" at the end', (line) => {
    expect(cleanParagraphs([...story, line])).toEqual(story);
  });

  it('keeps a last paragraph that reports what someone said, even when it starts like a bio', () => {
    const line = 'Dana Cole has covered the council for a decade, and she said she had never seen a vote this close.';
    expect(cleanParagraphs([...story, line])).toEqual([...story, line]);
  });

  it('drops an "About the author" box: the label, the name and the role', () => {
    expect(cleanParagraphs([...story, 'About the author', 'Dana Cole', 'Transport editor, Metro Daily'])).toEqual(story);
  });
});

describe('wire captions and credits at the end of a caption', () => {
  const around = (line: string): string[] => [story[0]!, story[1]!, line, story[2]!, story[3]!];

  it.each([
    'In this photo taken on Monday, riders wait for the first night bus at the central depot while rain falls on the shelters.',
    'This image provided by the transit authority shows the new depot under construction.',
    'The new depot opened to riders on Monday morning. Source: Supplied',
    'Riders queue at the central stop before midnight. Picture: City Archive',
  ])('drops "%s"', (line) => {
    expect(cleanParagraphs(around(line))).toEqual(story);
  });

  it('keeps a sentence about a photo', () => {
    const line = 'This photo, taken by a rider on the first night, was shared thousands of times on Tuesday.';
    expect(cleanParagraphs(around(line))).toEqual(around(line));
  });
});

describe('related and next-page labels', () => {
  it('drops "More transit news:" and the teaser headlines under it', () => {
    expect(cleanParagraphs([...story, 'More transit news:', 'Depot expansion delayed again', 'Council weighs fare cap for students'])).toEqual(story);
  });

  it('drops a next-page link', () => {
    expect(cleanParagraphs([...story, 'Next page: Fares and passes >>'])).toEqual(story);
  });

  it('keeps a sentence that starts with "More … news"', () => {
    const line = 'More local news outlets are closing every year, the report found.';
    expect(cleanParagraphs([story[0]!, story[1]!, line, story[2]!, story[3]!])).toEqual([story[0], story[1], line, story[2], story[3]]);
  });
});

describe('the offer after a closing pitch', () => {
  it('drops the plan names and prices that follow a newsletter pitch at the end', () => {
    expect(cleanParagraphs([...story, 'Sign up for our weekly transit briefing.', 'Monthly', '$3/month', 'Cancel anytime.', 'We accept all major cards.'])).toEqual(story);
  });

  it('keeps the story that goes on after a pitch in the second half', () => {
    const more = 'Night drivers will be paid a 15% premium for the new routes, under an agreement the union signed in March after two months of talks with the authority.';
    const input = [...story, 'Sign up for our weekly transit briefing.', more, 'Cancel anytime.'];
    expect(cleanParagraphs(input)).toEqual([...story, more, 'Cancel anytime.']);
  });
});

describe('bylines in the lead-in', () => {
  it('keeps a short opening sentence that starts with "By"', () => {
    const input = ['By noon, the queue had gone.', ...story];
    expect(cleanParagraphs(input)).toEqual(input);
  });

  it('drops "Posted by" with a lower-case user name', () => {
    expect(cleanParagraphs(['Posted by dcole on 2025-03-02', ...story])).toEqual(story);
  });
});
