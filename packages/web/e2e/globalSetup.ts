import { buildServer, ensureWebBuild } from './harness';

/**
 * Builds the web app and the server once before any browser test file runs. Here the builds have
 * no hook timeout, so a slow build on a loaded machine cannot fail the first file's beforeAll.
 */
export default function setup() {
  ensureWebBuild();
  buildServer();
}
