import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const root = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixture(path: string): string {
  return readFileSync(root + path, 'utf8');
}

export function fixtureBytes(path: string): Buffer {
  return readFileSync(root + path);
}

/** Fixtures for legacy encodings are kept as readable UTF-8 and encoded when served, as a real server would. */
export function encodedFixture(path: string, encoding: string): Buffer {
  return iconv.encode(fixture(path), encoding);
}
