import useMeasure from 'react-use/esm/useMeasure';
import { Box, Theme, Typography, useTheme } from '@material-ui/core';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ScorePoint } from '@pbc-portal/plugin-compliance-dashboard-common';

const FALLBACK_WIDTH = 600;
const HEIGHT = 220;

/** The PBC's daily score over the retention period. */
export function ScoreHistoryChart({ history }: { history: ScorePoint[] }) {
  const theme = useTheme<Theme>();
  const [ref, { width: measured }] = useMeasure<HTMLDivElement>();
  const width = measured > 0 ? measured : FALLBACK_WIDTH;
  const scored = history.filter(p => p.score !== null);
  if (scored.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No score yet: it appears after the first refresh that could evaluate one
        of this PBC's controls.
      </Typography>
    );
  }
  const first = scored[0];
  const last = scored[scored.length - 1];
  const summary = `Score from ${first.score} on ${first.day} to ${last.score} on ${last.day}`;
  const axis = { fill: theme.palette.text.secondary, fontSize: 12 };
  return (
    <Box component="figure" m={0} aria-label="Score over time">
      <div ref={ref} style={{ width: '100%' }}>
        <LineChart
          width={width}
          height={HEIGHT}
          data={history}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke={theme.palette.divider} strokeDasharray="3 3" />
          <XAxis dataKey="day" tick={axis} stroke={theme.palette.divider} />
          <YAxis
            domain={[0, 100]}
            tick={axis}
            width={36}
            stroke={theme.palette.divider}
          />
          <ReferenceLine
            y={90}
            stroke={theme.palette.success.main}
            strokeDasharray="4 4"
          />
          <Tooltip
            contentStyle={{
              backgroundColor: theme.palette.background.paper,
              color: theme.palette.text.primary,
              borderColor: theme.palette.divider,
            }}
          />
          <Line
            type="monotone"
            dataKey="score"
            name="Score"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={history.length < 40}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </div>
      <Typography
        component="figcaption"
        variant="caption"
        color="textSecondary"
      >
        {summary}. The dashed line marks 90, the score a PBC should hold.
      </Typography>
    </Box>
  );
}
