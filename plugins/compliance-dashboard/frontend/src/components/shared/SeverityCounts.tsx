import { Box, Chip, Theme, Typography, makeStyles } from '@material-ui/core';
import { SEVERITIES, Severity } from '@pbc-portal/pbc-domain';
import type { SeverityCounts as Counts } from '@pbc-portal/plugin-compliance-dashboard-common';

const useStyles = makeStyles((theme: Theme) => ({
  critical: {
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.error.contrastText,
  },
  high: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  medium: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  low: {},
  chip: { marginRight: theme.spacing(0.5), marginBottom: 2 },
}));

/** One chip per severity with failing controls; "none" when all are zero. */
export function SeverityCounts({ counts }: { counts: Counts }) {
  const classes = useStyles();
  const present = SEVERITIES.filter(s => (counts[s] ?? 0) > 0);
  if (present.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        none
      </Typography>
    );
  }
  return (
    <Box display="flex" flexWrap="wrap">
      {present.map(severity => (
        <Chip
          key={severity}
          size="small"
          className={`${classes.chip} ${classes[severity]}`}
          label={`${counts[severity]} ${severity}`}
        />
      ))}
    </Box>
  );
}

/** A single severity as a chip, for controls and events. */
export function SeverityChip({ severity }: { severity: Severity }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      className={`${classes.chip} ${classes[severity]}`}
      label={severity}
    />
  );
}
