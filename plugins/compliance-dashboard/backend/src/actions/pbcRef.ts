import { z as zv3 } from 'zod/v3';

/** `name`, `namespace/name` or `kind:namespace/name`, as people write catalog refs. */
const PBC_REF =
  /^(?:([A-Za-z][\w-]*):)?(?:([a-z0-9][\w.-]*)\/)?([A-Za-z0-9][\w.-]*)$/;

/** The `pbc` input every per-PBC action takes. */
export const pbcRefField = (z: typeof zv3) =>
  z
    .string()
    .trim()
    .regex(
      PBC_REF,
      'a PBC as name, namespace/name or kind:namespace/name, e.g. cart or component:default/cart',
    )
    .describe(
      'The PBC: its catalog name (cart), namespace/name (default/cart) or entity ref (component:default/cart)',
    );

/** The parts of a validated `pbc` input; the namespace defaults to `default`. */
export function parsePbcRef(value: string): {
  kind?: string;
  namespace: string;
  name: string;
} {
  const [, kind, namespace, name] = PBC_REF.exec(value.trim()) ?? [];
  return {
    ...(kind ? { kind } : {}),
    namespace: namespace ?? 'default',
    name: name ?? value,
  };
}
