import { classConfig, labConfig, resourcesOf, StackJson, synthLab, UNIQUE_NAME_ATTRIBUTES } from '../support/fixtures';

/**
 * Types that hold no account- or region-unique name (names scoped to their cluster, like node groups
 * and add-ons, or no name at all). A new resource type must be classified here or above.
 */
const NO_UNIQUE_NAME = new Set([
  'aws_vpc',
  'aws_subnet',
  'aws_internet_gateway',
  'aws_route_table',
  'aws_route_table_association',
  'aws_eip',
  'aws_ec2_subnet_cidr_reservation',
  'aws_nat_gateway',
  'aws_iam_role_policy_attachment',
  'aws_iam_role_policy', // an inline policy: its name is unique within its role only
  'aws_eks_addon',
  'aws_eks_node_group',
  'aws_eks_access_entry',
  'aws_eks_access_policy_association',
  'aws_kms_key', // named only through its alias, which is deleted at once; the key's 7-day window reserves nothing
  'terraform_data',
]);

/** Every AWS resource of every stack, as [stack, type, id, block]. */
function awsResources(stacks: Record<string, StackJson>) {
  return Object.entries(stacks).flatMap(([stack, json]) =>
    Object.entries(json.resource)
      .filter(([type]) => type.startsWith('aws_') || type === 'terraform_data')
      .flatMap(([type, blocks]) => Object.entries(blocks).map(([id, block]) => ({ stack, type, id, block }))),
  );
}

describe('same-name redeploy: every unique name comes from lab and participant, nothing waits out a deletion window', () => {
  test.each([
    ['single lab', labConfig({ secretsEncryption: 'customer-managed' }), ['eks-workshop']],
    ['class', classConfig(3, { secretsEncryption: 'customer-managed' }), ['eks-workshop-p01', 'eks-workshop-p02', 'eks-workshop-p03']],
  ])('%s', (_name, config, clusterNames) => {
    const stacks = synthLab(config);
    const resources = awsResources(stacks);
    const names: string[] = [];
    for (const { stack, type, block } of resources) {
      expect([type, UNIQUE_NAME_ATTRIBUTES[type] !== undefined || NO_UNIQUE_NAME.has(type)]).toEqual([type, true]);
      // A generated suffix would make names differ per deploy and leave old ones behind.
      expect(Object.keys(block)).not.toContain('name_prefix');
      const attribute = UNIQUE_NAME_ATTRIBUTES[type];
      if (attribute === undefined) continue;
      const name = block[attribute];
      // Literal, from configuration: no reference to a random or other resource's value.
      expect(typeof name).toBe('string');
      expect(String(name)).not.toMatch(/\$\{/);
      // Derived from the cluster of the stack it is in: `<lab>` or `<lab>-<participant>`.
      const owner = clusterNames.find((cluster) => stack.startsWith(`${cluster}-`));
      expect([stack, owner]).toEqual([stack, expect.any(String)]);
      expect(String(name)).toMatch(new RegExp(`(^|[/])${owner}([-/]|$)`));
      names.push(`${type}:${String(name)}`);
    }
    // Enough of them to mean something: cluster, four roles, log group, alias, launch template per cluster.
    expect(names.length).toBe(8 * clusterNames.length);
    expect(new Set(names).size).toBe(names.length);

    // Nothing whose deletion keeps the name reserved: no Secrets Manager secret (recovery window), and
    // the log group goes after the cluster, so EKS cannot re-create it while the cluster shuts down.
    expect(resources.filter((r) => r.type === 'aws_secretsmanager_secret')).toEqual([]);
    for (const stack of Object.values(stacks)) {
      for (const [id, cluster] of Object.entries(resourcesOf(stack, 'aws_eks_cluster'))) {
        const logGroups = Object.keys(resourcesOf(stack, 'aws_cloudwatch_log_group')).map((g) => `aws_cloudwatch_log_group.${g}`);
        expect([id, cluster.depends_on]).toEqual([id, expect.arrayContaining(logGroups)]);
      }
      for (const logGroup of Object.values(resourcesOf(stack, 'aws_cloudwatch_log_group'))) expect(logGroup.skip_destroy).toBeUndefined();
    }
  });
});
