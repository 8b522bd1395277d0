import { Content, Header, Page } from '@backstage/core-components';
import { LearningPath } from './LearningPath';

/** The guidance page with its own header, for apps on the legacy frontend system. */
export function GuidancePage() {
  return (
    <Page themeId="documentation">
      <Header
        title="Guidance"
        subtitle="The architecture series behind the portal's patterns and controls"
      />
      <Content>
        <LearningPath />
      </Content>
    </Page>
  );
}

/** The guidance page body, for the new frontend system whose app draws the page header. */
export function GuidancePageContent() {
  return (
    <Content>
      <LearningPath />
    </Content>
  );
}
