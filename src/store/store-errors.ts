/**
 * Plain words for the store failures an operator can act on. SQLite reports them as error codes in the
 * message; Redis and PostgreSQL connection failures arrive as StoreError already.
 */
export function describeStoreError(err: unknown, storeUrl: string): string {
  const message = err instanceof Error ? err.message : String(err);
  // A SQLite file is named by its path; a server URL without its password.
  const where = storeUrl.replace(/^sqlite:\/\//i, '').replace(/\/\/[^@/]*@/, '//');
  if (/SQLITE_NOTADB|SQLITE_CORRUPT/.test(message)) {
    return `The database ${where} is damaged or not a SQLite file. Move it aside (or restore a backup) and start again; the bot will create a new one.`;
  }
  if (/SQLITE_BUSY|SQLITE_LOCKED|database is locked/.test(message)) {
    return `The database ${where} is locked by another process (another newsbot, or a tool with it open). Stop that process and start again.`;
  }
  if (/OOM command not allowed/.test(message)) {
    return `The Redis server at ${where} is out of memory and refuses writes (maxmemory). Give it more memory or free some, then start again.`;
  }
  if (/SQLITE_FULL|ENOSPC|database or disk is full|could not extend file|No space left on device/.test(message)) {
    return `The disk holding ${where} is full. Free some space and start again; nothing was written past the failure.`;
  }
  if (/SQLITE_IOERR|EIO\b|EFBIG|disk I\/O error/.test(message)) {
    return `The database ${where} cannot be written: the disk refused the write (${message.replace(/^\w+: /, '')}). Usually the disk is full or the file hit a size limit, sometimes the disk is failing. Free some space (or check the disk) and start again; nothing was written past the failure.`;
  }
  if (/SQLITE_CANTOPEN|SQLITE_READONLY|EACCES|EROFS/.test(message)) {
    return `The database ${where} cannot be opened for writing (check the folder's permissions and free space).`;
  }
  return `The store at ${where} failed: ${message}`;
}

/**
 * A store failure that retrying cannot fix while the bot runs: the disk is full or refuses writes, the file is
 * damaged or read-only. Going on would mean answering members and reading feeds while nothing they do or the
 * bot learns is kept, so the process stops instead. Busy or locked databases and network stores that drop a
 * connection are not fatal: those recover by themselves.
 */
export function isFatalStoreError(err: unknown): boolean {
  const message = err instanceof Error ? `${(err as { code?: unknown }).code ?? ''} ${err.message}` : '';
  // PostgreSQL says 53100 (disk_full) / "could not extend file"; Redis at its memory limit refuses writes with OOM.
  return /SQLITE_(FULL|IOERR|CORRUPT|NOTADB|READONLY|CANTOPEN)|ENOSPC|EROFS|database or disk is full|^53100\b|could not extend file|No space left on device|OOM command not allowed/.test(message);
}

/**
 * The same store, but every call that fails with a fatal fault is also reported to `onFault` (once per failing
 * call; the caller still gets its rejection). This is how the process learns that the disk filled up, whichever
 * part of the bot (a command, a poll, a delivery) hit it first.
 */
export function watchStoreFaults<T extends object>(store: T, onFault: (err: unknown) => void): T {
  const report = (result: unknown): unknown =>
    result instanceof Promise
      ? result.catch((err: unknown) => {
          if (isFatalStoreError(err)) onFault(err);
          throw err;
        })
      : result;
  const wrap = <O extends object>(target: O): O =>
    new Proxy(target, {
      get(obj, key) {
        const value: unknown = Reflect.get(obj, key, obj);
        return typeof value === 'function' ? (...args: unknown[]) => report((value as (...a: unknown[]) => unknown).apply(obj, args)) : value;
      },
    });
  const repositories = new Map<PropertyKey, object>();
  return new Proxy(store, {
    get(obj, key) {
      const value: unknown = Reflect.get(obj, key, obj);
      if (typeof value === 'function') return (...args: unknown[]) => report((value as (...a: unknown[]) => unknown).apply(obj, args));
      if (!value || typeof value !== 'object') return value;
      let repository = repositories.get(key);
      if (!repository) repositories.set(key, (repository = wrap(value)));
      return repository;
    },
  });
}
