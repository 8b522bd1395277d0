import { Content, Header, Page } from '@backstage/core-components';
import { PlatformDashboard } from './PlatformDashboard';

/** The platform page with its own header, for apps on the legacy frontend system. */
export function CompliancePage() {
  return (
    <Page themeId="tool">
      <Header
        title="Compliance"
        subtitle="AWS Config and CloudTrail findings for every PBC, against the reference architecture's controls"
      />
      <Content>
        <PlatformDashboard />
      </Content>
    </Page>
  );
}

/** The platform page body, for the new frontend system whose app draws the header. */
export function CompliancePageContent() {
  return (
    <Content>
      <PlatformDashboard />
    </Content>
  );
}
