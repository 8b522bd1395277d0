import { ReactNode } from 'react';
import { EmptyState, InfoCard, Link } from '@backstage/core-components';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Grid, Typography } from '@material-ui/core';
import type { TeamSummary } from '@pbc-portal/plugin-compliance-dashboard-common';
import { useComplianceLinks } from '../../hooks/useComplianceLinks';
import { useTeamDetail } from '../../hooks/useTeamDetail';
import { isNotFound, serverMessage } from '../shared/errors';
import { formatUtc, riskyEventsLabel } from '../shared/format';
import { ScoreChip } from '../shared/ScoreChip';
import { SeverityCounts } from '../shared/SeverityCounts';
import { ErrorState, LoadingState, NoPbcsYet } from '../shared/States';
import { PbcTable } from '../PlatformPage/PbcTable';

/** Whether an entity is a team the roll-up applies to. @public */
export function isTeamEntity(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'group';
}

/** The compliance tab of a Group: its PBCs and their roll-up. */
export function TeamComplianceContent() {
  const { entity } = useEntity();
  if (!isTeamEntity(entity)) {
    return (
      <EmptyState
        missing="info"
        title="Compliance roll-ups are for groups"
        description="Put this tab on Group entity pages; a PBC's own compliance tab is on its Component page."
      />
    );
  }
  return <TeamCompliance entity={entity} />;
}

function TeamCompliance({ entity }: { entity: Entity }) {
  const links = useComplianceLinks();
  const name = entity.metadata.name;
  const team = useTeamDetail({
    namespace: entity.metadata.namespace ?? 'default',
    name,
  });
  const teamRef = stringifyEntityRef(entity);

  if (team.loading) return <LoadingState what="the team's compliance" />;
  if (team.error) {
    if (isNotFound(team.error)) {
      return <NoPbcsYet scope={name} detail={serverMessage(team.error)} />;
    }
    return (
      <ErrorState
        error={team.error}
        whomToAsk="the platform team (the portal's administrators)"
        onRetry={team.retry}
      />
    );
  }
  const { summary, pbcs, snapshot } = team.value!;
  const ownerLink = links.platformPage(new URLSearchParams({ owner: teamRef }));
  if (!snapshot) {
    return (
      <EmptyState
        missing="data"
        title="No refresh yet"
        description="The dashboard has not read AWS yet. Press Refresh on the Compliance page, or wait for the scheduled refresh."
        action={
          links.platformPage() ? (
            <Link to={links.platformPage()!}>Open the Compliance page</Link>
          ) : undefined
        }
      />
    );
  }
  if (pbcs.length === 0) return <NoPbcsYet scope={name} />;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <RollUp summary={summary} snapshotAt={snapshot.createdAt} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title={`PBCs owned by ${name}`}
          deepLink={
            ownerLink
              ? { title: 'See them on the Compliance page', link: ownerLink }
              : undefined
          }
        >
          <PbcTable caption={`PBCs owned by ${name}`} items={pbcs} hideOwner />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

function Metric({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Grid item xs={6} md={2}>
      <Typography variant="caption" color="textSecondary" component="div">
        {label}
      </Typography>
      <Box>{children}</Box>
    </Grid>
  );
}

function RollUp(props: { summary: TeamSummary; snapshotAt: string }) {
  const { summary, snapshotAt } = props;
  return (
    <InfoCard
      title="Team roll-up"
      subheader={`Refresh of ${formatUtc(
        snapshotAt,
      )}; the score is the mean of the PBCs' scores.`}
    >
      <Grid container spacing={2}>
        <Metric label="PBCs">{summary.pbcCount}</Metric>
        <Metric label="Team score">
          <ScoreChip score={summary.score} />
        </Metric>
        <Grid item xs={12} md={4}>
          <Typography variant="caption" color="textSecondary" component="div">
            Failing controls
          </Typography>
          <SeverityCounts counts={summary.failingControls} />
        </Grid>
        <Metric label={riskyEventsLabel(summary.riskyEventDays)}>
          {summary.riskyEvents}
        </Metric>
        <Metric label="Stale PBCs">
          {summary.stalePbcCount > 0 ? (
            <Typography color="error" variant="body2">
              {summary.stalePbcCount} (account errors, see below)
            </Typography>
          ) : (
            0
          )}
        </Metric>
      </Grid>
    </InfoCard>
  );
}
