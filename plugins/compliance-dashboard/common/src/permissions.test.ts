import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  complianceDashboardExemptionDecidePermission,
  complianceDashboardExemptionRequestPermission,
  complianceDashboardPermissions,
  complianceDashboardReadPermission,
  complianceDashboardRefreshPermission,
} from './permissions';

describe('permissions', () => {
  it('makes read a resource permission on catalog entities', () => {
    expect(
      isResourcePermission(complianceDashboardReadPermission, 'catalog-entity'),
    ).toBe(true);
    expect(complianceDashboardReadPermission.name).toBe(
      'compliance-dashboard.read',
    );
  });

  it('makes refresh a basic permission', () => {
    expect(complianceDashboardRefreshPermission.type).toBe('basic');
    expect(complianceDashboardPermissions.map(p => p.name)).toEqual([
      'compliance-dashboard.read',
      'compliance-dashboard.refresh',
      'compliance-dashboard.exemption.request',
      'compliance-dashboard.exemption.decide',
      'compliance-dashboard.exemption.revoke',
    ]);
  });

  it('makes asking for an exemption a resource permission and deciding a basic one', () => {
    expect(
      isResourcePermission(
        complianceDashboardExemptionRequestPermission,
        'catalog-entity',
      ),
    ).toBe(true);
    expect(complianceDashboardExemptionDecidePermission.type).toBe('basic');
  });
});
