/**
 * Plain words for the store failures an operator can act on. SQLite reports them as error codes in the
 * message; Redis and PostgreSQL connection failures arrive as StoreError already.
 */
export function describeStoreError(err: unknown, storeUrl: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const where = storeUrl.replace(/\/\/[^@/]*@/, '//');
  if (/SQLITE_NOTADB|SQLITE_CORRUPT/.test(message)) {
    return `The database ${where} is damaged or not a SQLite file. Move it aside (or restore a backup) and start again; the bot will create a new one.`;
  }
  if (/SQLITE_BUSY|SQLITE_LOCKED|database is locked/.test(message)) {
    return `The database ${where} is locked by another process (another newsbot, or a tool with it open). Stop that process and start again.`;
  }
  if (/SQLITE_FULL|ENOSPC|database or disk is full/.test(message)) {
    return `The disk holding ${where} is full. Free some space and start again; nothing was written past the failure.`;
  }
  if (/SQLITE_CANTOPEN|SQLITE_READONLY|EACCES|EROFS/.test(message)) {
    return `The database ${where} cannot be opened for writing (check the folder's permissions and free space).`;
  }
  return `The store at ${where} failed: ${message}`;
}
