import { Box, Typography } from '@material-ui/core';
import {
  Timeline,
  TimelineConnector,
  TimelineContent,
  TimelineDot,
  TimelineItem,
  TimelineOppositeContent,
  TimelineSeparator,
} from '@material-ui/lab';
import type { RiskyEvent } from '@pbc-portal/plugin-compliance-dashboard-common';
import { SeverityChip } from '../shared/SeverityCounts';
import { formatUtc } from '../shared/format';

const DOT_COLOR = {
  critical: 'secondary',
  high: 'secondary',
  medium: 'primary',
  low: 'grey',
} as const;

/**
 * Risky CloudTrail events, newest first: who did what, when and from where.
 * Every field comes from CloudTrail, i.e. from whoever made the call, so each
 * is rendered as text by React and never as HTML.
 */
export function RiskyEventsTimeline({ events }: { events: RiskyEvent[] }) {
  if (events.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No risky CloudTrail event in this period.
      </Typography>
    );
  }
  return (
    <Timeline align="left" aria-label="Risky CloudTrail events">
      {events.map((event, i) => (
        <TimelineItem key={event.eventId} data-testid="risky-event">
          <TimelineOppositeContent style={{ flex: 0.25 }}>
            <Typography variant="body2" color="textSecondary">
              {formatUtc(event.eventTime)}
            </Typography>
          </TimelineOppositeContent>
          <TimelineSeparator>
            <TimelineDot color={DOT_COLOR[event.severity]} />
            {i < events.length - 1 && <TimelineConnector />}
          </TimelineSeparator>
          <TimelineContent>
            <Box display="flex" alignItems="center" flexWrap="wrap">
              <SeverityChip severity={event.severity} />
              <Typography variant="subtitle2" component="span">
                {event.eventName}
              </Typography>
              <Typography
                variant="body2"
                component="span"
                color="textSecondary"
              >
                &nbsp;on {event.eventSource}
              </Typography>
            </Box>
            <Typography variant="body2">
              Who: {event.principal ?? 'unknown principal'}
            </Typography>
            <Typography variant="body2">
              From: {event.sourceIpAddress ?? 'unknown address'} · account{' '}
              {event.awsAccountId} ({event.awsRegion})
            </Typography>
            {event.resources.length > 0 && (
              <Typography variant="body2">
                Touched: {event.resources.join(', ')}
              </Typography>
            )}
            {event.reasons.map(reason => (
              <Typography
                key={`${reason.controlId}/${reason.predicate ?? ''}`}
                variant="caption"
                display="block"
                color="textSecondary"
              >
                {reason.controlId}: {reason.why}
              </Typography>
            ))}
          </TimelineContent>
        </TimelineItem>
      ))}
    </Timeline>
  );
}
