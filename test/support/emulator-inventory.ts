import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeAddressesCommand,
  DescribeInternetGatewaysCommand,
  DescribeLaunchTemplatesCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { IAMClient, ListPoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { EMULATOR_CREDENTIALS } from './emulator-terraform';

/** AWS SDK v3 clients pointed at the emulator, for one region. */
export interface EmulatorClients {
  /** EC2. */
  readonly ec2: EC2Client;
  /** EKS. */
  readonly eks: EKSClient;
  /** IAM. */
  readonly iam: IAMClient;
  /** CloudWatch Logs. */
  readonly logs: CloudWatchLogsClient;
  /** KMS. */
  readonly kms: KMSClient;
  /** Resource Groups Tagging API. */
  readonly tagging: ResourceGroupsTaggingAPIClient;
}

/** SDK clients that send every call to `endpoint` with the emulator's fake credentials (or `credentials`). */
export function emulatorClients(
  endpoint: string,
  region: string,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string } = EMULATOR_CREDENTIALS,
): EmulatorClients {
  const config = { endpoint, region, credentials: { ...credentials }, maxAttempts: 2 };
  return {
    ec2: new EC2Client(config),
    eks: new EKSClient(config),
    iam: new IAMClient(config),
    logs: new CloudWatchLogsClient(config),
    kms: new KMSClient(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
  };
}

/**
 * The emulator's clients in another account: moto acts in the account of the role whose credentials
 * sts:AssumeRole gave (moto/sts/models.py: "The ARN can point to another account").
 */
export async function emulatorClientsInAccount(endpoint: string, region: string, roleArn: string): Promise<EmulatorClients> {
  const sts = new STSClient({ endpoint, region, credentials: { ...EMULATOR_CREDENTIALS }, maxAttempts: 2 });
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'emulator-test' }));
  if (Credentials?.AccessKeyId === undefined || Credentials.SecretAccessKey === undefined) throw new Error(`the emulator gave no credentials for ${roleArn}`);
  return emulatorClients(endpoint, region, { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken });
}

/** Every resource of the kinds a lab creates that exists in the emulator, by kind: ids (or names). */
export type Inventory = Readonly<Record<InventoryKind, readonly string[]>>;

/** What {@link takeInventory} lists. */
export type InventoryKind =
  | 'vpcs'
  | 'subnets'
  | 'route tables'
  | 'internet gateways'
  | 'NAT gateways (not deleted)'
  | 'elastic IPs'
  | 'network interfaces'
  | 'volumes'
  | 'launch templates'
  | 'security groups (not default)'
  | 'IAM roles'
  | 'IAM policies (customer managed)'
  | 'log groups'
  | 'KMS keys (not pending deletion)'
  | 'KMS aliases (not AWS managed)'
  | 'EKS clusters';

/**
 * Lists everything of the kinds a lab creates: VPCs, subnets, route tables, gateways, addresses,
 * ENIs, volumes, launch templates, security groups other than defaults, IAM roles and customer
 * managed policies, log groups, KMS keys and aliases, and EKS clusters. NAT gateways in state
 * `deleted` and keys pending deletion are gone as far as billing and names go, as in AWS. Two
 * things moto keeps that AWS does not are not counted, each explained where it is left out: a
 * deleted NAT gateway's network interface, and the AWS managed `aws/ebs` key.
 */
