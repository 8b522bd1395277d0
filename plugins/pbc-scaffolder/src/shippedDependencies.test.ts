import fs from 'node:fs';
import path from 'node:path';

/**
 * The AGPL-3.0 IAM simulator the proofs use must never ship: no module the backend loads (the
 * module's entry point and the render worker's) may import it, and the package may list it only
 * as a development dependency. The scaffold-time matrix uses src/lib/iamDecision.ts instead.
 */

const SRC = __dirname;
const ENTRIES = ['index.ts', 'lib/render/renderJob.ts'];
const FORBIDDEN = '@cloud-copilot/';

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base].find(
    candidate => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
}

/** Every bare module specifier imported by the shipped source reachable from the entries. */
function shippedImports(): { files: string[]; packages: Map<string, string> } {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const queue = ENTRIES.map(entry => path.join(SRC, entry));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    const specifiers = [
      ...text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g),
    ].map(m => m[1]);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) {
        const local = resolveLocal(file, specifier);
        if (local?.endsWith('.ts')) queue.push(local);
      } else {
        packages.set(specifier, path.relative(SRC, file));
      }
    }
  }
  return { files: [...seen], packages };
}

describe('what the scaffolder module ships', () => {
  it('does not import the AGPL IAM simulator from any module the backend loads', () => {
    const { files, packages } = shippedImports();
    // The walk reaches the render path and the evaluator that replaces the simulator there.
    expect(files.map(f => path.relative(SRC, f))).toEqual(
      expect.arrayContaining([
        'lib/leastPrivilegePage.ts',
        'lib/iamDecision.ts',
      ]),
    );
    expect(
      [...packages].filter(([specifier]) => specifier.startsWith(FORBIDDEN)),
    ).toEqual([]);
  });

  it('lists the simulator as a development dependency only', () => {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(SRC, '../package.json'), 'utf8'),
    );
    const runtime = { ...pkg.dependencies, ...pkg.peerDependencies };
    expect(
      Object.keys(runtime).filter(name => name.startsWith(FORBIDDEN)),
    ).toEqual([]);
    expect(Object.keys(pkg.devDependencies)).toContain(
      '@cloud-copilot/iam-simulate',
    );
  });
});
