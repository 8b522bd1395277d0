import { Box, Button, LinearProgress, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import RefreshIcon from '@material-ui/icons/Refresh';
import type {
  RefreshState,
  RefreshStatus,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { REFRESH_POLL_MS, useRefresh } from '../../hooks/useRefresh';
import { isForbidden } from '../shared/errors';
import { formatUtc } from '../shared/format';

/** "2 of 5 accounts read" from a refresh's per-account states. */
function progressOf(status?: RefreshStatus) {
  const accounts = status?.accounts ?? [];
  const done = accounts.filter(a => a.state !== 'pending').length;
  return { done, total: accounts.length };
}

function progressText(state: RefreshState, done: number, total: number) {
  if (state === 'queued') {
    return 'Refresh queued; waiting for the backend to pick it up…';
  }
  if (total === 0) return 'Refreshing from AWS…';
  return `Refreshing from AWS: ${done} of ${total} account${
    total === 1 ? '' : 's'
  } read…`;
}

/**
 * Starts a refresh (for users with the refresh permission) and follows any
 * refresh under way until it ends, then calls `onFinished` so the page can
 * load the new data.
 */
export function RefreshControl(props: {
  canRefresh: boolean;
  /** A refresh already under way when the page loaded. */
  active?: RefreshStatus;
  onFinished: (status: RefreshStatus) => void;
  pollMs?: number;
}) {
  const { canRefresh, active, onFinished, pollMs = REFRESH_POLL_MS } = props;
  const { tracked, result, dismissResult, startError, start } = useRefresh({
    active,
    onFinished,
    pollMs,
  });
  const { done, total } = progressOf(tracked?.status);
  return (
    <Box>
      {canRefresh && (
        <Button
          variant="contained"
          color="primary"
          startIcon={<RefreshIcon />}
          onClick={start}
          disabled={!!tracked}
        >
          {tracked ? 'Refreshing…' : 'Refresh'}
        </Button>
      )}
      {tracked && (
        <Box mt={1} minWidth={280} role="status" aria-live="polite">
          <LinearProgress
            variant={total > 0 ? 'determinate' : 'indeterminate'}
            value={total > 0 ? (100 * done) / total : undefined}
            aria-label="Refresh progress"
          />
          <Typography variant="caption">
            {progressText(tracked.state, done, total)}
          </Typography>
        </Box>
      )}
      {startError && (
        <Box mt={1}>
          <Alert severity="error">
            {isForbidden(startError)
              ? 'You may not start a refresh: it needs the compliance-dashboard.refresh permission. Ask the platform team.'
              : `The refresh could not be started: ${startError.message}`}
          </Alert>
        </Box>
      )}
      {result && <RefreshResult status={result} onClose={dismissResult} />}
    </Box>
  );
}

function RefreshResult(props: { status: RefreshStatus; onClose: () => void }) {
  const { status, onClose } = props;
  const failed = status.accounts.filter(a => a.state === 'failed');
  const when = formatUtc(status.finishedAt);
  if (status.state === 'failed') {
    return (
      <Box mt={1}>
        <Alert severity="error" onClose={onClose}>
          The refresh failed{status.error ? `: ${status.error}` : ''}. The data
          shown is from the last good refresh.
        </Alert>
      </Box>
    );
  }
  return (
    <Box mt={1}>
      <Alert severity={failed.length ? 'warning' : 'success'} onClose={onClose}>
        Refresh finished {when}
        {status.pbcCount !== undefined ? `: ${status.pbcCount} PBCs` : ''}.
        {failed.map(a => (
          <Typography key={`${a.accountId}/${a.region}`} variant="body2">
            Account {a.accountId} ({a.region}) could not be read
            {a.error ? `: ${a.error}` : ''}; its PBCs keep their last data,
            marked stale.
          </Typography>
        ))}
        {status.accounts
          .filter(a => a.configRead === 'full-fallback')
          .map(a => (
            <Typography key={`full-${a.accountId}/${a.region}`} variant="body2">
              Account {a.accountId} ({a.region}) does not record
              AWS::Config::ResourceCompliance: it is read in full on every
              refresh instead of by changes.
            </Typography>
          ))}
        {status.accounts
          .filter(a => a.configRead === 'accounts-fallback')
          .map(a => (
            <Typography key={`acct-${a.accountId}/${a.region}`} variant="body2">
              Account {a.accountId} ({a.region}) was read in the account itself:
              the configuration aggregator could not serve it.
            </Typography>
          ))}
      </Alert>
    </Box>
  );
}
