/**
 * ROUGE-1/2/L F1, tokenised the way Google's rouge-score package does it (lower-case, every run of
 * characters outside [a-z0-9] becomes a space, no stemming). Tokenising both sides alike is what makes
 * PTB-tokenised references ("Locke 's", "do n't", "-LRB-") comparable with raw article sentences.
 */

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((t) => t.length > 0);
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function f1(overlap: number, candidateTotal: number, referenceTotal: number): number {
  if (overlap === 0 || candidateTotal === 0 || referenceTotal === 0) return 0;
  const p = overlap / candidateTotal;
  const r = overlap / referenceTotal;
  return (2 * p * r) / (p + r);
}

function ngramF1(candidate: string[], reference: string[], n: number): number {
  const c = ngramCounts(candidate, n);
  const r = ngramCounts(reference, n);
  let overlap = 0;
  for (const [k, v] of c) overlap += Math.min(v, r.get(k) ?? 0);
  return f1(overlap, Math.max(0, candidate.length - n + 1), Math.max(0, reference.length - n + 1));
}

/** LCS table between a and b (rows a, columns b), for length and backtracking. */
function lcsTable(a: string[], b: string[]): Uint32Array[] {
  const t = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = 1; i <= a.length; i++) {
    const row = t[i]!;
    const up = t[i - 1]!;
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? up[j - 1]! + 1 : Math.max(up[j]!, row[j - 1]!);
    }
  }
  return t;
}

/** Indices into `ref` of one longest common subsequence with `cand`. */
function lcsIndices(ref: string[], cand: string[]): number[] {
  const t = lcsTable(ref, cand);
  const out: number[] = [];
  let i = ref.length;
  let j = cand.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === cand[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if (t[i - 1]![j]! >= t[i]![j - 1]!) i--;
    else j--;
  }
  return out.reverse();
}

/**
 * Summary-level ROUGE-L (rouge-score's "rougeLsum", what papers report as ROUGE-L): for each
 * reference sentence, the union of its LCS with every candidate sentence, each token counted at most
 * as often as it occurs on both sides.
 */
function summaryLevelLcsF1(candSents: string[][], refSents: string[][]): number {
  const m = refSents.reduce((s, x) => s + x.length, 0);
  const n = candSents.reduce((s, x) => s + x.length, 0);
  if (m === 0 || n === 0) return 0;
  const countsR = countTokens(refSents.flat());
  const countsC = countTokens(candSents.flat());
  let hits = 0;
  for (const ref of refSents) {
    const union = new Set<number>();
    for (const cand of candSents) for (const i of lcsIndices(ref, cand)) union.add(i);
    for (const i of [...union].sort((a, b) => a - b)) {
      const tok = ref[i]!;
      if ((countsC.get(tok) ?? 0) > 0 && (countsR.get(tok) ?? 0) > 0) {
        hits++;
        countsC.set(tok, countsC.get(tok)! - 1);
        countsR.set(tok, countsR.get(tok)! - 1);
      }
    }
  }
  return f1(hits, n, m);
}

function countTokens(tokens: string[]): Map<string, number> {
  const c = new Map<string, number>();
  for (const t of tokens) c.set(t, (c.get(t) ?? 0) + 1);
  return c;
}

/**
 * Scores in [0, 1]. Pass the sentences of each side (the candidate's extracted sentences, the
 * reference's highlights) so ROUGE-L can be computed at summary level; a plain string is one sentence.
 */
export function rouge(candidate: string | string[], reference: string | string[]): RougeScores {
  const candSents = (Array.isArray(candidate) ? candidate : [candidate]).map(rougeTokens);
  const refSents = (Array.isArray(reference) ? reference : [reference]).map(rougeTokens);
  const c = candSents.flat();
  const r = refSents.flat();
  return {
    rouge1: ngramF1(c, r, 1),
    rouge2: ngramF1(c, r, 2),
    rougeL: summaryLevelLcsF1(candSents, refSents),
  };
}

/** Split a PTB-tokenised reference ("… sections . But only …") into its sentences. */
export function referenceSentences(reference: string): string[] {
  return reference
    .split(/(?<=\s[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Mean of each score, as percentages (the way papers report ROUGE). */
export function meanRougePercent(scores: RougeScores[]): RougeScores {
  const n = Math.max(1, scores.length);
  const sum = (k: keyof RougeScores) => (scores.reduce((s, x) => s + x[k], 0) / n) * 100;
  return { rouge1: sum('rouge1'), rouge2: sum('rouge2'), rougeL: sum('rougeL') };
}
