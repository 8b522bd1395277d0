import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Link,
  Page,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Box,
  Button,
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  complianceDashboardExemptionDecidePermission,
  Exemption,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { useState } from 'react';
import { complianceApiRef } from '../../api/ComplianceClient';
import { useComplianceLinks } from '../../hooks/useComplianceLinks';
import { useExemptions, useExemptionSettings } from '../../hooks/useExemptions';
import { serverMessage } from '../shared/errors';
import { shortRef } from '../shared/format';
import { ErrorState, LoadingState } from '../shared/States';
import { day } from './dates';
import { scoringNote } from './scoringNote';

type Action = 'approve' | 'reject' | 'revoke';

const ACTION_TEXT: Record<Action, string> = {
  approve: 'Approve',
  reject: 'Reject',
  revoke: 'Revoke',
};

/**
 * One exemption with a comment field and its actions. The comment is
 * required: every decision is kept with who, when and why.
 */
function ExemptionRow({
  exemption,
  actions,
  onDone,
}: {
  exemption: Exemption;
  actions: Action[];
  onDone: () => void;
}) {
  const api = useApi(complianceApiRef);
  const links = useComplianceLinks();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const tab = links.complianceTab(exemption.entityRef);

  const act = async (action: Action) => {
    setBusy(true);
    setError(undefined);
    try {
      if (action === 'revoke') {
        await api.revokeExemption(exemption.id, comment);
      } else {
        await api.decideExemption(exemption.id, { decision: action, comment });
      }
      onDone();
    } catch (e) {
      setError(serverMessage(e as Error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <TableRow data-testid="exemption-row">
      <TableCell>
        {tab ? (
          <Link to={tab}>{shortRef(exemption.entityRef)}</Link>
        ) : (
          shortRef(exemption.entityRef)
        )}
      </TableCell>
      <TableCell>
        <strong>{exemption.controlId}</strong>
        {exemption.resourceIds && (
          <Typography variant="caption" display="block">
            Only: {exemption.resourceIds.join(', ')}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <Typography variant="body2">{exemption.reason}</Typography>
        <Typography variant="caption" color="textSecondary">
          {shortRef(exemption.requestedBy)}, {day(exemption.requestedAt)}
        </Typography>
      </TableCell>
      <TableCell>{day(exemption.expiresAt)}</TableCell>
      <TableCell>
        <TextField
          size="small"
          label="Comment"
          value={comment}
          onChange={e => setComment(e.target.value)}
          inputProps={{
            'aria-label': `Comment on ${exemption.controlId} for ${shortRef(
              exemption.entityRef,
            )}`,
          }}
        />
        <Box mt={1} display="flex" style={{ gap: 8 }}>
          {actions.map(action => (
            <Button
              key={action}
              size="small"
              variant={action === 'approve' ? 'contained' : 'outlined'}
              color={action === 'approve' ? 'primary' : 'default'}
              disabled={busy || comment.trim() === ''}
              onClick={() => act(action)}
            >
              {ACTION_TEXT[action]}
            </Button>
          ))}
        </Box>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
      </TableCell>
    </TableRow>
  );
}

function ExemptionTable({
  items,
  actions,
  onDone,
  empty,
}: {
  items: Exemption[];
  actions: Action[];
  onDone: () => void;
  empty: string;
}) {
  if (items.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {empty}
      </Typography>
    );
  }
  return (
    <Box overflow="auto">
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>PBC</TableCell>
            <TableCell>Control</TableCell>
            <TableCell>Reason, asked by</TableCell>
            <TableCell>Expires</TableCell>
            <TableCell>Decision</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(e => (
            <ExemptionRow
              key={e.id}
              exemption={e}
              actions={actions}
              onDone={onDone}
            />
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/**
 * The platform groups' view of exemptions: requests to approve or reject, and
 * the approved ones in force, which they may revoke.
 */
export function ExemptionApprovals() {
  const permission = usePermission({
    permission: complianceDashboardExemptionDecidePermission,
  });
  const settings = useExemptionSettings();
  const requested = useExemptions({ state: 'requested' });
  const approved = useExemptions({ state: 'approved' });

  if (permission.loading) return <LoadingState what="your permissions" />;
  if (!permission.allowed) {
    return (
      <EmptyState
        missing="data"
        title="Exemptions are decided by the platform team"
        description="Only members of the platform groups approve, reject and revoke exemptions (compliance-dashboard.exemption.decide). A PBC's team asks for one on its Compliance tab."
      />
    );
  }
  const error = requested.error ?? approved.error;
  if (error) {
    return (
      <ErrorState
        error={error}
        onRetry={() => {
          requested.retry();
          approved.retry();
        }}
      />
    );
  }
  if (requested.loading || approved.loading) {
    return <LoadingState what="exemptions" />;
  }
  const reload = () => {
    requested.retry();
    approved.retry();
  };
  return (
    <Grid container spacing={3}>
      {settings.value && (
        <Grid item xs={12}>
          <Typography variant="body2">
            {scoringNote(settings.value)} An exemption lasts at most{' '}
            {settings.value.maxDays} days and ends by itself at its expiry.
            Nobody decides their own request.
          </Typography>
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard title="Waiting for a decision">
          <ExemptionTable
            items={requested.value ?? []}
            actions={['approve', 'reject']}
            onDone={reload}
            empty="No exemption is waiting for a decision."
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="In force">
          <ExemptionTable
            items={approved.value ?? []}
            actions={['revoke']}
            onDone={reload}
            empty="No exemption is in force."
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** The approvals view for the new frontend system (the app draws the header). */
export function ExemptionApprovalsPageContent() {
  return (
    <Content>
      <ExemptionApprovals />
    </Content>
  );
}

/** The approvals view with its own header, for legacy apps. */
export function ExemptionApprovalsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Exemptions"
        subtitle="Requests to exempt a PBC's control until a date"
      />
      <Content>
        <ExemptionApprovals />
      </Content>
    </Page>
  );
}
