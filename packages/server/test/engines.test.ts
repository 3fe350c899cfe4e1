import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

describe('the Node version the project declares is true of what it installs', () => {
  it('every production package in the lockfile runs on the lowest Node that `engines` allows', () => {
    const floor: string = readJson('package.json').engines.node;
    const lowest = semver.minVersion(floor)!.version;
    expect(semver.satisfies(process.version, floor), `this Node ${process.version} is outside ${floor}`).toBe(true);
    const packages = Object.entries<{ version: string; dev?: boolean; engines?: { node?: string } }>(readJson('package-lock.json').packages).filter(([p, m]) => p && !m.dev);
    // Sanity: the lockfile was read and has the server's runtime in it.
    expect(packages.some(([p]) => p === 'node_modules/fastify')).toBe(true);
    const tooNew = packages.filter(([, m]) => m.engines?.node && !semver.satisfies(lowest, m.engines.node)).map(([p, m]) => `${p}@${m.version} needs Node ${m.engines!.node}`);
    expect(tooNew).toEqual([]);
  });

  it('each workspace declares the same floor as the root', () => {
    const floor = readJson('package.json').engines.node;
    for (const ws of ['packages/shared', 'packages/server', 'packages/web']) {
      const declared = readJson(`${ws}/package.json`).engines?.node;
      if (declared !== undefined) expect(declared, ws).toBe(floor);
    }
  });
});
