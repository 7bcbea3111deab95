/**
 * Words that stand for a speaker without naming one. Quote attribution sometimes lands on them ("he said",
 * "The said", "Don’t said"); shown as the speaker they read as a mistake, where an unattributed quote reads
 * as what it is.
 */
const NOT_A_NAME = new Set([
  'i', 'me', 'we', 'us', 'you', 'he', 'him', 'she', 'her', 'it', 'they', 'them', 'his', 'hers', 'its', 'their', 'our', 'my', 'your',
  'this', 'that', 'these', 'those', 'who', 'which', 'what', 'the', 'a', 'an', 'one', 'someone', 'somebody', 'anyone', 'everyone', 'nobody',
  'and', 'but', 'or', 'so', 'then', 'also', 'was', 'is', 'had', 'has', 'said', 'says',
  '彼', '彼女', '彼ら', '彼女ら', 'それ', 'これ',
]);

/** Contractions: "Don’t", "It's", "We'll" are never a person's name. */
const CONTRACTION = /^\p{L}+['’](?:t|s|d|ll|re|ve|m)$/iu;

/**
 * The speaker a quote is credited to, or null when the one found is a pronoun, article or other non-name. Applied
 * where quotes are found (findQuotes) and again where they are shown, for insights stored before.
 */
export function speakerName(speaker: string | null | undefined): string | null {
  const name = speaker?.trim();
  if (!name) return null;
  if (!/\s/.test(name) && (NOT_A_NAME.has(name.toLowerCase()) || CONTRACTION.test(name))) return null;
  return name;
}
