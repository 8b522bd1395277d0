import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import { Box, Grid, Typography } from '@material-ui/core';
import type { PbcSummary } from '@pbc-portal/plugin-compliance-dashboard-common';
import { Freshness } from '../shared/Freshness';
import { riskyEventsLabel } from '../shared/format';
import { ScoreChip } from '../shared/ScoreChip';
import { SeverityCounts } from '../shared/SeverityCounts';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Grid item xs={6}>
      <Typography variant="caption" color="textSecondary" component="div">
        {label}
      </Typography>
      <Box>{children}</Box>
    </Grid>
  );
}

/** Score, counts, account and freshness of one PBC. */
export function PbcSummaryCard({ summary }: { summary: PbcSummary }) {
  return (
    <InfoCard title="Compliance summary">
      <Grid container spacing={2}>
        <Fact label="Score">
          <ScoreChip score={summary.score} />
        </Fact>
        <Fact label="Failing controls">
          <SeverityCounts counts={summary.failingControls} />
        </Fact>
        <Fact label="Passing controls">{summary.passingControlCount}</Fact>
        <Fact label="Insufficient data">
          {summary.insufficientDataControlCount}
        </Fact>
        <Fact label={riskyEventsLabel(summary.riskyEventDays)}>
          {summary.riskyEvents}
        </Fact>
        <Fact label="AWS account">
          {summary.awsAccountId} · {summary.awsRegion}
        </Fact>
        <Fact label="Conformance pack">
          {summary.conformancePack}{' '}
          {summary.conformancePackDeployed ? '(deployed)' : '(not deployed)'}
        </Fact>
        <Fact label="PCI scope">{summary.pciScope ? 'yes' : 'no'}</Fact>
        <Grid item xs={12}>
          <Typography variant="caption" color="textSecondary" component="div">
            Last refreshed
          </Typography>
          <Freshness summary={summary} />
        </Grid>
      </Grid>
    </InfoCard>
  );
}
