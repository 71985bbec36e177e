import { labEnvironments } from '../../lib/plan/lab-environment';
import { eksClusterArn, parseIamPrincipalArn, participantPolicy } from '../../lib/fleet/participant-policy';
import { labConfig } from '../support/fixtures';

describe('participantPolicy', () => {
  test("eks:DescribeCluster on the participant's own cluster only, in the account of their principal", () => {
    const config = labConfig({
      region: 'eu-west-1',
      expiresOn: '2026-12-31',
      roster: {
        participants: [
          { id: 'ana', principalArn: 'arn:aws:iam::111122223333:user/ana' },
          { id: 'ben', principalArn: 'arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Lab_0123456789abcdef' },
        ],
      },
    });
    const [ana, ben] = labEnvironments(config).map((env) => participantPolicy(config, env));
    expect(ana).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DescribeOwnLabCluster', Effect: 'Allow', Action: ['eks:DescribeCluster'], Resource: ['arn:aws:eks:eu-west-1:111122223333:cluster/eks-workshop-ana'] },
      ],
    });
    expect(ben.Statement[0].Resource).toEqual(['arn:aws:eks:eu-west-1:444455556666:cluster/eks-workshop-ben']);
  });

  test('the partition follows the region', () => {
    expect(eksClusterArn('cn-north-1', '123456789012', 'lab')).toBe('arn:aws-cn:eks:cn-north-1:123456789012:cluster/lab');
    const config = labConfig({
      region: 'us-gov-west-1',
      availabilityZones: ['us-gov-west-1a', 'us-gov-west-1b'],
      expiresOn: '2026-12-31',
      roster: { participants: [{ id: 'gov', principalArn: 'arn:aws-us-gov:iam::123456789012:role/gov' }] },
    });
    expect(participantPolicy(config, labEnvironments(config)[0]).Statement[0].Resource[0]).toMatch(/^arn:aws-us-gov:eks:us-gov-west-1:/);
  });

  test('a single lab has no participant to write a policy for', () => {
    const config = labConfig();
    expect(() => participantPolicy(config, labEnvironments(config)[0])).toThrow('participantPolicy: lab eks-workshop has no participant');
  });
});

describe('parseIamPrincipalArn', () => {
  test('roles and users, with and without a path', () => {
    expect(parseIamPrincipalArn('arn:aws:iam::123456789012:user/bob')).toEqual({ partition: 'aws', account: '123456789012', type: 'user', path: '/', name: 'bob' });
    expect(parseIamPrincipalArn('arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1')).toEqual({
      partition: 'aws',
      account: '123456789012',
      type: 'role',
      path: '/aws-reserved/sso.amazonaws.com/',
      name: 'AWSReservedSSO_Admin_1',
    });
  });

  test('anything else is not an IAM principal ARN', () => {
    for (const arn of ['arn:aws:sts::123456789012:assumed-role/Admin/me', 'arn:aws:iam::123456789012:root', 'arn:aws:iam::12345:role/x', 'role/x']) {
      expect([arn, parseIamPrincipalArn(arn)]).toEqual([arn, undefined]);
    }
  });
});
