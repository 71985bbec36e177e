import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  Subnet,
  Tag,
} from '@aws-sdk/client-ec2';
import { DescribeClusterCommand, DescribeNodegroupCommand } from '@aws-sdk/client-eks';
import { GetRoleCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { EmulatorClients } from './emulator-inventory';

/**
 * What the round trips check through the AWS SDK after an apply, against what AWS (here: the
 * emulator) actually holds, not against the synthesized JSON. Each function fails with jest's
 * message on the first mismatch.
 */

/** EC2 tags as a record. */
export function tagsOf(tags: readonly Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [String(t.Key), String(t.Value)]));
}

/** What a lab's network must look like. */
export interface ExpectedNetwork {
  /** The `Name` prefix (cluster name of a single lab, lab name of a class). */
  readonly namePrefix: string;
  /** The VPC's CIDR. */
  readonly vpcCidr: string;
  /** Public subnets: zone and CIDR, in zone order. */
  readonly publicSubnets: ReadonlyArray<readonly [string, string]>;
  /** Private subnets: zone and CIDR, in zone order. */
  readonly privateSubnets: ReadonlyArray<readonly [string, string]>;
  /** Tags every network resource carries (the provider's default tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/** The network's pieces, as found. */
export interface FoundNetwork {
  /** VPC id. */
  readonly vpcId: string;
  /** Private subnet ids, in zone order. */
  readonly privateSubnetIds: readonly string[];
  /** Public subnet ids, in zone order. */
  readonly publicSubnetIds: readonly string[];
}

/**
 * One VPC tagged `Name=<prefix>-vpc` with the CIDR, DNS settings and tags; its subnets with their
 * zones, CIDRs, load balancer role tags and names; one NAT gateway in the first public subnet with an
 * Elastic IP; the public route table (default route to the VPC's internet gateway) on every public
 * subnet and a private one (default route to the NAT gateway) on every private subnet.
 */
export async function verifyNetwork({ ec2 }: EmulatorClients, expected: ExpectedNetwork): Promise<FoundNetwork> {
  const vpcs = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: [`${expected.namePrefix}-vpc`] }] }))).Vpcs ?? [];
  expect(vpcs).toHaveLength(1);
  const [vpc] = vpcs;
  const vpcId = String(vpc.VpcId);
  expect(vpc.CidrBlock).toBe(expected.vpcCidr);
  expect(tagsOf(vpc.Tags)).toEqual({ ...expected.tags, Name: `${expected.namePrefix}-vpc` });
  for (const Attribute of ['enableDnsHostnames', 'enableDnsSupport'] as const) {
    const answer = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute }));
    expect([Attribute, (answer.EnableDnsHostnames ?? answer.EnableDnsSupport)?.Value]).toEqual([Attribute, true]);
  }

  const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets ?? [];
  const summary = (s: Subnet) => [s.AvailabilityZone, s.CidrBlock, tagsOf(s.Tags).Name] as const;
  const byName = (pattern: RegExp) =>
    subnets.filter((s) => pattern.test(tagsOf(s.Tags).Name ?? '')).sort((a, b) => (tagsOf(a.Tags).Name ?? '').localeCompare(tagsOf(b.Tags).Name ?? ''));
  const publicSubnets = byName(/-PublicSubnet\d$/);
  const privateSubnets = byName(/-PrivateSubnet\d$/);
  expect(subnets).toHaveLength(expected.publicSubnets.length + expected.privateSubnets.length);
  expect(publicSubnets.map(summary)).toEqual(expected.publicSubnets.map(([zone, cidr], i) => [zone, cidr, `${expected.namePrefix}-PublicSubnet${i + 1}`]));
  expect(privateSubnets.map(summary)).toEqual(expected.privateSubnets.map(([zone, cidr], i) => [zone, cidr, `${expected.namePrefix}-PrivateSubnet${i + 1}`]));
  for (const s of publicSubnets) {
    expect(tagsOf(s.Tags)).toEqual({ ...expected.tags, Name: tagsOf(s.Tags).Name, 'kubernetes.io/role/elb': '1' });
    expect(s.MapPublicIpOnLaunch).toBe(false);
  }
  for (const s of privateSubnets) expect(tagsOf(s.Tags)).toEqual({ ...expected.tags, Name: tagsOf(s.Tags).Name, 'kubernetes.io/role/internal-elb': '1' });

  const nats = ((await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'vpc-id', Values: [vpcId] }] }))).NatGateways ?? []).filter(
    (n) => n.State !== 'deleted',
  );
  expect(nats.map((n) => [n.State, n.SubnetId, tagsOf(n.Tags).Name])).toEqual([['available', publicSubnets[0].SubnetId, `${expected.namePrefix}-nat-1`]]);
  expect(nats[0].NatGatewayAddresses?.[0]?.AllocationId).toMatch(/^eipalloc-/);

  const tables = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables ?? [];
  const tableOf = (subnetId: string | undefined) => tables.find((t) => (t.Associations ?? []).some((a) => a.SubnetId === subnetId));
  const defaultRoute = (subnetId: string | undefined) => {
    const route = (tableOf(subnetId)?.Routes ?? []).find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
    return route?.NatGatewayId ?? route?.GatewayId;
  };
  const igw = (tables.flatMap((t) => t.Routes ?? []).find((r) => r.GatewayId?.startsWith('igw-')) ?? {}).GatewayId;
  expect(igw).toMatch(/^igw-/);
  expect(publicSubnets.map((s) => defaultRoute(s.SubnetId))).toEqual(publicSubnets.map(() => igw));
  expect(new Set(publicSubnets.map((s) => tableOf(s.SubnetId)?.RouteTableId)).size).toBe(1);
  expect(privateSubnets.map((s) => defaultRoute(s.SubnetId))).toEqual(privateSubnets.map(() => nats[0].NatGatewayId));
  expect(tagsOf(tableOf(privateSubnets[0].SubnetId)?.Tags)).toEqual({ ...expected.tags, Name: `${expected.namePrefix}-private-1` });

  return { vpcId, privateSubnetIds: privateSubnets.map((s) => String(s.SubnetId)), publicSubnetIds: publicSubnets.map((s) => String(s.SubnetId)) };
}

