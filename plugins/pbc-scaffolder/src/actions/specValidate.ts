import type { AuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { CONSUMES_ANNOTATION, PUBLISHES_ANNOTATION } from '../lib/annotations';
import { checkSpecAgainstCatalog, producersOf } from '../lib/catalogChecks';
import { describeConsumers } from '../lib/consumers';
import { parsePbcSpec } from '../lib/parseSpec';
import { pbcSpecInputFields, pbcSpecObject } from './specInput';
import { examples } from './specValidate.examples';

export const SPEC_VALIDATE_ACTION_ID = 'pbc:spec:validate';

/**
 * `pbc:spec:validate`: turns the template's parameters into a normalized PBC spec, or fails
 * naming every offending field, before any other step has a side effect.
 */
export function createSpecValidateAction(options: {
  catalog: CatalogService;
  auth: AuthService;
}) {
  const { catalog, auth } = options;
  return createTemplateAction({
    id: SPEC_VALIDATE_ACTION_ID,
    description:
      'Validates the parameters of the pbc template into a PBC spec: format, injection-safe text, a name not yet in the catalog, owner and system in the catalog, consumed events that some PBC publishes, a 12-digit account id and a commercial AWS Region.',
    examples,
    supportsDryRun: true,
    schema: {
      input: pbcSpecInputFields,
      output: {
        spec: z =>
          pbcSpecObject(z).describe(
            'The normalized PBC spec (the fields of pbc.yaml)',
          ),
        consumers: z =>
          z
            .array(
              z.object({
                id: z.string(),
                producer: z.string(),
                event: z.string(),
                fileName: z.string(),
                identifier: z.string(),
                typeName: z.string(),
                queueUrlEnv: z.string(),
              }),
            )
            .describe(
              'One entry per consumed event, for generating its consumer',
            ),
        producers: z =>
          z
            .record(
              z.object({
                awsAccountId: z.string(),
                awsRegion: z.string(),
                pciScope: z.boolean(),
              }),
            )
            .describe(
              "Account, Region and PCI scope of each producer the PBC consumes from, from the producers' catalog entities; pass it to pbc:infrastructure:render",
            ),
        publishesAnnotation: z =>
          z
            .string()
            .describe(`Value for the ${PUBLISHES_ANNOTATION} annotation`),
        consumesAnnotation: z =>
          z
            .string()
            .describe(`Value for the ${CONSUMES_ANNOTATION} annotation`),
      },
    },
    async handler(ctx) {
      // Format and injection checks first: bad input never reaches the catalog.
      const spec = parsePbcSpec(ctx.input);
      const consumers = describeConsumers(spec.consumes);

      // The service's own credentials: a name or an event hidden from the user by permissions
      // still exists, and must still count.
      const credentials = await auth.getOwnServiceCredentials();
      const problems = await checkSpecAgainstCatalog(spec, {
        catalog,
        credentials,
      });
      if (problems.length > 0) {
        throw new InputError(`Invalid PBC parameters: ${problems.join('; ')}`);
      }

      ctx.logger.info(
        `PBC spec for '${spec.name}' is valid${
          ctx.isDryRun ? ' (dry run)' : ''
        }`,
      );
      ctx.output('spec', { ...spec });
      ctx.output(
        'consumers',
        consumers.map(c => ({ ...c })),
      );
      ctx.output(
        'producers',
        await producersOf(spec, { catalog, credentials }),
      );
      ctx.output('publishesAnnotation', spec.publishes.join(','));
      ctx.output('consumesAnnotation', spec.consumes.join(','));
    },
  });
}
