import { ensureWebBuild } from './harness';

/**
 * Builds the web app once before any browser test file runs. Here the build has no hook timeout,
 * so a slow build on a loaded machine cannot fail the first file's beforeAll.
 */
export default function setup() {
  ensureWebBuild();
}
