import { CONTROL_FAMILIES, ControlFamily } from '@pbc-portal/pbc-domain';
import { failingByFamily } from './readModel';

describe('failingByFamily', () => {
  it('counts failing controls per family and lists every family', () => {
    const [first, second] = CONTROL_FAMILIES;
    const families = [first, first, second, 'not-a-family' as ControlFamily];
    const counts = failingByFamily(families);
    expect(Object.keys(counts).sort()).toEqual([...CONTROL_FAMILIES].sort());
    expect(counts[first]).toBe(2);
    expect(counts[second]).toBe(1);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3);
  });
});
