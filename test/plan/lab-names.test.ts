import { MAX_LAB_NAME_LENGTH, MAX_PARTICIPANT_ID_LENGTH } from '../../lib/config/lab-config';
import { clusterNameOf, IAM_ROLE_NAME_MAX_LENGTH, labResourceNames, labStackNames, sharedNetworkStackName } from '../../lib/plan/lab-names';

describe('lab names', () => {
  const longestLab = 'l'.repeat(MAX_LAB_NAME_LENGTH);
  const longestId = 'p'.repeat(MAX_PARTICIPANT_ID_LENGTH);

  test('every name derived from the longest lab name and participant id fits its limit (so no rule has to check it)', () => {
    const names = labResourceNames(clusterNameOf(longestLab, longestId));
    // EKS: cluster names up to 100 characters. https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html
    expect(names.cluster.length).toBeLessThanOrEqual(100);
    for (const role of [names.clusterRole, names.nodeRole, names.ebsCsiRole, names.vpcCniRole, names.learnerRole]) expect(role.length).toBeLessThanOrEqual(IAM_ROLE_NAME_MAX_LENGTH);
    // The longest role is exactly at the limit: a longer lab name or id would need a rule again.
    expect(Math.max(names.clusterRole.length, names.nodeRole.length, names.ebsCsiRole.length)).toBe(IAM_ROLE_NAME_MAX_LENGTH);
    // Launch templates: 128 characters; log groups: 512; KMS aliases: 256.
    expect(names.launchTemplate.length).toBeLessThanOrEqual(128);
    expect(names.controlPlaneLogGroup.length).toBeLessThanOrEqual(512);
    expect(names.secretsKeyAlias.length).toBeLessThanOrEqual(256);
  });

  test('a single lab is named like the lab, a participant after the lab and their id', () => {
    expect(clusterNameOf('k8s')).toBe('k8s');
    expect(clusterNameOf('k8s', 'ana')).toBe('k8s-ana');
    expect(labStackNames('k8s-ana')).toEqual({ cluster: 'k8s-ana-cluster', workloads: 'k8s-ana-workloads' });
    expect(sharedNetworkStackName('k8s')).toBe('k8s-network');
    expect(labResourceNames('k8s-ana')).toEqual({
      cluster: 'k8s-ana',
      clusterRole: 'k8s-ana-cluster',
      nodeRole: 'k8s-ana-node',
      ebsCsiRole: 'k8s-ana-ebs-csi-driver',
      vpcCniRole: 'k8s-ana-vpc-cni',
      learnerRole: 'k8s-ana-learner',
      controlPlaneLogGroup: '/aws/eks/k8s-ana/cluster',
      launchTemplate: 'k8s-ana-nodes',
      secretsKeyAlias: 'alias/k8s-ana-eks-secrets',
      nodeGroup: 'default',
    });
  });
});
