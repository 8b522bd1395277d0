import { InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The manifest of generated files, written into the PBC's repository at creation and on every
 * re-render: each file's content hash as the platform wrote it. A re-render overwrites a file
 * only while its hash still matches, so a file the team edited is never replaced.
 */
export const GENERATED_MANIFEST_PATH = '.pbc-portal/generated.json';

const manifestSchema = z.object({
  patternsVersion: z.string().min(1),
  files: z.record(z.string(), z.string().regex(/^sha256:[0-9a-f]{64}$/)),
});

export type GeneratedManifest = z.infer<typeof manifestSchema>;

export function contentHash(content: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

export function buildGeneratedManifest(
  patternsVersion: string,
  files: Array<[string, string]>,
): GeneratedManifest {
  return {
    patternsVersion,
    files: Object.fromEntries(
      files.map(([relative, content]) => [relative, contentHash(content)]),
    ),
  };
}

export function renderGeneratedManifest(manifest: GeneratedManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function parseGeneratedManifest(text: string): GeneratedManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError(`${GENERATED_MANIFEST_PATH} is not valid JSON`);
  }
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    throw new InputError(
      `${GENERATED_MANIFEST_PATH} is not a manifest of generated files: ${result.error.issues
        .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}
