#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so `npx newsbot` works right after `npm install`, with no build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
await import(cli);
