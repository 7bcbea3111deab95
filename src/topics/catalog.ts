/**
 * The built-in topic catalog. The data lives in catalog.json beside this file (curated terms,
 * weights, descriptions); this module validates it once and looks topics up.
 */
import { z } from 'zod';
import rawCatalog from './catalog.json' with { type: 'json' };

const termSchema = z.union([
  z.string().min(1),
  z.strictObject({
    text: z.string().min(1),
    /** 'upper': only in capitals (BTC); 'title': only capitalised (the Diet, not a diet). Ignored in all-caps lines. */
    case: z.enum(['upper', 'title']).optional(),
    /** No plural/inflected forms (Abe must not match "abed"). */
    exact: z.boolean().optional(),
  }),
]);

const groupSchema = z.strictObject({
  name: z.string().min(1),
  /** What one mention of a term in the lead is worth, relative to a core term (1). */
  weight: z.number().positive().max(2),
  /** Terms that mean something else outside the topic count only when another term of the topic is found. */
  needsSupport: z.boolean().optional(),
  terms: z.array(termSchema).min(1),
});

const topicSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).optional(),
  description: z.string().min(1),
  groups: z.array(groupSchema).min(1),
  /**
   * Other senses the topic's words have (a `senses` entry of the catalog): an article that shows one of them
   * (two of its terms or more) matches only with a strict score. "France" names the country and the national team.
   */
  otherSenses: z.array(z.string().min(1)).optional(),
});

const senseSchema = z.strictObject({
  description: z.string().min(1),
  terms: z.array(termSchema).min(2),
});

const catalogSchema = z.object({ topics: z.array(topicSchema).min(1), senses: z.record(z.string(), senseSchema).optional() });

export type CatalogTerm = z.infer<typeof termSchema>;
export type TermGroup = z.infer<typeof groupSchema>;
export type TopicDefinition = z.infer<typeof topicSchema>;
export type SenseDefinition = z.infer<typeof senseSchema>;

let cached: TopicDefinition[] | undefined;
let cachedSenses: Record<string, SenseDefinition> = {};

/** The built-in topics, validated. Throws at start-up if catalog.json is malformed, naming the bad field. */
export function loadCatalog(): TopicDefinition[] {
  if (!cached) {
    const parsed = catalogSchema.safeParse(rawCatalog);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`src/topics/catalog.json is invalid at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'unknown'}`);
    }
    const ids = new Set<string>();
    const senses = parsed.data.senses ?? {};
    for (const t of parsed.data.topics) {
      if (ids.has(t.id)) throw new Error(`src/topics/catalog.json lists topic "${t.id}" twice`);
      ids.add(t.id);
      for (const sense of t.otherSenses ?? []) {
        if (!senses[sense]) throw new Error(`src/topics/catalog.json: topic "${t.id}" names the sense "${sense}", which "senses" does not define`);
      }
    }
    cachedSenses = senses;
    cached = parsed.data.topics;
  }
  return cached;
}

function key(s: string): string {
  return s.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Find a built-in topic by id, name or alias, case-insensitively ("Japan", "japan", "economy and markets"). */
export function findTopic(idOrName: string): TopicDefinition | undefined {
  const k = key(idOrName);
  if (!k) return undefined;
  const topics = loadCatalog();
  return (
    topics.find((t) => t.id === k) ??
    topics.find((t) => key(t.name) === k) ??
    topics.find((t) => (t.aliases ?? []).some((a) => key(a) === k))
  );
}

/** The text of a catalog term, whichever form it was written in. */
export function termText(term: CatalogTerm): string {
  return typeof term === 'string' ? term : term.text;
}

/** The catalog's other senses of topic words (see TopicDefinition.otherSenses), by name. */
export function catalogSenses(): Record<string, SenseDefinition> {
  loadCatalog();
  return cachedSenses;
}
