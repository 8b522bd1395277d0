import { Box, Chip, Typography, makeStyles, Theme } from '@material-ui/core';
import type { PushConsumerStatus } from '@pbc-portal/plugin-compliance-dashboard-common';
import { formatAge, formatUtc } from '../shared/format';

const useStyles = makeStyles((theme: Theme) => ({
  line: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(0.5),
  },
  reason: { wordBreak: 'break-word' },
}));

/**
 * Whether changes reach the page as events (the SQS queue the platform's
 * EventBridge rules fill) or only on the refresh schedule, with the
 * consumer's last message and last error. Shown as the backend replica
 * that answered sees it.
 */
export function PushStatus({ push }: { push?: PushConsumerStatus }) {
  const classes = useStyles();
  if (!push) return null;
  if (!push.enabled) {
    return (
      <Box className={classes.line}>
        <Chip size="small" variant="outlined" label="Schedule only" />
        <Typography variant="caption" color="textSecondary">
          No event queue is configured: changes in AWS appear at the next
          scheduled refresh
        </Typography>
      </Box>
    );
  }
  if (push.mode === 'polling') {
    return (
      <Box className={classes.line}>
        <Chip size="small" color="secondary" label="Events paused" />
        <Typography variant="caption" className={classes.reason}>
          The event queue cannot be read
          {push.since ? ` since ${formatUtc(push.since)}` : ''}; the scheduled
          refresh keeps the data current
          {push.reason ? `: ${push.reason}` : ''}
        </Typography>
      </Box>
    );
  }
  return (
    <Box className={classes.line}>
      <Chip size="small" color="primary" label="Events live" />
      <Typography variant="caption" color="textSecondary">
        {push.lastMessageAt
          ? `Last event ${
              formatAge(push.lastMessageAt) || formatUtc(push.lastMessageAt)
            }`
          : 'No event yet'}
        {`, ${push.handled} handled`}
        {push.poison > 0 ? `, ${push.poison} unreadable` : ''}
        {push.lastError
          ? `; last error ${formatUtc(push.lastError.at)}: ${
              push.lastError.message
            }`
          : ''}
      </Typography>
    </Box>
  );
}