/** One role a lab creates. */
export interface ExpectedRole {
  /** Role name. */
  readonly name: string;
  /** The one service principal its trust policy allows. */
  readonly service: string;
  /** The actions that principal may call. */
  readonly actions: readonly string[];
  /** The AWS managed policies attached (names after `policy/`). */
  readonly policies: readonly string[];
  /** Its inline policies, by name, as AWS holds them (policy variables as written). @default {} */
  readonly inline?: Readonly<Record<string, unknown>>;
}

/** The roles exist with exactly these trust policies, attached and inline policies, tagged `tags`. @returns their ARNs by name */
export async function verifyRoles({ iam }: EmulatorClients, roles: readonly ExpectedRole[], tags: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const arns: Record<string, string> = {};
  for (const expected of roles) {
    const { Role: role } = await iam.send(new GetRoleCommand({ RoleName: expected.name }));
    expect(role?.RoleName).toBe(expected.name);
    const trust = JSON.parse(decodeURIComponent(String(role?.AssumeRolePolicyDocument))) as { Statement: unknown[] };
    expect([expected.name, trust.Statement]).toEqual([
      expected.name,
      [{ Effect: 'Allow', Principal: { Service: expected.service }, Action: [...expected.actions] }],
    ]);
    expect([expected.name, tagsOf(role?.Tags)]).toEqual([expected.name, { ...tags }]);
    const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: expected.name }))).AttachedPolicies ?? [];
    expect([expected.name, attached.map((p) => String(p.PolicyArn)).sort()]).toEqual([
      expected.name,
      expected.policies.map((p) => `arn:aws:iam::aws:policy/${p}`).sort(),
    ]);
    const inlineNames = (await iam.send(new ListRolePoliciesCommand({ RoleName: expected.name }))).PolicyNames ?? [];
    const inline: Record<string, unknown> = {};
    for (const PolicyName of inlineNames) {
      const { PolicyDocument } = await iam.send(new GetRolePolicyCommand({ RoleName: expected.name, PolicyName }));
      inline[PolicyName] = JSON.parse(decodeURIComponent(String(PolicyDocument)));
    }
    expect([expected.name, inline]).toEqual([expected.name, expected.inline ?? {}]);
    arns[expected.name] = String(role?.Arn);
  }
  return arns;
}

