import { CONTROL_FAMILIES, getControl } from '@pbc-portal/pbc-domain';
import { failingByFamily } from './readModel';

describe('failingByFamily', () => {
  it('counts failing controls per family and lists every family', () => {
    const ids = ['PBC-IAM-01', 'PBC-IAM-02', 'PBC-MSG-01', 'PBC-NOT-A-CONTROL'];
    const counts = failingByFamily(ids);
    expect(Object.keys(counts).sort()).toEqual([...CONTROL_FAMILIES].sort());
    expect(counts[getControl('PBC-IAM-01').family]).toBe(2);
    expect(counts[getControl('PBC-MSG-01').family]).toBe(1);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3);
  });
});
