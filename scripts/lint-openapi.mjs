#!/usr/bin/env node
// Lints the API document with the rules in redocly.yaml (the check test/openapi.test.ts runs):
//   node scripts/lint-openapi.mjs [file or URL, default http://localhost:3000/api/openapi.json]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, lintFromString } from '@redocly/openapi-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = process.argv[2] ?? 'http://localhost:3000/api/openapi.json';
const source = /^https?:/.test(from) ? await (await globalThis.fetch(from)).text() : fs.readFileSync(from, 'utf8');
const config = await loadConfig({ configPath: path.join(root, 'redocly.yaml') });
const problems = await lintFromString({ source, absoluteRef: path.join(root, 'openapi.json'), config });
for (const p of problems) console.log(`${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''} ${p.message}`);
console.log(problems.length ? `${problems.length} problem(s) in ${from}` : `${from}: no problems`);
process.exit(problems.length ? 1 : 0);
