import { Box, Typography, makeStyles, Theme } from '@material-ui/core';
import WarningIcon from '@material-ui/icons/Warning';
import type { PbcSummary } from '@pbc-portal/plugin-compliance-dashboard-common';
import { formatAge, formatUtc } from './format';

const useStyles = makeStyles((theme: Theme) => ({
  stale: {
    color: theme.palette.warning.dark,
    ...(theme.palette.type === 'dark' && {
      color: theme.palette.warning.light,
    }),
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
  },
  icon: { fontSize: '1rem', marginTop: 2 },
  reason: { wordBreak: 'break-word' },
}));

/**
 * When the PBC's data was last refreshed and, if its account could not be
 * read, that the data is stale, since when, and the account's error; and
 * whether a later refresh failed as a whole (the data is then older than
 * the schedule promises).
 */
export function Freshness({ summary }: { summary: PbcSummary }) {
  const classes = useStyles();
  const { staleness, lastRefreshFailure: failure } = summary;
  return (
    <Box>
      <Typography variant="body2" title={formatUtc(summary.lastRefreshAt)}>
        {formatAge(summary.lastRefreshAt) || formatUtc(summary.lastRefreshAt)}
      </Typography>
      {staleness.stale && (
        <Box className={classes.stale}>
          <WarningIcon className={classes.icon} aria-hidden />
          <Typography variant="caption" className={classes.reason}>
            <strong>Stale</strong>
            {summary.dataAsOf
              ? ` — data as of ${formatUtc(summary.dataAsOf)}`
              : ''}
            {staleness.accountId
              ? `; account ${staleness.accountId}${
                  staleness.region ? ` (${staleness.region})` : ''
                } could not be read`
              : ''}
            {staleness.reason ? `: ${staleness.reason}` : ''}
          </Typography>
        </Box>
      )}
      {failure && (
        <Box className={classes.stale}>
          <WarningIcon className={classes.icon} aria-hidden />
          <Typography variant="caption" className={classes.reason}>
            <strong>Refresh failed</strong> {formatUtc(failure.at)}:{' '}
            {failure.message}
          </Typography>
        </Box>
      )}
    </Box>
  );
}
