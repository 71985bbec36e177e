import { formatLeftovers } from '../../lib/leftovers/format-leftovers';
import { LeftoverGroupKind, LeftoverReport, LeftoverSource } from '../../lib/leftovers/leftover-report';

const base: LeftoverReport = {
  labName: 'lab',
  region: 'eu-west-1',
  clusterNames: ['lab-alice', 'lab-bob'],
  groups: [],
  total: 0,
  ignoredStale: [],
};

describe('formatLeftovers', () => {
  test('nothing left: one line naming the lab, region and clusters', () => {
    expect(formatLeftovers(base)).toBe('Nothing left: no AWS resource in eu-west-1 is tagged for lab lab (clusters checked: lab-alice, lab-bob).\n');
  });

  test('a participant no longer in the roster and the shared network, each with its hints', () => {
    const text = formatLeftovers({
      ...base,
      total: 2,
      groups: [
        {
          kind: LeftoverGroupKind.PARTICIPANT,
          participantId: 'carol',
          clusterName: 'lab-carol',
          inConfiguration: false,
          resources: [
            {
              service: 'eks',
              resourceType: 'cluster',
              id: 'lab-carol',
              arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/lab-carol',
              tags: {},
              removal: 'aws eks delete-cluster --region eu-west-1 --name lab-carol',
              foundBy: [LeftoverSource.TAGGING_API],
            },
          ],
        },
        {
          kind: LeftoverGroupKind.SHARED,
          inConfiguration: true,
          destroyCommand: 'npx cdktf destroy lab-network',
          resources: [
            {
              service: 'ec2',
              resourceType: 'network-interface',
              id: 'eni-1',
              arn: 'arn:aws:ec2:eu-west-1:123456789012:network-interface/eni-1',
              state: 'available',
              tags: {},
              removal: 'aws ec2 delete-network-interface --region eu-west-1 --network-interface-id eni-1',
              foundBy: [LeftoverSource.EC2_NETWORK_INTERFACES],
            },
          ],
        },
      ],
    });
    expect(text).toBe(
      [
        '2 AWS resources still tagged for lab lab in eu-west-1:',
        '',
        'participant carol (cluster lab-carol), not in the roster any more: 1 left',
        '  - EKS cluster lab-carol arn:aws:eks:eu-west-1:123456789012:cluster/lab-carol',
        '      remove: aws eks delete-cluster --region eu-west-1 --name lab-carol',
        '',
        'shared by the class (network): 1 left',
        '  Terraform may still track some of them: npx cdktf destroy lab-network, after every participant; remove the rest one by one:',
        '  - network interface eni-1 (available)',
        '      remove: aws ec2 delete-network-interface --region eu-west-1 --network-interface-id eni-1',
        '',
        'Nothing left for: lab-alice, lab-bob.',
        '',
      ].join('\n'),
    );
  });
});
