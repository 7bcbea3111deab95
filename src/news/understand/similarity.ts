/**
 * Bag-of-terms similarity shared by the summarizer: content words for English (and other space-separated
 * languages), character bigrams for Japanese, where words are not separated by spaces.
 */

const STOPWORDS = new Set(
  (
    'a an the and or but if then else of to in on at by for with from as is are was were be been being ' +
    'it its this that these those he she they we i you him her them us me my our your his their ' +
    'not no nor so than too very can could will would shall should may might must do does did done ' +
    'has have had having said says say told also just about into over after before more most some such ' +
    'there here what which who whom whose when where why how all any both each few other only own same ' +
    'up down out off again further once s t don now mr mrs ms dr one two new'
  ).split(' '),
);

export function isJapanese(text: string, lang?: string): boolean {
  if (lang) return /^ja\b/i.test(lang);
  return /[\u3040-\u30ff]/.test(text);
}

const HAN_OR_KANA = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/gu;

/**
 * Chinese or Japanese: words are not separated by spaces, so a space-split "word" is a whole clause. Told by
 * the declared language, or by the text when none is declared or it names another one (pages often keep a
 * template's lang="en"): most of its letters are Han or kana.
 */
export function writtenWithoutSpaces(text: string, lang?: string): boolean {
  if (lang && /^(?:ja|zh)\b/i.test(lang)) return true;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const cjk = text.match(HAN_OR_KANA)?.length ?? 0;
  return letters > 0 && cjk / letters >= 0.5;
}

/** Terms of one sentence: lower-cased content words, or Japanese character bigrams. */
export function sentenceTerms(text: string, japanese: boolean): string[] {
  if (japanese) {
    const chars = [...text.replace(/[\s\p{P}\p{S}]+/gu, '')];
    const grams: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
    return grams;
  }
  return (text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [])
    .map((w) => w.replace(/['’]s$/, ''))
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

export type TermVector = Map<string, number>;

/** TF-IDF vectors, with document frequency counted over the sentences of the article itself. */
export function tfidfVectors(termLists: string[][]): TermVector[] {
  const df = new Map<string, number>();
  for (const terms of termLists) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = termLists.length;
  return termLists.map((terms) => {
    const v: TermVector = new Map();
    for (const t of terms) v.set(t, (v.get(t) ?? 0) + 1);
    for (const [t, tf] of v) v.set(t, tf * Math.log(1 + n / (df.get(t) ?? 1)));
    return v;
  });
}

export function cosine(a: TermVector, b: TermVector): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) dot += w * (large.get(t) ?? 0);
  if (dot === 0) return 0;
  return dot / (norm(a) * norm(b));
}

/**
 * All pairwise cosine similarities (diagonal 0). Norms are computed once and each pair once, which is
 * what makes TextRank affordable on a long article.
 */
export function similarityMatrix(vectors: TermVector[]): number[][] {
  const n = vectors.length;
  const norms = vectors.map(norm);
  const sim = vectors.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const a = vectors[i]!;
    if (norms[i] === 0) continue;
    for (let j = i + 1; j < n; j++) {
      const b = vectors[j]!;
      if (norms[j] === 0) continue;
      const [small, large] = a.size < b.size ? [a, b] : [b, a];
      let dot = 0;
      for (const [t, w] of small) {
        const x = large.get(t);
        if (x !== undefined) dot += w * x;
      }
      if (dot === 0) continue;
      const c = dot / (norms[i]! * norms[j]!);
      sim[i]![j] = c;
      sim[j]![i] = c;
    }
  }
  return sim;
}

function norm(v: TermVector): number {
  let s = 0;
  for (const w of v.values()) s += w * w;
  return Math.sqrt(s);
}

/** Share of a's distinct terms that also occur in b. */
export function containment(a: string[], b: string[]): number {
  const sa = new Set(a);
  if (sa.size === 0) return 0;
  const sb = new Set(b);
  let hit = 0;
  for (const t of sa) if (sb.has(t)) hit++;
  return hit / sa.size;
}

/** PageRank over a weighted similarity graph (TextRank / LexRank centrality). */
export function pageRank(sim: number[][], damping = 0.85, iterations = 30): number[] {
  const n = sim.length;
  if (n === 0) return [];
  const rowSums = sim.map((row) => row.reduce((s, x) => s + x, 0));
  let rank = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < iterations; it++) {
    const next = new Array<number>(n).fill((1 - damping) / n);
    for (let j = 0; j < n; j++) {
      const out = rowSums[j]!;
      if (out === 0) {
        for (let i = 0; i < n; i++) next[i]! += (damping * rank[j]!) / n;
        continue;
      }
      const row = sim[j]!;
      for (let i = 0; i < n; i++) {
        const w = row[i]!;
        if (w > 0) next[i]! += (damping * rank[j]! * w) / out;
      }
    }
    rank = next;
  }
  return rank;
}
