import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  contentHash,
  GENERATED_MANIFEST_PATH,
  parseGeneratedManifest,
  renderGeneratedManifest,
} from '../lib/generatedManifest';
import { isWiringFile } from '../lib/wiring';
import { examples } from './generatedRecord.examples';

export const GENERATED_RECORD_ACTION_ID = 'pbc:generated:record';

async function listFiles(root: string, dir = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, dir), {
    withFileTypes: true,
  });
  const nested = await Promise.all(
    entries.map(entry => {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) return [];
      return entry.isDirectory() ? listFiles(root, relative) : [relative];
    }),
  );
  return nested.flat();
}

/**
 * `pbc:generated:record`: adds the service's generated wiring, as the skeleton step has just
 * rendered it into the workspace, to `.pbc-portal/generated.json` (written by
 * pbc:infrastructure:render), so that pbc:infrastructure:rerender can later tell the wiring
 * the platform wrote from wiring the team edited. Runs right after the skeleton step, before
 * the consumers' handlers (the team's files) are rendered.
 */
export function createGeneratedRecordAction() {
  return createTemplateAction({
    id: GENERATED_RECORD_ACTION_ID,
    description:
      "Records the hashes of the service's generated wiring (src/, package.json, tsconfig.json, Dockerfile) in .pbc-portal/generated.json, so that re-renders leave files the team edited alone.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {},
      output: {
        files: z =>
          z.array(z.string()).describe('Wiring files recorded in the manifest'),
      },
    },
    async handler(ctx) {
      const manifestFile = path.join(
        ctx.workspacePath,
        GENERATED_MANIFEST_PATH,
      );
      let text: string;
      try {
        text = await fs.readFile(manifestFile, 'utf8');
      } catch {
        throw new InputError(
          `${GENERATED_MANIFEST_PATH} is missing from the workspace: run pbc:infrastructure:render first`,
        );
      }
      const manifest = parseGeneratedManifest(text);
      const files = (await listFiles(ctx.workspacePath))
        .filter(isWiringFile)
        .sort();
      for (const file of files) {
        manifest.files[file] = contentHash(
          await fs.readFile(path.join(ctx.workspacePath, file)),
        );
      }
      await fs.writeFile(manifestFile, renderGeneratedManifest(manifest));
      ctx.logger.info(`Recorded ${files.length} generated wiring files`);
      ctx.output('files', files);
    },
  });
}
