import {
  EmptyState,
  LinkButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Box, Button, Typography } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import {
  complianceDashboardReadPermission,
  complianceDashboardRefreshPermission,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { isForbidden, serverMessage } from './errors';
import { useComplianceLinks } from '../../hooks/useComplianceLinks';

/** While the first answer is on its way. */
export function LoadingState({ what }: { what: string }) {
  return (
    <Box py={4}>
      <Progress aria-label={`Loading ${what}`} />
      <Typography variant="body2" color="textSecondary" align="center">
        Loading {what}…
      </Typography>
    </Box>
  );
}

/**
 * A failed request: a 403 becomes a plain message saying whom to ask; any
 * other error shows the server's answer and a way to try again.
 */
export function ErrorState(props: {
  error: Error;
  /** Who can grant access, e.g. "the payments-team (the PBC's owner)". */
  whomToAsk?: string;
  onRetry?: () => void;
}) {
  const { error, whomToAsk, onRetry } = props;
  if (isForbidden(error)) {
    return (
      <PermissionDenied
        permission={complianceDashboardReadPermission.name}
        whomToAsk={whomToAsk}
      />
    );
  }
  return (
    <Box>
      <ResponseErrorPanel
        error={error}
        title={`The compliance data could not be loaded: ${serverMessage(
          error,
        )}`}
      />
      {onRetry && (
        <Box mt={2}>
          <Typography variant="body2" paragraph>
            If the backend was restarting, try again; if it keeps failing, the
            error above is what to send to the platform team.
          </Typography>
          <Button variant="outlined" color="primary" onClick={onRetry}>
            Try again
          </Button>
        </Box>
      )}
    </Box>
  );
}

/** What a 403 means here and what to do about it. */
export function PermissionDenied(props: {
  permission: string;
  whomToAsk?: string;
}) {
  const ask =
    props.whomToAsk ?? "the platform team (the portal's administrators)";
  return (
    <Alert severity="warning" role="alert">
      <AlertTitle>You do not have access to this compliance data</AlertTitle>
      Your portal account lacks the <code>{props.permission}</code> permission
      for it. Ask {ask} to grant it to you or to one of your groups; once
      granted, reload this page.
    </Alert>
  );
}

/** No refresh has finished yet, so there is nothing to show. */
export function NoRefreshYet(props: { canRefresh: boolean }) {
  return (
    <EmptyState
      missing="data"
      title="No refresh yet"
      description={
        props.canRefresh
          ? 'The dashboard has not read AWS Config and CloudTrail yet. Press Refresh (top right) to read them now; the first refresh takes a minute or two.'
          : `The dashboard has not read AWS Config and CloudTrail yet. The scheduled refresh will fill it; to refresh now, ask someone with the ${complianceDashboardRefreshPermission.name} permission (the platform team) to press Refresh.`
      }
    />
  );
}

/** The catalog holds no PBC: point at the template that creates one. */
export function NoPbcsYet(props: {
  scope?: string;
  /** What the server said, e.g. that no refresh has finished yet. */
  detail?: string;
}) {
  const { createPbc } = useComplianceLinks();
  return (
    <EmptyState
      missing="content"
      title={props.scope ? `No PBCs yet for ${props.scope}` : 'No PBCs yet'}
      description={`A PBC shows up here once its catalog entity carries the pbc-portal.io/pbc annotation and a refresh has run. Create one from the PBC template.${
        props.detail ? ` (${props.detail})` : ''
      }`}
      action={
        createPbc ? (
          <LinkButton to={createPbc} variant="contained" color="primary">
            Create a PBC
          </LinkButton>
        ) : undefined
      }
    />
  );
}
