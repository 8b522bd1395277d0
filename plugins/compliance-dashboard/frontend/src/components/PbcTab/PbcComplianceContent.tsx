import { EmptyState, InfoCard, LinkButton } from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import { Grid } from '@material-ui/core';
import {
  ControlResult,
  complianceDashboardExemptionRequestPermission,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { useState } from 'react';
import { ExemptionDialog } from '../Exemptions/ExemptionDialog';
import { ExemptionHistory } from '../Exemptions/ExemptionHistory';
import { scoringNote } from '../Exemptions/scoringNote';
import { useExemptions, useExemptionSettings } from '../../hooks/useExemptions';
import { Alert } from '@material-ui/lab';
import { isPbcEntity, PBC_ANNOTATION } from '@pbc-portal/pbc-domain';
import { useComplianceLinks } from '../../hooks/useComplianceLinks';
import { usePbcDetail } from '../../hooks/usePbcDetail';
import { isNotFound, serverMessage } from '../shared/errors';
import { shortRef } from '../shared/format';
import { ErrorState, LoadingState } from '../shared/States';
import { ControlsTable } from './ControlsTable';
import { isBehindPatterns, PatternsVersionAlert } from './PatternsVersionAlert';
import { PbcSummaryCard } from './PbcSummaryCard';
import { ResourcesTable } from './ResourcesTable';
import { RiskyEventsTimeline } from './RiskyEventsTimeline';
import { ScoreHistoryChart } from './ScoreHistoryChart';

/**
 * The compliance tab of a PBC's entity page. Entities without the
 * `pbc-portal.io/pbc` annotation get an explanation of what to add.
 */
export function PbcComplianceContent() {
  const { entity } = useEntity();
  if (!isPbcEntity(entity)) {
    return <MissingAnnotationEmptyState annotation={PBC_ANNOTATION} />;
  }
  return <PbcCompliance entity={entity} />;
}

function PbcCompliance({ entity }: { entity: Entity }) {
  const platformPage = useComplianceLinks().platformPage();
  const detail = usePbcDetail({
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  });
  const owner = entity.spec?.owner as string | undefined;
  const entityRef = stringifyEntityRef(entity);
  const settings = useExemptionSettings();
  const exemptions = useExemptions({ entityRef });
  const mayAsk = usePermission({
    permission: complianceDashboardExemptionRequestPermission,
    resourceRef: entityRef,
  });
  const [asking, setAsking] = useState<ControlResult>();

  if (detail.loading) return <LoadingState what="this PBC's compliance" />;
  if (detail.error) {
    if (isNotFound(detail.error)) {
      return (
        <EmptyState
          missing="data"
          title="No compliance data for this PBC"
          description={`Either no refresh has read this PBC yet (the dashboard reads a PBC at the first refresh after it is registered in the catalog: Press Refresh on the Compliance page, or wait for the scheduled refresh), or its data is not yours to see: the dashboard answers both alike. (${serverMessage(
            detail.error,
          )})`}
          action={
            platformPage ? (
              <LinkButton to={platformPage} variant="contained" color="primary">
                Open the Compliance page
              </LinkButton>
            ) : undefined
          }
        />
      );
    }
    return (
      <ErrorState
        error={detail.error}
        whomToAsk={
          owner
            ? `${shortRef(owner)} (the PBC's owner) or the platform team`
            : undefined
        }
        onRetry={detail.retry}
      />
    );
  }
  const {
    summary,
    controls,
    nonCompliantResources,
    riskyEvents,
    scoreHistory,
  } = detail.value!;
  return (
    <Grid container spacing={3} alignItems="stretch">
      {isBehindPatterns(entity) && (
        <Grid item xs={12}>
          <PatternsVersionAlert entity={entity} />
        </Grid>
      )}
      {!summary.conformancePackDeployed && (
        <Grid item xs={12}>
          <Alert severity="warning">
            The conformance pack {summary.conformancePack} is not deployed in{' '}
            {summary.awsAccountId} ({summary.awsRegion}): AWS Config cannot
            evaluate most controls, which then show as insufficient data. Deploy
            it from the PBC's repository.
          </Alert>
        </Grid>
      )}
      <Grid item xs={12} md={5}>
        <PbcSummaryCard summary={summary} />
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="Score over time">
          <ScoreHistoryChart history={scoreHistory} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Controls"
          subheader={`Failing first. Each 'Why?' opens the section of the architecture series that argues for the control.${
            settings.value ? ` ${scoringNote(settings.value)}` : ''
          }`}
        >
          <ControlsTable
            controls={controls}
            requested={new Set((exemptions.value ?? []).map(e => e.controlId))}
            onAskExemption={
              mayAsk.allowed && settings.value ? setAsking : undefined
            }
          />
          {asking && settings.value && (
            <ExemptionDialog
              entityRef={summary.entityRef}
              control={asking}
              settings={settings.value}
              resourceIds={nonCompliantResources
                .filter(r => r.controlIds.includes(asking.controlId))
                .map(r => r.resourceId)}
              onClose={() => setAsking(undefined)}
              onRequested={() => {
                setAsking(undefined);
                exemptions.retry();
              }}
            />
          )}
        </InfoCard>
      </Grid>
      {!!exemptions.value?.length && (
        <Grid item xs={12}>
          <InfoCard title="Exemptions">
            <ExemptionHistory items={exemptions.value} />
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard title="Non-compliant resources">
          <ResourcesTable resources={nonCompliantResources} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Risky CloudTrail events">
          <RiskyEventsTimeline events={riskyEvents} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
