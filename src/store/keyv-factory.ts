import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Keyv from 'keyv';

/** Opens one Keyv namespace; every repository asks this for its own, so the backend is chosen in one place. */
export type KeyvFactory = (namespace: string) => Keyv;

export class StoreError extends Error {
  override name = 'StoreError';
}

export interface StoreBackend {
  open: KeyvFactory;
  /** Closes every namespace opened through `open`. */
  close(): Promise<void>;
  kind: 'sqlite' | 'redis' | 'postgres' | 'memory';
}

/**
 * Picks the Keyv adapter from STORE_URL. SQLite is built in; Redis and PostgreSQL load their Keyv adapter on
 * demand, so a newcomer installs neither. Each namespace gets its own adapter instance because Keyv adapters
 * carry the namespace as mutable state.
 */
export async function openStoreBackend(storeUrl: string): Promise<StoreBackend> {
  const opened: Keyv[] = [];
  const track = (k: Keyv) => {
    opened.push(k);
    return k;
  };
  const close = async () => {
    await Promise.allSettled(opened.map((k) => k.disconnect()));
  };
  const scheme = storeUrl.split(':')[0]!.toLowerCase();
  if (scheme === 'memory') {
    return { kind: 'memory', open: (namespace) => track(new Keyv({ namespace, throwOnErrors: true })), close };
  }
  if (scheme === 'sqlite') {
    const file = storeUrl.replace(/^sqlite:\/\//i, '');
    if (file && file !== ':memory:') {
      try {
        mkdirSync(dirname(resolve(file)), { recursive: true });
      } catch (err) {
        throw new StoreError(`Cannot create the folder for the database ${file}: ${(err as Error).message}`);
      }
    }
    const { default: KeyvSqlite } = await import('@keyv/sqlite');
    return {
      kind: 'sqlite',
      open: (namespace) => {
        const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 10_000 });
        return track(guard(new Keyv({ store: adapter, namespace, throwOnErrors: true })));
      },
      close,
    };
  }
  const adapterPackage = scheme.startsWith('redis') ? '@keyv/redis' : '@keyv/postgres';
  let mod: { default: new (uri: string) => object };
  try {
    mod = (await import(adapterPackage)) as typeof mod;
  } catch {
    throw new StoreError(`STORE_URL uses ${scheme}, which needs the ${adapterPackage} package: run npm install ${adapterPackage}`);
  }
  return {
    kind: scheme.startsWith('redis') ? 'redis' : 'postgres',
    open: (namespace) => track(guard(new Keyv({ store: new mod.default(storeUrl) as never, namespace, throwOnErrors: true }))),
    close,
  };
}

/**
 * Keyv emits store errors as events as well as rejecting (throwOnErrors); without a listener Node would crash
 * the process on the event. The rejection still reaches the caller, so nothing fails silently.
 */
function guard(k: Keyv): Keyv {
  k.on('error', () => {});
  return k;
}
