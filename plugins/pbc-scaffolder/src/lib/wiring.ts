/**
 * The generated wiring of a PBC's service: what the skeleton renders from the spec and the
 * platform keeps up to date (configuration, workers, publishers, dedup store, entry point, build
 * files). The consumers' handlers (`src/consumers/<producer>-<event>.ts`, from the consumer
 * partial) are the team's and never wiring; so are the docs, the README and the workflows.
 */
const WIRING_ROOT_FILES = new Set([
  'package.json',
  'tsconfig.json',
  'Dockerfile',
]);

export function isWiringFile(filepath: string): boolean {
  return WIRING_ROOT_FILES.has(filepath) || filepath.startsWith('src/');
}
