import { Testing } from 'cdktf';
import { LabNodeGroup } from '../../lib/cluster/lab-node-group';
import { labResourceNames } from '../../lib/plan/lab-names';
import { addonAddress, dependsOn, labConfig, labPlan, oneResource, resourcesOf, StackJson, synthClusterStack } from '../support/fixtures';

describe('LabNodeGroup', () => {
  test('defaults: node group "default", AL2023, 3/3/6 t3a.large in private subnets, 50% max unavailable', () => {
    const stack = synthClusterStack();
    const [, group] = oneResource(stack, 'aws_eks_node_group');
    expect(group).toMatchObject({
      node_group_name: 'default',
      ami_type: 'AL2023_x86_64_STANDARD',
      instance_types: ['t3a.large'],
      scaling_config: { min_size: 3, desired_size: 3, max_size: 6 },
      update_config: { max_unavailable_percentage: 50 },
      labels: { 'workshop-default': 'yes' },
    });
    expect((group.subnet_ids as string[]).every((id) => id.includes('PrivateSubnet'))).toBe(true);
    expect(group.taint).toBeUndefined();
    // disk_size conflicts with a launch template; the size lives there.
    expect(group.disk_size).toBeUndefined();
  });

  test('launch template requires IMDSv2 and encrypts the gp3 root volume', () => {
    const stack = synthClusterStack();
    const [templateId, template] = oneResource(stack, 'aws_launch_template');
    expect(template).toMatchObject({
      name: 'eks-workshop-nodes',
      metadata_options: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 },
      block_device_mappings: [
        { device_name: '/dev/xvda', ebs: { volume_size: 30, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } },
      ],
    });
    const specs = template.tag_specifications as Array<{ resource_type: string; tags: Record<string, string> }>;
    expect(specs.map((s) => s.resource_type)).toEqual(['instance', 'volume', 'network-interface']);
    expect(specs.every((s) => s.tags.lab === 'eks-workshop' && s.tags['created-by'] === 'eks-workshop-lab')).toBe(true);
    const [, group] = oneResource(stack, 'aws_eks_node_group');
    expect(group.launch_template).toEqual({
      id: `\${aws_launch_template.${templateId}.id}`,
      version: `\${aws_launch_template.${templateId}.latest_version}`,
    });
  });

  test("joins only after vpc-cni, the Pod Identity agent, kube-proxy and the lab's way out, and its policies outlive it", () => {
    const stack = synthClusterStack();
    const [, group] = oneResource(stack, 'aws_eks_node_group');
    const nodePolicies = Object.entries(resourcesOf(stack, 'aws_iam_role_policy_attachment'))
      .filter(([, r]) => String(r.role).includes('NodeRole'))
      .map(([id, r]) => [id, String(r.policy_arn).split('/').pop()]);
    expect(nodePolicies.map(([, name]) => name).sort()).toEqual([
      'AmazonEC2ContainerRegistryPullOnly',
      'AmazonEKSWorkerNodePolicy',
    ]);
    expect(dependsOn(group).sort()).toEqual(
      [
        addonAddress(stack, 'vpc-cni'),
        addonAddress(stack, 'eks-pod-identity-agent'),
        addonAddress(stack, 'kube-proxy'),
        ...nodePolicies.map(([id]) => `aws_iam_role_policy_attachment.${id}`),
        // The single lab's own network: bootstrap reaches the EKS API and pulls images through NAT.
        ...['aws_internet_gateway', 'aws_nat_gateway', 'aws_route_table', 'aws_route_table_association'].flatMap((type) =>
          Object.keys(resourcesOf(stack, type)).map((id) => `${type}.${id}`),
        ),
      ].sort(),
    );
  });

  test('overrides: sizes, instance types and disk', () => {
    const stack = synthClusterStack(
      labConfig({ nodeGroup: { instanceTypes: ['m6i.large', 'm7i.large'], minSize: 1, desiredSize: 2, maxSize: 4, diskSizeGiB: 50 } }),
    );
    expect(oneResource(stack, 'aws_eks_node_group')[1]).toMatchObject({
      instance_types: ['m6i.large', 'm7i.large'],
      scaling_config: { min_size: 1, desired_size: 2, max_size: 4 },
    });
    expect(oneResource(stack, 'aws_launch_template')[1]).toMatchObject({
      block_device_mappings: [{ ebs: { volume_size: 50 } }],
    });
  });

  test('the app\'s node group comes from the schema\'s defaults, resolved once in the plan (no construct default)', () => {
    const plan = labPlan();
    expect(plan.nodeGroup).toEqual({
      name: 'default',
      instanceTypes: ['t3a.large'],
      minSize: 3,
      desiredSize: 3,
      maxSize: 6,
      diskSizeGiB: 30,
      architecture: 'amd64',
      amiType: 'AL2023_x86_64_STANDARD',
      labels: { 'workshop-default': 'yes' },
    });
  });

  test('renders exactly the plan it is given', () => {
    const nodeGroup = { ...labPlan().nodeGroup, name: 'other', instanceTypes: ['c5.large'], minSize: 0, desiredSize: 1, maxSize: 2, diskSizeGiB: 40, labels: { a: 'b' } };
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        new LabNodeGroup(scope, 'Nodes', {
          clusterName: 'c',
          nodeGroup,
          names: labResourceNames('c'),
          region: 'us-west-2',
          subnetIds: ['s'],
          launchedResourceTags: { lab: 'c' },
        });
      }),
    ) as StackJson;
    expect(oneResource(json, 'aws_eks_node_group')[1]).toMatchObject({
      node_group_name: 'other',
      instance_types: ['c5.large'],
      scaling_config: { min_size: 0, desired_size: 1, max_size: 2 },
      labels: { a: 'b' },
      subnet_ids: ['s'],
    });
    expect(oneResource(json, 'aws_launch_template')[1]).toMatchObject({ name: 'c-nodes', block_device_mappings: [{ ebs: { volume_size: 40 } }] });
    expect(oneResource(json, 'aws_iam_role')[1]).toMatchObject({ name: 'c-node' });
  });
});
