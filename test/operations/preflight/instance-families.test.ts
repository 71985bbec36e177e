import { isStandardFamily, otherOnDemandQuota } from '../../../lib/operations/preflight/instance-families';

describe('otherOnDemandQuota', () => {
  test('the standard families (A, C, D, H, I, M, R, T, Z) count against the standard quota', () => {
    for (const type of ['a1.large', 'c7i.large', 'd3.xlarge', 'h1.2xlarge', 'i4i.large', 'im4gn.large', 'm5.large', 'm7i-flex.large', 'r7iz.large', 't3.medium', 'z1d.large']) {
      expect([type, isStandardFamily(type)]).toEqual([type, true]);
    }
  });

  test('prefixes of other quotas win over the standard letter they start with', () => {
    expect(otherOnDemandQuota('dl1.24xlarge')).toBe('Running On-Demand DL instances');
    expect(otherOnDemandQuota('inf2.xlarge')).toBe('Running On-Demand Inf instances');
    expect(otherOnDemandQuota('trn1.2xlarge')).toBe('Running On-Demand Trn instances');
    expect(otherOnDemandQuota('hpc7g.4xlarge')).toBe('Running On-Demand HPC instances');
    expect(otherOnDemandQuota('u-6tb1.metal')).toBe('Running On-Demand High Memory instances');
    expect(otherOnDemandQuota('g5.xlarge')).toBe('Running On-Demand G and VT instances');
    expect(otherOnDemandQuota('vt1.3xlarge')).toBe('Running On-Demand G and VT instances');
    expect(otherOnDemandQuota('p4d.24xlarge')).toBe('Running On-Demand P instances');
    expect(otherOnDemandQuota('x2idn.16xlarge')).toBe('Running On-Demand X instances');
    expect(otherOnDemandQuota('f1.2xlarge')).toBe('Running On-Demand F instances');
    expect(otherOnDemandQuota('mac2.metal')).toMatch(/^Running Dedicated mac Hosts/);
    expect(otherOnDemandQuota('q9.large')).toBe('unknown family');
  });
});
