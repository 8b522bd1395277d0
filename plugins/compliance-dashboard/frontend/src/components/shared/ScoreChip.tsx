import { Chip, Theme, makeStyles } from '@material-ui/core';

/** Score bands the dashboard colours by; the same for chips and charts. */
export function scoreBand(
  score: number | null,
): 'good' | 'fair' | 'poor' | 'unknown' {
  if (score === null) return 'unknown';
  if (score >= 90) return 'good';
  if (score >= 70) return 'fair';
  return 'poor';
}

const useStyles = makeStyles((theme: Theme) => ({
  good: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  fair: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  poor: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  unknown: {},
  chip: { fontWeight: theme.typography.fontWeightBold as number, minWidth: 56 },
}));

/** A 0–100 score, or "n/a" when no control could be evaluated. */
export function ScoreChip({ score }: { score: number | null }) {
  const classes = useStyles();
  const band = scoreBand(score);
  return (
    <Chip
      size="small"
      className={`${classes.chip} ${classes[band]}`}
      label={score === null ? 'n/a' : String(score)}
      title={
        score === null
          ? 'No control could be evaluated yet'
          : `Compliance score ${score} of 100`
      }
    />
  );
}
