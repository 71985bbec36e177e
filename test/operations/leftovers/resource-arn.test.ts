import { kindOfArn, parseArn } from '../../../lib/operations/leftovers/resource-arn';

describe('parseArn', () => {
  test.each([
    ['arn:aws:ec2:us-west-2:123456789012:volume/vol-0abc', { service: 'ec2', resourceType: 'volume', id: 'vol-0abc' }],
    ['arn:aws:eks:us-west-2:123456789012:nodegroup/c/default/1a2b', { service: 'eks', resourceType: 'nodegroup', id: 'c/default/1a2b' }],
    ['arn:aws:logs:us-west-2:123456789012:log-group:/aws/eks/c/cluster:*', { service: 'logs', resourceType: 'log-group', id: '/aws/eks/c/cluster:*' }],
    ['arn:aws:s3:::lab-state', { service: 's3', resourceType: 'bucket', id: 'lab-state' }],
    ['arn:aws:sns:us-west-2:123456789012:alerts', { service: 'sns', resourceType: 'topic', id: 'alerts' }],
  ])('%s', (arn, parts) => {
    expect(parseArn(arn)).toEqual(parts);
    expect(kindOfArn(parseArn(arn))).toBe(`${parts.service}:${parts.resourceType}`);
  });
});
