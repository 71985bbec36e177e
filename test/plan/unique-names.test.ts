import { labEnvironments } from '../../lib/plan/lab-environment';
import { uniqueNamesOf, UniqueNameKind } from '../../lib/plan/unique-names';
import { classConfig, labConfig, synthLab, uniqueNames } from '../support/fixtures';

describe('uniqueNamesOf: the names preflight looks for are the ones the stacks create', () => {
  test.each([
    ['single lab, AWS-managed key', labConfig()],
    ['single lab, customer-managed key', labConfig({ secretsEncryption: 'customer-managed' })],
    ['class, customer-managed key', classConfig(2, { secretsEncryption: 'customer-managed' })],
  ])('%s', (_name, config) => {
    const stacks = synthLab(config);
    const synthesized = Object.entries(stacks)
      .flatMap(([stack, json]) => uniqueNames(json).map(({ type, name }) => `${stack} ${type} ${name}`))
      .sort();
    const listed = labEnvironments(config)
      .flatMap((env) => uniqueNamesOf(config, env))
      .map(({ stackName, kind, name }) => `${stackName} ${kind} ${name}`)
      .sort();
    expect(listed).toEqual(synthesized);
  });

  test('the single lab, in order, with the KMS alias only for a customer-managed key', () => {
    const config = labConfig();
    const names = uniqueNamesOf(config, labEnvironments(config)[0]);
    expect(names.map((n) => [n.kind, n.name])).toEqual([
      [UniqueNameKind.EKS_CLUSTER, 'eks-workshop'],
      [UniqueNameKind.IAM_ROLE, 'eks-workshop-cluster'],
      [UniqueNameKind.IAM_ROLE, 'eks-workshop-node'],
      [UniqueNameKind.IAM_ROLE, 'eks-workshop-ebs-csi-driver'],
      [UniqueNameKind.IAM_ROLE, 'eks-workshop-vpc-cni'],
      [UniqueNameKind.LOG_GROUP, '/aws/eks/eks-workshop/cluster'],
      [UniqueNameKind.LAUNCH_TEMPLATE, 'eks-workshop-nodes'],
    ]);
    expect(names.every((n) => n.stackName === 'eks-workshop-cluster' && n.clusterName === 'eks-workshop')).toBe(true);
  });
});
