import { formatLeftovers } from '../../../lib/operations/leftovers/format-leftovers';
import { LeftoverGroupKind, LeftoverReport, LeftoverSource } from '../../../lib/operations/leftovers/leftover-report';

const base: LeftoverReport = {
  labName: 'lab',
  region: 'eu-west-1',
  clusterNames: ['lab-alice', 'lab-bob'],
  groups: [],
  total: 0,
  ignored: [],
  iamRolesNotChecked: ['lab-alice-cluster', 'lab-alice-node', 'lab-alice-ebs-csi-driver', 'lab-bob-cluster', 'lab-bob-node', 'lab-bob-ebs-csi-driver'],
};

/** The note on IAM roles of a class of lab `lab` with two participants. */
const IAM_NOTE = [
  'Not checked: IAM roles. The Resource Groups Tagging API does not list them (IAM is global), so the 6 roles the lab creates (<cluster>-cluster, <cluster>-node, <cluster>-ebs-csi-driver) may still exist; list what is left with:',
  `  aws iam list-roles --query "Roles[?starts_with(RoleName, 'lab-')].RoleName" --output text`,
];

describe('formatLeftovers', () => {
  test('nothing left: one line naming the lab, region and clusters', () => {
    expect(formatLeftovers(base)).toBe(
      ['Nothing left: no AWS resource in eu-west-1 is tagged for lab lab (clusters checked: lab-alice, lab-bob).', '', ...IAM_NOTE, ''].join('\n'),
    );
  });

  test('one participant: the IAM note names its roles by its cluster name', () => {
    const text = formatLeftovers({
      ...base,
      participantId: 'alice',
      clusterNames: ['lab-alice'],
      iamRolesNotChecked: ['lab-alice-cluster', 'lab-alice-node', 'lab-alice-ebs-csi-driver'],
    });
    expect(text).toMatch(/so the 3 roles the lab creates .*\n {2}aws iam list-roles --query "Roles\[\?starts_with\(RoleName, 'lab-alice-'\)\]\.RoleName" --output text\n$/);
  });

  test('Kubernetes-created load balancers and target groups are named as such', () => {
    const resource = (resourceType: string, id: string) => ({
      service: 'elasticloadbalancing',
      resourceType,
      id,
      arn: `arn:aws:elasticloadbalancing:eu-west-1:123456789012:${resourceType}/${id}`,
      tags: {},
      removal: 'x',
      foundBy: [LeftoverSource.TAGGING_API_CLUSTER_TAGS],
    });
    const text = formatLeftovers({
      ...base,
      total: 2,
      groups: [
        {
          kind: LeftoverGroupKind.PARTICIPANT,
          participantId: 'alice',
          clusterName: 'lab-alice',
          inConfiguration: true,
          resources: [resource('loadbalancer', 'a1b2'), resource('targetgroup', 'k8s-tg/1')],
        },
      ],
    });
    expect(text).toContain('  - load balancer a1b2 arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/a1b2\n');
    expect(text).toContain('  - target group k8s-tg/1 arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/k8s-tg/1\n');
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
        ...IAM_NOTE,
        '',
      ].join('\n'),
    );
  });
});
