import { useTheme } from '@material-ui/core';
import type { ScorePoint } from '@pbc-portal/plugin-compliance-dashboard-common';

const WIDTH = 96;
const HEIGHT = 28;
const PAD = 2;

/**
 * A tiny line of daily scores (0–100), one per table row. Drawn as a plain
 * SVG polyline rather than a chart component: a page shows up to 100 of
 * them, and each chart instance costs far more than the line it draws.
 */
export function TrendSparkline({ trend }: { trend: ScorePoint[] }) {
  const theme = useTheme();
  const scored = trend
    .map((point, index) => ({ index, score: point.score }))
    .filter((p): p is { index: number; score: number } => p.score !== null);
  if (scored.length < 2) {
    return <span aria-label="No trend yet">—</span>;
  }
  const step = (WIDTH - 2 * PAD) / Math.max(trend.length - 1, 1);
  const points = scored
    .map(
      p =>
        `${(PAD + p.index * step).toFixed(1)},${(
          PAD +
          ((100 - p.score) / 100) * (HEIGHT - 2 * PAD)
        ).toFixed(1)}`,
    )
    .join(' ');
  const first = scored[0].score;
  const last = scored[scored.length - 1].score;
  const label = `Score trend over ${trend.length} days: ${first} to ${last}`;
  return (
    <svg
      role="img"
      aria-label={label}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
    >
      <title>{label}</title>
      <polyline
        points={points}
        fill="none"
        stroke={theme.palette.primary.main}
        strokeWidth={2}
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}
