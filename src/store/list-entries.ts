import type Keyv from 'keyv';

/**
 * Every entry of a namespace, each key once. Redis lists a namespace with SCAN, which may return a key twice
 * when the keyspace is resized during the walk (seen under load: one follow listed twice); SQL stores page
 * through a table that may change between pages. Callers count, plan and post from these lists, so a key
 * seen twice is skipped here rather than everywhere.
 */
export async function* entriesOf<T>(kv: Keyv): AsyncGenerator<[string, T]> {
  if (!kv.iterator) throw new Error('This store cannot list its entries');
  const seen = new Set<string>();
  for await (const [key, value] of kv.iterator(kv.namespace)) {
    const k = String(key);
    if (value === undefined || value === null || seen.has(k)) continue;
    seen.add(k);
    yield [k, value as T];
  }
}
