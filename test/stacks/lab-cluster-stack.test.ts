import { configProblems, labConfig, synthClusterStack, synthLab, uniqueNames } from '../support/fixtures';

/** The account- or region-unique names of the cluster stack of `config`. */
function clusterUniqueNames(config = labConfig()): string[] {
  return uniqueNames(synthClusterStack(config)).map((n) => n.name);
}

describe('LabClusterStack', () => {
  test('defaults: provider region and lab tags, relative local state, the four outputs', () => {
    const stack = synthClusterStack();
    expect(stack.provider?.aws).toEqual([
      {
        region: 'us-west-2',
        default_tags: [{ tags: { 'created-by': 'eks-workshop-lab', env: 'eks-workshop', lab: 'eks-workshop' } }],
      },
    ]);
    expect(stack.terraform.backend).toEqual({ local: { path: '../../../terraform.eks-workshop-cluster.tfstate' } });
    const outputs = Object.keys(stack.output).filter((name) => !name.startsWith('cross-stack-output-'));
    expect(outputs.sort()).toEqual(['cluster_endpoint', 'cluster_name', 'region', 'update_kubeconfig_command']);
    expect(stack.output.region.value).toBe('us-west-2');
    expect(stack.output.update_kubeconfig_command.value).toMatch(
      /^aws eks update-kubeconfig --name eks-workshop --region us-west-2 --alias eks-workshop$/,
    );
  });

  test('uses only the AWS provider and no data source, so it plans offline', () => {
    const stack = synthClusterStack();
    expect(Object.keys(stack.provider ?? {})).toEqual(['aws']);
    expect(stack.data).toBeUndefined();
  });

  test('configured tags reach every resource next to the lab tags (which configuration cannot set)', () => {
    const stack = synthClusterStack(labConfig({ tags: { course: 'k8s-101' }, expiresOn: '2026-12-31' }));
    expect(stack.provider?.aws[0].default_tags).toEqual([
      { tags: { course: 'k8s-101', lab: 'eks-workshop', env: 'eks-workshop', 'created-by': 'eks-workshop-lab', 'expires-on': '2026-12-31' } },
    ]);
    expect(configProblems({ tags: { lab: 'spoofed' } })).toEqual([expect.stringMatching(/key "lab" is set by the project/)]);
  });

  test('every account- or region-unique name derives from the lab name, so two labs coexist', () => {
    const first = clusterUniqueNames(labConfig({ secretsEncryption: 'customer-managed' }));
    const second = clusterUniqueNames(labConfig({ labName: 'eks-workshop-2', secretsEncryption: 'customer-managed' }));
    expect(first).toHaveLength(8);
    expect(first.every((n) => n.includes('eks-workshop'))).toBe(true);
    expect(first.filter((n) => second.includes(n))).toEqual([]);
  });

  test('two stacks per lab, named after it', () => {
    expect(Object.keys(synthLab(labConfig({ labName: 'demo' })))).toEqual(['demo-cluster', 'demo-workloads']);
  });
});