/** What a lab's cluster must look like. */
export interface ExpectedCluster {
  /** Cluster name. */
  readonly name: string;
  /** Kubernetes version. */
  readonly version: string;
  /** The cluster role's ARN. */
  readonly roleArn: string;
  /** The node role's ARN. */
  readonly nodeRoleArn: string;
  /** Private subnet ids of the network it runs in. */
  readonly subnetIds: readonly string[];
  /** Allowed CIDRs of the public endpoint. */
  readonly publicAccessCidrs: readonly string[];
  /** Retention of the control-plane log group, days. */
  readonly logRetentionDays: number;
  /** Tags of the cluster and its node group and launch template (the provider's default tags). */
  readonly tags: Readonly<Record<string, string>>;
  /** The node group's instance types (the plan's). */
  readonly instanceTypes: readonly string[];
  /** The node group's AMI type (the plan's: derived from the instance types' architecture). */
  readonly amiType: string;
  /** The enabled control-plane log types (the configuration's). */
  readonly logTypes: readonly string[];
}

/**
 * The control-plane log group (name, retention), the cluster (version, role, subnets, both
 * endpoints, public CIDRs, the configured log types), the node group (name, scaling, instance type, AMI,
 * label, subnets, role, launch template) and the launch template's latest version (IMDSv2 required
 * with hop limit 1, encrypted gp3 root volume, tags for what it launches).
 */
export async function verifyCluster({ logs, eks, ec2 }: EmulatorClients, expected: ExpectedCluster): Promise<void> {
  const logGroupName = `/aws/eks/${expected.name}/cluster`;
  const groups = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }))).logGroups ?? [];
  expect(groups.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([[logGroupName, expected.logRetentionDays]]);

  const { cluster } = await eks.send(new DescribeClusterCommand({ name: expected.name }));
  expect(cluster).toMatchObject({
    name: expected.name,
    version: expected.version,
    roleArn: expected.roleArn,
    status: 'ACTIVE',
    resourcesVpcConfig: expect.objectContaining({
      endpointPublicAccess: true,
      endpointPrivateAccess: true,
      publicAccessCidrs: [...expected.publicAccessCidrs],
    }),
  });
  // The provider holds subnets and log types as sets: their order on the wire is arbitrary.
  expect([...(cluster?.resourcesVpcConfig?.subnetIds ?? [])].sort()).toEqual([...expected.subnetIds].sort());
  const enabledLogTypes = (cluster?.logging?.clusterLogging ?? []).filter((l) => l.enabled).flatMap((l) => l.types ?? []);
  expect(enabledLogTypes.sort()).toEqual([...expected.logTypes].sort());
  expect(cluster?.tags).toEqual({ ...expected.tags });

  const { nodegroup } = await eks.send(new DescribeNodegroupCommand({ clusterName: expected.name, nodegroupName: 'default' }));
  const templates = (await ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [`${expected.name}-nodes`] }))).LaunchTemplates ?? [];
  expect(templates).toHaveLength(1);
  expect(nodegroup).toMatchObject({
    nodegroupName: 'default',
    scalingConfig: { minSize: 3, desiredSize: 3, maxSize: 6 },
    instanceTypes: [...expected.instanceTypes],
    amiType: expected.amiType,
    labels: { 'workshop-default': 'yes' },
    nodeRole: expected.nodeRoleArn,
    launchTemplate: expect.objectContaining({ id: templates[0].LaunchTemplateId }),
  });
  expect([...(nodegroup?.subnets ?? [])].sort()).toEqual([...expected.subnetIds].sort());
  expect(nodegroup?.tags).toEqual({ ...expected.tags });
  expect(tagsOf(templates[0].Tags)).toEqual({ ...expected.tags });

  const versions =
    (await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templates[0].LaunchTemplateId, Versions: ['$Latest'] })))
      .LaunchTemplateVersions ?? [];
  expect(versions).toHaveLength(1);
  const data = versions[0].LaunchTemplateData;
  expect(data?.MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' });
  expect(data?.BlockDeviceMappings).toEqual([
    { DeviceName: '/dev/xvda', Ebs: expect.objectContaining({ VolumeType: 'gp3', Encrypted: true, VolumeSize: 30, DeleteOnTermination: true }) },
  ]);
  // moto also lists the template's own tags here (see EMULATOR_PLAN_DIFFERENCES); EC2 does not.
  const launched = (data?.TagSpecifications ?? []).filter((s) => s.ResourceType !== 'launch-template');
  expect(launched.map((s) => [s.ResourceType, tagsOf(s.Tags)])).toEqual(
    ['instance', 'volume', 'network-interface'].map((type) => [type, { ...expected.tags }]),
  );
}
