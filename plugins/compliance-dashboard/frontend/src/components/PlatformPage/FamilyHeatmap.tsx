import { useNavigate } from 'react-router-dom';
import useMeasure from 'react-use/esm/useMeasure';
import { Box, Theme, Typography, useTheme } from '@material-ui/core';
import { alpha } from '@material-ui/core/styles';
import { Bar, BarChart, Tooltip, XAxis, YAxis } from 'recharts';
import { CONTROL_FAMILIES, ControlFamily } from '@pbc-portal/pbc-domain';
import { FamilyRow } from './familyCounts';
import { useComplianceLinks } from '../../hooks/useComplianceLinks';

const ROW_HEIGHT = 28;
const AXIS_HEIGHT = 32;
const LABEL_WIDTH = 140;
/** jsdom and first paint have no size; the chart still renders at this width. */
const FALLBACK_WIDTH = 760;

/** Colour bands of the heatmap: count of failing controls in a family. */
export const HEAT_BANDS = [
  { label: '0', min: 0, max: 0 },
  { label: '1', min: 1, max: 1 },
  { label: '2', min: 2, max: 2 },
  { label: '3–4', min: 3, max: 4 },
  { label: '5+', min: 5, max: Infinity },
];

/**
 * Fill and text colours from the theme's palette, so that the cells read in
 * light and dark themes: tinted backgrounds for low counts (text in the
 * theme's text colour), solid ones for high counts (text in the contrast colour).
 */
export function heatColors(
  count: number,
  theme: Theme,
): { fill: string; text: string } {
  const { palette } = theme;
  if (count <= 0) {
    return {
      fill: alpha(palette.success.main, 0.25),
      text: palette.text.primary,
    };
  }
  if (count === 1) {
    return {
      fill: alpha(palette.warning.main, 0.45),
      text: palette.text.primary,
    };
  }
  let solid = palette.error.dark;
  if (count === 2) solid = palette.warning.main;
  else if (count <= 4) solid = palette.error.main;
  return { fill: solid, text: palette.getContrastText(solid) };
}

type Datum = {
  label: string;
  entityRef: string;
  counts: Record<ControlFamily, number>;
} & Record<ControlFamily, number>;

/**
 * PBCs × control families, each cell coloured by the number of failing
 * controls, drawn as a stacked bar chart of equal-width segments. A click on
 * a cell opens the PBC's compliance tab.
 */
export function FamilyHeatmap({ rows }: { rows: FamilyRow[] }) {
  const theme = useTheme<Theme>();
  const navigate = useNavigate();
  const links = useComplianceLinks();
  const [ref, { width: measured }] = useMeasure<HTMLDivElement>();
  const width = measured > 0 ? measured : FALLBACK_WIDTH;
  const height = rows.length * ROW_HEIGHT + AXIS_HEIGHT + 8;

  const data: Datum[] = rows.map(row => ({
    label: row.label,
    entityRef: row.entityRef,
    counts: row.counts,
    // Every segment is one unit wide: the count goes into the colour.
    ...(Object.fromEntries(CONTROL_FAMILIES.map(f => [f, 1])) as Record<
      ControlFamily,
      number
    >),
  }));

  return (
    <Box
      component="figure"
      m={0}
      aria-label="Failing controls by PBC and control family"
    >
      <div ref={ref} style={{ width: '100%' }}>
        <BarChart
          layout="vertical"
          width={width}
          height={height}
          data={data}
          barCategoryGap={2}
          margin={{ top: 4, right: 8, bottom: 4, left: 8 }}
        >
          <XAxis
            type="number"
            orientation="top"
            domain={[0, CONTROL_FAMILIES.length]}
            ticks={CONTROL_FAMILIES.map((_, i) => i + 0.5)}
            tickFormatter={(value: number) =>
              CONTROL_FAMILIES[Math.floor(value)] ?? ''
            }
            tickLine={false}
            axisLine={false}
            interval={0}
            tick={{ fill: theme.palette.text.secondary, fontSize: 12 }}
            height={AXIS_HEIGHT}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={LABEL_WIDTH}
            tickLine={false}
            axisLine={false}
            interval={0}
            tick={{ fill: theme.palette.text.primary, fontSize: 12 }}
          />
          <Tooltip
            cursor={false}
            content={({ active, payload }) => {
              if (!active || !payload?.length) return null;
              const datum = payload[0].payload as Datum;
              return (
                <Box
                  p={1}
                  bgcolor="background.paper"
                  color="text.primary"
                  border={1}
                  borderColor="divider"
                >
                  <Typography variant="subtitle2">{datum.label}</Typography>
                  {CONTROL_FAMILIES.map(f => (
                    <Typography key={f} variant="caption" display="block">
                      {f}: {datum.counts[f]} failing
                    </Typography>
                  ))}
                </Box>
              );
            }}
          />
          {CONTROL_FAMILIES.map(family => (
            <Bar
              key={family}
              dataKey={family}
              stackId="families"
              isAnimationActive={false}
              onClick={(entry: { payload?: Datum }) => {
                const path =
                  entry.payload && links.complianceTab(entry.payload.entityRef);
                if (path) navigate(path);
              }}
              shape={(props: any) => (
                <HeatCell {...props} family={family} theme={theme} />
              )}
            />
          ))}
        </BarChart>
      </div>
      <HeatLegend />
    </Box>
  );
}

function HeatCell(props: {
  x: number;
  y: number;
  width: number;
  height: number;
  payload: Datum;
  family: ControlFamily;
  theme: Theme;
}) {
  const { x, y, width, height, payload, family, theme } = props;
  const count = payload.counts[family];
  const colors = heatColors(count, theme);
  const label = `${payload.label}, ${family}: ${count} failing control${
    count === 1 ? '' : 's'
  }`;
  return (
    <g style={{ cursor: 'pointer' }} data-testid="heat-cell" aria-label={label}>
      <title>{label}</title>
      <rect
        x={x + 1}
        y={y}
        width={Math.max(width - 2, 0)}
        height={height}
        rx={2}
        fill={colors.fill}
      />
      <text
        x={x + width / 2}
        y={y + height / 2}
        textAnchor="middle"
        dominantBaseline="central"
        fontSize={12}
        fill={colors.text}
      >
        {count}
      </text>
    </g>
  );
}

function HeatLegend() {
  const theme = useTheme<Theme>();
  return (
    <Box
      component="figcaption"
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      mt={1}
    >
      <Typography variant="caption" color="textSecondary">
        Failing controls per family:&nbsp;
      </Typography>
      {HEAT_BANDS.map(band => {
        const colors = heatColors(band.min, theme);
        return (
          <Box
            key={band.label}
            component="span"
            mr={1}
            px={1}
            borderRadius={2}
            style={{ backgroundColor: colors.fill, color: colors.text }}
          >
            <Typography variant="caption">{band.label}</Typography>
          </Box>
        );
      })}
    </Box>
  );
}
