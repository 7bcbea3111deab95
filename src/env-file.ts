import { existsSync } from 'node:fs';
import dotenv from 'dotenv';

/** Reads `.env` from the working directory when there is one; real environment variables win over it. */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) dotenv.config({ path, quiet: true });
}
