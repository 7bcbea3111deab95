/**
 * Generated news for the benchmarks: feeds and article pages built from a fixed seed and a small vocabulary
 * written for this purpose, so runs are repeatable and nothing third-party is stored in the repository.
 * The text is not meant to read well; it is meant to have the shape of news (titles, paragraphs, a quote
 * with a named speaker) and to mention topics the matcher knows.
 */

/** mulberry32: a small deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T;
}

const SUBJECTS = ['The city council', 'A regional court', 'The port authority', 'Local farmers', 'The transit agency', 'A hospital group', 'The school board', 'Two rival unions', 'The water utility', 'A group of engineers', 'The harbour museum', 'Coastal fishermen', 'The housing office', 'A cycling club', 'The weather service', 'A software start-up', 'The library trust', 'A ferry operator'];
const VERBS = ['approves', 'delays', 'rejects', 'expands', 'reviews', 'funds', 'questions', 'announces', 'pauses', 'doubles', 'trims', 'redesigns', 'defends', 'audits'];
const OBJECTS = ['a new bridge plan', 'the night bus routes', 'a flood barrier', 'rent support', 'the grain harbour', 'a solar roof scheme', 'teacher hiring', 'the market square', 'a data centre', 'river dredging', 'the tram depot', 'clinic hours', 'a wind farm permit', 'the ring road', 'street lighting', 'a recycling depot'];
const DETAILS = ['after a long debate', 'despite protests', 'ahead of winter', 'for the third time', 'with a narrow vote', 'under budget pressure', 'after a public hearing', 'as costs rise', 'following an audit', 'before the summer break'];
const TOPIC_PHRASES = ['as the yen weakens against the dollar', 'after talks in Tokyo', 'with a Japanese partner', 'as bitcoin prices swing', 'amid a blockchain pilot', 'as crypto exchanges tighten rules', 'using an artificial intelligence model', 'as oil prices climb', 'after a NASA launch', 'as the European Union weighs rules', 'after a heatwave linked to climate change', 'as the central bank holds interest rates'];
const FIRST_NAMES = ['Mara', 'Tomas', 'Aiko', 'Felix', 'Nadia', 'Oskar', 'Lena', 'Rafael', 'Ingrid', 'Kenji', 'Sofia', 'Pavel'];
const LAST_NAMES = ['Lindqvist', 'Okafor', 'Brandt', 'Moreau', 'Tanaka', 'Petrov', 'Almeida', 'Novak', 'Haddad', 'Eriksen', 'Castillo', 'Varga'];
const ROLES = ['the council leader', 'a union spokesperson', 'the agency director', 'a local resident', 'the project engineer', 'the finance officer'];
const FILLER = ['Officials said the work would begin next month and take about two years.', 'The decision follows months of consultation with residents and businesses.', 'Critics argue the cost estimate leaves out maintenance over the coming decade.', 'A final vote is expected before the end of the quarter.', 'The plan will be published in full on the council website next week.', 'Several neighbouring towns are watching the outcome closely.', 'Funding comes partly from a national infrastructure programme.', 'The previous attempt stalled over a dispute about land rights.'];

const SYLLABLES = ['ka', 'ro', 'mi', 'ten', 'sa', 'lo', 'vi', 'dar', 'nu', 'pe', 'qua', 'zel', 'bo', 'ri', 'fen', 'tor', 'ash', 'ul', 'mer', 'gan'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A made-up proper name (place, person, company): real stories differ mostly in such names and numbers. */
export function madeUpName(random: () => number): string {
  const n = 2 + Math.floor(random() * 2);
  let w = '';
  for (let i = 0; i < n; i++) w += pick(SYLLABLES, random);
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** One sentence of story-specific detail, so two generated stories are as distinct as two real ones. */
export function specificSentence(random: () => number): string {
  return `In ${madeUpName(random)}, ${madeUpName(random)} ${madeUpName(random)} of ${madeUpName(random)} Partners said on ${pick(WEEKDAYS, random)} that ${2 + Math.floor(random() * 900)} households and ${madeUpName(random)} ${madeUpName(random)} would be affected by ${Math.floor(random() * 90) + 10} per cent.`;
}

export interface NewsItem {
  id: string;
  title: string;
  link: string;
  published: Date;
  description: string;
}

/** A headline; with `topical` probability it carries a phrase a built-in topic matches. */
export function makeTitle(random: () => number, topical = 0.5): string {
  const base = `${pick(SUBJECTS, random)} in ${madeUpName(random)} ${pick(VERBS, random)} ${pick(OBJECTS, random)}`;
  return random() < topical ? `${base} ${pick(TOPIC_PHRASES, random)}` : `${base} ${pick(DETAILS, random)}`;
}

export function makeParagraphs(title: string, random: () => number, count = 6): string[] {
  const speaker = `${pick(FIRST_NAMES, random)} ${pick(LAST_NAMES, random)}`;
  const role = pick(ROLES, random);
  const paragraphs = [
    `${title}. ${specificSentence(random)} ${pick(FILLER, random)}`,
    `"We have waited long enough for a decision that serves everyone who lives here," said ${speaker}, ${role}.`,
  ];
  while (paragraphs.length < count) paragraphs.push(`${pick(FILLER, random)} ${pick(FILLER, random)} ${speaker} added that ${pick(OBJECTS, random)} would be reviewed ${pick(DETAILS, random)}.`);
  return paragraphs;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function rssXml(title: string, siteUrl: string, items: NewsItem[]): string {
  const body = items
    .map((i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid isPermaLink="false">${esc(i.id)}</guid><pubDate>${i.published.toUTCString()}</pubDate><description>${esc(i.description)}</description></item>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${esc(title)}</title><link>${esc(siteUrl)}</link><description>Generated feed for benchmarks</description>\n${body}\n</channel></rss>\n`;
}

/** An article page in the usual shape: navigation, byline, body paragraphs, a related-links box, a footer. */
export function articleHtml(title: string, paragraphs: string[], site: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} | ${esc(site)}</title>
<meta property="og:title" content="${esc(title)}"><meta property="og:site_name" content="${esc(site)}"></head>
<body><header><nav><a href="/">Home</a> <a href="/local">Local</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>${esc(title)}</h1><p class="byline">By Staff Reporter</p>
${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</article>
<aside><h2>Related</h2><ul><li><a href="/a">Council publishes budget</a></li><li><a href="/b">Ferry timetable changes</a></li></ul></aside></main>
<footer><p>© ${esc(site)}</p><a href="#top">Back to top</a></footer></body></html>`;
}
