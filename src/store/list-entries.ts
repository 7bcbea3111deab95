import type Keyv from 'keyv';

interface IterableAdapter {
  namespace?: string;
  iterator(namespace?: string): AsyncIterable<[string, unknown]>;
}

/**
 * Every live entry of a namespace, each key once.
 *
 * - Redis lists a namespace with SCAN, which may return a key twice when the keyspace is resized during the
 *   walk (seen under load: one follow listed twice).
 * - A key deleted by another process between the listing and the read of its value (an outbox item another
 *   worker just delivered) comes back without a value, and Keyv's own iterator throws on it ("Cannot read
 *   properties of undefined (reading 'expires')"), which ended the whole delivery run. Here it is skipped.
 *
 * So the adapter's listing is read directly and each value is decoded the way Keyv does (its deserializer,
 * then the expiry check); callers count, plan and post from these lists.
 */
export async function* entriesOf<T>(kv: Keyv): AsyncGenerator<[string, T]> {
  const store = kv.store as IterableAdapter | Map<unknown, unknown>;
  const seen = new Set<string>();
  if (store instanceof Map || typeof store.iterator !== 'function') {
    // The in-memory store: one process, nothing can delete behind the walk's back.
    if (!kv.iterator) throw new Error('This store cannot list its entries');
    for await (const [key, value] of kv.iterator(kv.namespace)) {
      const k = String(key);
      if (value === undefined || value === null || seen.has(k)) continue;
      seen.add(k);
      yield [k, value as T];
    }
    return;
  }
  const namespace = kv.namespace;
  const prefix = namespace ? `${namespace}:` : '';
  const deserialize = kv.deserialize;
  for await (const [rawKey, raw] of store.iterator(namespace)) {
    if (raw === undefined || raw === null) continue;
    const key = prefix && rawKey.startsWith(prefix) ? rawKey.slice(prefix.length) : rawKey;
    if (seen.has(key)) continue;
    const data = (typeof raw === 'string' && deserialize ? await deserialize(raw) : raw) as { value?: unknown; expires?: number | null } | undefined;
    if (!data || data.value === undefined || data.value === null) continue;
    if (typeof data.expires === 'number' && Date.now() > data.expires) continue;
    seen.add(key);
    yield [key, data.value as T];
  }
}
