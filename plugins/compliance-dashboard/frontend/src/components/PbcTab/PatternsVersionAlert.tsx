import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LinkButton } from '@backstage/core-components';
import { Chip } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  isPatternsVersionBehind,
  PATTERNS_VERSION,
  TEMPLATE_VERSION_ANNOTATION,
} from '@pbc-portal/pbc-domain';

/** Whether the PBC's infrastructure was rendered with older reference patterns than the current ones. */
export function isBehindPatterns(entity: Entity): boolean {
  return isPatternsVersionBehind(
    entity.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION],
  );
}

/** The scaffolder page of the pbc-rerender template with this PBC already picked. */
export function rerenderPath(entity: Entity): string {
  const formData = JSON.stringify({ entity: stringifyEntityRef(entity) });
  return `/create/templates/default/pbc-rerender?formData=${encodeURIComponent(
    formData,
  )}`;
}

/**
 * Says that a PBC is behind the current patterns and links to the re-render, which puts the
 * changes on a branch for the team to review. Renders nothing when the PBC is up to date.
 */
export function PatternsVersionAlert({ entity }: { entity: Entity }) {
  if (!isBehindPatterns(entity)) {
    return null;
  }
  const recorded =
    entity.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION] ?? 'unknown';
  return (
    <Alert
      severity="info"
      action={
        <LinkButton to={rerenderPath(entity)} variant="outlined" size="small">
          Re-render
        </LinkButton>
      }
    >
      <Chip
        size="small"
        label={`Patterns ${recorded} — behind ${PATTERNS_VERSION}`}
      />{' '}
      Its infrastructure was rendered with older reference patterns. Re-render
      puts the changes on a branch of its repository, with the CloudFormation
      and controls diff; files the team edited are left alone.
    </Alert>
  );
}