export async function takeInventory(clients: EmulatorClients): Promise<Inventory> {
  const { ec2, eks, iam, logs, kms } = clients;
  const [vpcs, subnets, routeTables, igws, nats, addresses, enis, volumes, templates, groups, roles, policies, logGroups, keys, aliases, clusters] =
    await Promise.all([
      ec2.send(new DescribeVpcsCommand({})).then((r) => (r.Vpcs ?? []).map((v) => `${v.VpcId} ${v.CidrBlock}`)),
      ec2.send(new DescribeSubnetsCommand({})).then((r) => (r.Subnets ?? []).map((s) => `${s.SubnetId} ${s.CidrBlock}`)),
      ec2.send(new DescribeRouteTablesCommand({})).then((r) => (r.RouteTables ?? []).map((t) => `${t.RouteTableId} ${t.VpcId}`)),
      ec2.send(new DescribeInternetGatewaysCommand({})).then((r) => (r.InternetGateways ?? []).map((g) => String(g.InternetGatewayId))),
      ec2
        .send(new DescribeNatGatewaysCommand({}))
        .then((r) => (r.NatGateways ?? []).filter((n) => n.State !== 'deleted').map((n) => `${n.NatGatewayId} ${n.State}`)),
      ec2.send(new DescribeAddressesCommand({})).then((r) => (r.Addresses ?? []).map((a) => `${a.AllocationId} ${a.PublicIp}`)),
      Promise.all([ec2.send(new DescribeNetworkInterfacesCommand({})), ec2.send(new DescribeNatGatewaysCommand({}))]).then(([r, n]) => {
        // moto's gap: deleting a NAT gateway leaves its interface (moto/ec2/models/nat_gateways.py:147-150
        // only sets the state); AWS removes it with the gateway.
        const ofDeletedNat = new Set(
          (n.NatGateways ?? []).filter((g) => g.State === 'deleted').flatMap((g) => (g.NatGatewayAddresses ?? []).map((a) => a.NetworkInterfaceId)),
        );
        return (r.NetworkInterfaces ?? []).map((i) => String(i.NetworkInterfaceId)).filter((id) => !ofDeletedNat.has(id));
      }),
      ec2.send(new DescribeVolumesCommand({})).then((r) => (r.Volumes ?? []).map((v) => String(v.VolumeId))),
      ec2.send(new DescribeLaunchTemplatesCommand({})).then((r) => (r.LaunchTemplates ?? []).map((t) => `${t.LaunchTemplateId} ${t.LaunchTemplateName}`)),
      ec2
        .send(new DescribeSecurityGroupsCommand({}))
        .then((r) => (r.SecurityGroups ?? []).filter((g) => g.GroupName !== 'default').map((g) => `${g.GroupId} ${g.GroupName}`)),
      iam.send(new ListRolesCommand({})).then((r) => (r.Roles ?? []).map((role) => String(role.RoleName))),
      iam.send(new ListPoliciesCommand({ Scope: 'Local' })).then((r) => (r.Policies ?? []).map((p) => String(p.PolicyName))),
      logs.send(new DescribeLogGroupsCommand({})).then((r) => (r.logGroups ?? []).map((g) => String(g.logGroupName))),
      Promise.all([kms.send(new ListKeysCommand({})), kms.send(new ListAliasesCommand({}))]).then(async ([r, a]) => {
        // moto's gap: the AWS managed key it creates for the first encrypted volume (alias aws/ebs) is
        // a customer key to it (moto/ec2/models/elastic_block_store.py:682-690 calls create_key); an
        // alias under alias/aws/ marks it as AWS's.
        const awsManaged = new Set((a.Aliases ?? []).filter((alias) => alias.AliasName?.startsWith('alias/aws/')).map((alias) => alias.TargetKeyId));
        const described = await Promise.all((r.Keys ?? []).map((k) => kms.send(new DescribeKeyCommand({ KeyId: k.KeyId }))));
        return described
          .map((d) => d.KeyMetadata)
          .filter((m) => m !== undefined && m.KeyManager !== 'AWS' && !awsManaged.has(m.KeyId) && m.KeyState !== 'PendingDeletion')
          .map((m) => String(m?.KeyId));
      }),
      kms.send(new ListAliasesCommand({})).then((r) => (r.Aliases ?? []).map((a) => String(a.AliasName)).filter((name) => !name.startsWith('alias/aws/'))),
      eks.send(new ListClustersCommand({})).then((r) => r.clusters ?? []),
    ]);
  return {
    vpcs,
    subnets,
    'route tables': routeTables,
    'internet gateways': igws,
    'NAT gateways (not deleted)': nats,
    'elastic IPs': addresses,
    'network interfaces': enis,
    volumes,
    'launch templates': templates,
    'security groups (not default)': groups,
    'IAM roles': roles,
    'IAM policies (customer managed)': policies,
    'log groups': logGroups,
    'KMS keys (not pending deletion)': keys,
    'KMS aliases (not AWS managed)': aliases,
    'EKS clusters': clusters,
  };
}

/** What `after` holds that `before` did not, by kind (kinds with nothing new left out). */
export function inventoryAdded(before: Inventory, after: Inventory): Partial<Record<InventoryKind, string[]>> {
  const added: Partial<Record<InventoryKind, string[]>> = {};
  for (const kind of Object.keys(after) as InventoryKind[]) {
    const known = new Set(before[kind]);
    const fresh = after[kind].filter((id) => !known.has(id));
    if (fresh.length > 0) added[kind] = fresh;
  }
  return added;
}
