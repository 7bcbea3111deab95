// ESLint rule: no import cycle, type imports included. import-x/no-cycle follows value imports only (a type
// import is erased at run time), so a module that imports its aggregate's type while the aggregate imports it
// (store/guilds.ts taking `Store` from store/index.ts did) passes it. Such a cycle is still a lower module
// reaching up, or one concept split across two files, so this rule reports the cycles import-x/no-cycle does
// not: those that need a type import to close. It follows relative imports only: the layers are in src/.

import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** A file's imports, read once per version of the file while one ESLint process runs. */
const cache = new Map();

function importsOf(file) {
  let mtimeMs;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.imports;
  const imports = collectImports(readFileSync(file, 'utf8'), file);
  cache.set(file, { mtimeMs, imports });
  return imports;
}

/**
 * import/export … from statements at the start of a line (this code base's only style), and import('…').
 * A scan instead of a parse: the rule reads every file reachable from the linted ones, and parsing them with
 * the TypeScript parser took ~8 s of the lint on a busy machine, the scan ~0.2 s.
 */
const STATIC_IMPORT = /^(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Where each relative import of a module leads, whether it is a value import as import-x counts one, and its line. */
function collectImports(code, file) {
  const out = [];
  const add = (source, value, index) => {
    const to = resolveLocal(file, source);
    if (to) out.push({ to, value, line: code.slice(0, index).split('\n').length });
  };
  for (const m of code.matchAll(STATIC_IMPORT)) {
    if (m[5]) {
      add(m[5], true, m.index);
      continue;
    }
    const braces = /\{([^}]*)\}/.exec(m[3]);
    const named = braces ? braces[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
    const bare = m[3].replace(/\{[^}]*\}/, '').replace(/,/g, '').trim();
    // `import type …`, or only `{ type A, type B }` with no default or namespace import beside them.
    const typeOnly = Boolean(m[2]) || (!bare && named.length > 0 && named.every((s) => s.startsWith('type ')));
    add(m[4], !typeOnly, m.index);
  }
  // A dynamic import, or a type written as import('…').Name; counted as a value import.
  for (const m of code.matchAll(DYNAMIC_IMPORT)) add(m[1], true, m.index);
  return out;
}

function resolveLocal(from, source) {
  if (!source.startsWith('./') && !source.startsWith('../')) return undefined;
  const path = resolve(dirname(from), source);
  if (!/\.[cm]?[jt]s$/.test(path)) return undefined;
  try {
    return statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The shortest chain of imports from `file` back to itself, following the imports `follow` accepts. */
function cycleThrough(file, follow) {
  const previous = new Map([[file, undefined]]);
  const queue = [file];
  while (queue.length) {
    const at = queue.shift();
    for (const edge of importsOf(at)) {
      if (!follow(edge)) continue;
      if (edge.to === file) {
        const chain = [];
        for (let step = at; step !== file; step = previous.get(step)) chain.unshift(step);
        return [file, ...chain, file];
      }
      if (previous.has(edge.to)) continue;
      previous.set(edge.to, at);
      queue.push(edge.to);
    }
  }
  return undefined;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow import cycles that are closed by a type import (import-x/no-cycle reports the others).' },
    schema: [],
    messages: {
      cycle: 'Import cycle through a type import: {{route}}. Move the shared type or function down to where both can import it.',
    },
  },
  create(context) {
    const file = context.physicalFilename;
    return {
      Program(program) {
        if (!file || file === '<text>') return;
        const route = cycleThrough(file, () => true);
        if (!route) return;
        if (cycleThrough(file, (edge) => edge.value)) return;
        const root = context.cwd;
        const first = importsOf(file).find((edge) => edge.to === route[1]);
        context.report({
          loc: first ? { line: first.line, column: 0 } : program.loc,
          messageId: 'cycle',
          data: { route: route.map((p) => relative(root, p)).join(' → ') },
        });
      },
    };
  },
};
