import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeLogGroupsCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import {
  Address,
  DescribeAddressesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeInstancesCommandInput,
  DescribeInstanceTypeOfferingsCommand,
  DescribeInstanceTypeOfferingsCommandInput,
  DescribeInstanceTypesCommand,
  DescribeInstanceTypesCommandInput,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplatesCommandInput,
  DescribeNatGatewaysCommand,
  DescribeNatGatewaysCommandInput,
  DescribeSubnetsCommand,
  DescribeSubnetsCommandInput,
  DescribeVpcsCommand,
  DescribeVpcsCommandInput,
  EC2Client,
  Instance,
  NatGateway,
  Subnet,
  Vpc,
} from '@aws-sdk/client-ec2';
import { EKSClient, ListClustersCommand, ListClustersCommandInput } from '@aws-sdk/client-eks';
import {
  GetAccountSummaryCommand,
  GetRoleCommand,
  GetRoleCommandInput,
  GetUserCommand,
  GetUserCommandInput,
  IAMClient,
  SimulatePrincipalPolicyCommand,
  SimulatePrincipalPolicyCommandInput,
} from '@aws-sdk/client-iam';
import { KMSClient, ListAliasesCommand, ListAliasesCommandInput } from '@aws-sdk/client-kms';
import { GetBucketVersioningCommand, GetObjectCommand, GetObjectCommandInput, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, GetServiceQuotaCommandInput, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { resolveLab } from '../../../lib/plan/resolve-lab';
import type { LabConfig } from '../../../lib/config/lab-config';
import { PreflightClients, PreflightContext } from '../../../lib/operations/preflight/preflight-check';
import { CallerIdentity, CallerKind } from '../../../lib/operations/preflight/caller-identity';
import { stateReaderFor } from '../../../lib/operations/preflight/terraform-state';
import { SentInputs } from '../../support/sent-inputs';

// The SDK's notice that later versions need Node 22 says nothing about these tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** The account of the fake. */
export const ACCOUNT = '123456789012';

/** A bucket of the fake S3. */
export interface FakeBucket {
  /** Its region. */
  readonly region: string;
  /** Versioning status. @default - never enabled */
  readonly versioning?: 'Enabled' | 'Suspended';
  /** Objects by key. @default {} */
  readonly objects?: Readonly<Record<string, string>>;
  /** Another account's bucket: every call answers 403. @default false */
  readonly foreign?: boolean;
}

/** What the fake account holds, as the real APIs return it. */
export interface FakeAccount {
  /** What STS GetCallerIdentity answers. @default - a session of role Admin */
  readonly callerArn?: string;
  /** IAM roles: name and path (`/` when absent). @default [] */
  readonly roles?: ReadonlyArray<{ readonly name: string; readonly path?: string }>;
  /** IAM users. @default [] */
  readonly users?: ReadonlyArray<{ readonly name: string; readonly path?: string }>;
  /** What IAM GetAccountSummary says: roles in the account (beyond `roles`) and the quota. @default 0 more, quota 1000 */
  readonly iamSummary?: { readonly otherRoles?: number; readonly rolesQuota?: number };
  /** Applied quota values by quota code; a code without one answers NoSuchResourceException. @default {} */
  readonly appliedQuotas?: Readonly<Record<string, number>>;
  /** AWS default quota values by code. @default the documented defaults (32 vCPUs, 5, 5, 5, 100) */
  readonly defaultQuotas?: Readonly<Record<string, number>>;
  /** DefaultVCpus of the instance types EC2 knows. @default t3a.large 2, m5.large 2, m5.xlarge 4, t3.medium 2, c5.large 2, g5.xlarge 4 */
  readonly instanceTypes?: Readonly<Record<string, number>>;
  /** Instance types offered per availability zone. @default every type of instanceTypes in us-west-2a, b, c and d */
  readonly offerings?: Readonly<Record<string, readonly string[]>>;
  /** Instances in any state. @default [] */
  readonly instances?: readonly Instance[];
  /** VPCs. @default [ the default VPC ] */
  readonly vpcs?: readonly Vpc[];
  /** Elastic IPs. @default [] */
  readonly addresses?: readonly Address[];
  /** NAT gateways, any state. @default [] */
  readonly natGateways?: readonly NatGateway[];
  /** Subnets. @default [] */
  readonly subnets?: readonly Subnet[];
  /** Availability zones of us-west-2 as DescribeAvailabilityZones lists them. @default a, b, c and d, available */
  readonly zones?: ReadonlyArray<{ readonly name: string; readonly state?: string; readonly optIn?: string }>;
  /** EKS cluster names. @default [] */
  readonly clusters?: readonly string[];
  /** Log group names. @default [] */
  readonly logGroups?: readonly string[];
  /** KMS alias names. @default [ alias/aws/ebs ] */
  readonly aliases?: readonly string[];
  /** Launch template names. @default [] */
  readonly launchTemplates?: readonly string[];
  /** The simulator's decision for a principal, action and resource. @default allowed */
  readonly simulate?: (principalArn: string, action: string, resource: string) => 'allowed' | 'implicitDeny' | 'explicitDeny';
  /** S3 buckets by name. @default {} */
  readonly buckets?: Readonly<Record<string, FakeBucket>>;
  /** Operations answered with the service's access-denied error, e.g. `iam:GetRole`. @default [] */
  readonly denied?: readonly string[];
  /** Items per page, to force pagination. @default 2 */
  readonly pageSize?: number;
}

/** Default quota values, as Service Quotas documents them (vCPUs: what new accounts often start at). */
const DEFAULT_QUOTAS: Readonly<Record<string, number>> = { 'L-1216C47A': 32, 'L-F678F1CE': 5, 'L-0263D0A3': 5, 'L-FE5A380F': 5, 'L-1194D53C': 100 };

/**
 * Every input the fake answered since the last {@link serve}, as it was sent, by operation
 * (`sent.of('logs:DescribeLogGroups')`): read page tokens here, not from the recorded commands.
 */
export const sent = new SentInputs();

/** Mocks of every client the preflight uses (aws-sdk-client-mock), reset by {@link serve}. */
export const mocks = {
  sts: mockClient(STSClient),
  ec2: mockClient(EC2Client),
  serviceQuotas: mockClient(ServiceQuotasClient),
  eks: mockClient(EKSClient),
  iam: mockClient(IAMClient),
  logs: mockClient(CloudWatchLogsClient),
  kms: mockClient(KMSClient),
  s3: mockClient(S3Client),
};

/** Fresh clients (their `send` is mocked); S3 per region. */
export function fakeClients(): PreflightClients & { sts: STSClient } {
  const region = 'us-west-2';
  return {
    sts: new STSClient({ region }),
    ec2: new EC2Client({ region }),
    serviceQuotas: new ServiceQuotasClient({ region }),
    eks: new EKSClient({ region }),
    iam: new IAMClient({ region }),
    logs: new CloudWatchLogsClient({ region }),
    kms: new KMSClient({ region }),
    s3: (bucketRegion) => new S3Client({ region: bucketRegion }),
  };
}

/** An AWS service error as the SDK throws it. */
export function awsError(name: string, message: string, httpStatusCode = 400, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode }, ...extra });
}

/** The access-denied error each service answers with. */
function deniedError(operation: string): Error {
  const [service] = operation.split(':');
  const name = service === 'ec2' ? 'UnauthorizedOperation' : service === 'iam' || service === 's3' || service === 'sts' ? 'AccessDenied' : 'AccessDeniedException';
  return awsError(name, `User: arn:aws:sts::${ACCOUNT}:assumed-role/Admin/me is not authorized to perform: ${operation}`, 403);
}

function page<T>(items: readonly T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token === undefined || token === '' ? 0 : Number(token.replace('page-', ''));
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { next: `page-${end}` } : {}) };
}

/** The ARN of a role or user of the fake account. */
export function iamArn(type: 'role' | 'user', name: string, path = '/'): string {
  return `arn:aws:iam::${ACCOUNT}:${type}${path}${name}`;
}

type Tagged = { Tags?: Array<{ Key?: string; Value?: string }> };

function matchesFilters(item: Tagged, fields: Record<string, string | undefined>, filters: Array<{ Name?: string; Values?: string[] }> | undefined): boolean {
  const valueCount = (filters ?? []).reduce((n, f) => n + (f.Values?.length ?? 0), 0);
  if (valueCount > 200) throw awsError('FilterLimitExceeded', 'The maximum number of filter values specified on a single call is 200');
  return (filters ?? []).every((f) => {
    const values = f.Values ?? [];
    if (f.Name?.startsWith('tag:')) return (item.Tags ?? []).some((t) => t.Key === f.Name?.slice(4) && values.includes(t.Value ?? ''));
    if (f.Name !== undefined && f.Name in fields) return values.includes(fields[f.Name] ?? '');
    throw new Error(`the fake does not know the filter ${f.Name}`);
  });
}

/** Answers every call of the preflight like AWS does (filters, pagination, errors), from `account`. */
export function serve(account: FakeAccount = {}): void {
  Object.values(mocks).forEach((m) => m.reset());
  sent.clear();
  const size = account.pageSize ?? 2;
  const denied = new Set(account.denied ?? []);
  const guard =
    <I>(operation: string, answer: (input: I, region: string) => unknown) =>
      sent.record(operation, async (input: I, getClient: () => { config: { region: () => Promise<string> } }) => {
        if (denied.has(operation)) throw deniedError(operation);
        return answer(input, await getClient().config.region());
      });
  const roles = (account.roles ?? []).map((r) => ({ RoleName: r.name, Path: r.path ?? '/', Arn: iamArn('role', r.name, r.path) }));
  const users = (account.users ?? []).map((u) => ({ UserName: u.name, Path: u.path ?? '/', Arn: iamArn('user', u.name, u.path) }));

  mocks.sts.on(GetCallerIdentityCommand).callsFake(
    guard('sts:GetCallerIdentity', () => ({
      Account: ACCOUNT,
      Arn: account.callerArn ?? `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/me`,
      UserId: 'AROAEXAMPLE:me',
    })),
  );

  mocks.serviceQuotas.on(GetServiceQuotaCommand).callsFake(
    guard('servicequotas:GetServiceQuota', (input: GetServiceQuotaCommandInput) => {
      const value = account.appliedQuotas?.[input.QuotaCode ?? ''];
      if (value === undefined) throw awsError('NoSuchResourceException', 'The request failed because the specified resource does not exist.');
      return { Quota: { ServiceCode: input.ServiceCode, QuotaCode: input.QuotaCode, Value: value } };
    }),
  );
  mocks.serviceQuotas.on(GetAWSDefaultServiceQuotaCommand).callsFake(
    guard('servicequotas:GetAWSDefaultServiceQuota', (input: GetServiceQuotaCommandInput) => {
      const value = { ...DEFAULT_QUOTAS, ...account.defaultQuotas }[input.QuotaCode ?? ''];
      if (value === undefined) throw awsError('NoSuchResourceException', 'The request failed because the specified resource does not exist.');
      return { Quota: { ServiceCode: input.ServiceCode, QuotaCode: input.QuotaCode, Value: value } };
    }),
  );

  const types = account.instanceTypes ?? { 't3a.large': 2, 'm5.large': 2, 'm5.xlarge': 4, 't3.medium': 2, 'c5.large': 2, 'g5.xlarge': 4 };
  mocks.ec2.on(DescribeInstanceTypesCommand).callsFake(
    guard('ec2:DescribeInstanceTypes', (input: DescribeInstanceTypesCommandInput) => {
      const asked = input.InstanceTypes ?? [];
      const unknown = asked.filter((t) => types[t] === undefined);
      // EC2 fails the whole call, naming the unknown types.
      if (unknown.length > 0) throw awsError('InvalidInstanceType', `The following supplied instance types do not exist: [${unknown.join(', ')}]`);
      const { items, next } = page(asked, input.NextToken, size);
      return { InstanceTypes: items.map((t) => ({ InstanceType: t, VCpuInfo: { DefaultVCpus: types[t] } })), NextToken: next };
    }),
  );
  const offerings = Object.entries(account.offerings ?? Object.fromEntries(['a', 'b', 'c', 'd'].map((z) => [`us-west-2${z}`, Object.keys(types)]))).flatMap(
    ([zone, offered]) => offered.map((type) => ({ InstanceType: type, Location: zone, LocationType: 'availability-zone' })),
  );
  mocks.ec2.on(DescribeInstanceTypeOfferingsCommand).callsFake(
    guard('ec2:DescribeInstanceTypeOfferings', (input: DescribeInstanceTypeOfferingsCommandInput) => {
      if (input.LocationType !== 'availability-zone') throw new Error(`the fake answers by availability zone only, not ${input.LocationType}`);
      const matching = offerings.filter((o) => matchesFilters({}, { location: o.Location, 'instance-type': o.InstanceType }, input.Filters));
      const { items, next } = page(matching, input.NextToken, size);
      return { InstanceTypeOfferings: items, NextToken: next };
    }),
  );
  mocks.ec2.on(DescribeInstancesCommand).callsFake(
    guard('ec2:DescribeInstances', (input: DescribeInstancesCommandInput) => {
      const matching = (account.instances ?? []).filter((i) => matchesFilters(i, { 'instance-state-name': i.State?.Name }, input.Filters));
      const { items, next } = page(matching, input.NextToken, size);
      // One reservation per instance, as separate launches give.
      return { Reservations: items.map((i) => ({ Instances: [i] })), NextToken: next };
    }),
  );
  mocks.ec2.on(DescribeVpcsCommand).callsFake(
    guard('ec2:DescribeVpcs', (input: DescribeVpcsCommandInput) => {
      const { items, next } = page(account.vpcs ?? [{ VpcId: 'vpc-default', IsDefault: true }], input.NextToken, size);
      return { Vpcs: items, NextToken: next };
    }),
  );
  mocks.ec2.on(DescribeAddressesCommand).callsFake(guard('ec2:DescribeAddresses', () => ({ Addresses: [...(account.addresses ?? [])] })));
  mocks.ec2.on(DescribeNatGatewaysCommand).callsFake(
    guard('ec2:DescribeNatGateways', (input: DescribeNatGatewaysCommandInput) => {
      const matching = (account.natGateways ?? []).filter((g) => matchesFilters(g, { state: g.State }, input.Filter));
      const { items, next } = page(matching, input.NextToken, size);
      return { NatGateways: items, NextToken: next };
    }),
  );
  mocks.ec2.on(DescribeSubnetsCommand).callsFake(
    guard('ec2:DescribeSubnets', (input: DescribeSubnetsCommandInput) => {
      const matching = (account.subnets ?? []).filter((s) => matchesFilters(s, { 'subnet-id': s.SubnetId }, input.Filters));
      const { items, next } = page(matching, input.NextToken, size);
      return { Subnets: items, NextToken: next };
    }),
  );
  mocks.ec2.on(DescribeLaunchTemplatesCommand).callsFake(
    guard('ec2:DescribeLaunchTemplates', (input: DescribeLaunchTemplatesCommandInput) => {
      const templates = (account.launchTemplates ?? []).map((name, i) => ({ LaunchTemplateName: name, LaunchTemplateId: `lt-${i}` }));
      const matching = templates.filter((t) => matchesFilters({}, { 'launch-template-name': t.LaunchTemplateName }, input.Filters));
      const { items, next } = page(matching, input.NextToken, size);
      return { LaunchTemplates: items, NextToken: next };
    }),
  );

  mocks.eks.on(ListClustersCommand).callsFake(
    guard('eks:ListClusters', (input: ListClustersCommandInput) => {
      const { items, next } = page(account.clusters ?? [], input.nextToken, size);
      return { clusters: items, nextToken: next };
    }),
  );

  mocks.iam.on(GetRoleCommand).callsFake(
    guard('iam:GetRole', (input: GetRoleCommandInput) => {
      const role = roles.find((r) => r.RoleName === input.RoleName);
      if (role === undefined) throw awsError('NoSuchEntityException', `The role with name ${input.RoleName} cannot be found.`, 404);
      return { Role: role };
    }),
  );
  mocks.ec2.on(DescribeAvailabilityZonesCommand).callsFake(
    guard('ec2:DescribeAvailabilityZones', () => ({
      AvailabilityZones: (account.zones ?? ['a', 'b', 'c', 'd'].map((z): NonNullable<FakeAccount['zones']>[number] => ({ name: `us-west-2${z}` }))).map((z) => ({
        ZoneName: z.name,
        RegionName: 'us-west-2',
        ZoneType: 'availability-zone',
        State: z.state ?? 'available',
        OptInStatus: z.optIn ?? 'opt-in-not-required',
      })),
    })),
  );
  mocks.iam.on(GetAccountSummaryCommand).callsFake(
    guard('iam:GetAccountSummary', () => ({
      SummaryMap: { Roles: roles.length + (account.iamSummary?.otherRoles ?? 0), RolesQuota: account.iamSummary?.rolesQuota ?? 1000 },
    })),
  );
  mocks.iam.on(GetUserCommand).callsFake(
    guard('iam:GetUser', (input: GetUserCommandInput) => {
      const user = users.find((u) => u.UserName === input.UserName);
      if (user === undefined) throw awsError('NoSuchEntityException', `The user with name ${input.UserName} cannot be found.`, 404);
      return { User: user };
    }),
  );
  mocks.iam.on(SimulatePrincipalPolicyCommand).callsFake(
    guard('iam:SimulatePrincipalPolicy', (input: SimulatePrincipalPolicyCommandInput) => {
      const arn = input.PolicySourceArn ?? '';
      if (![...roles, ...users].some((p) => p.Arn === arn)) throw awsError('NoSuchEntityException', `${arn} does not exist`, 404);
      const results = (input.ActionNames ?? []).flatMap((action) =>
        (input.ResourceArns ?? ['*']).map((resource) => ({
          EvalActionName: action,
          EvalResourceName: resource,
          EvalDecision: account.simulate?.(arn, action, resource) ?? 'allowed',
        })),
      );
      return { EvaluationResults: results, IsTruncated: false };
    }),
  );

  mocks.logs.on(DescribeLogGroupsCommand).callsFake(
    guard('logs:DescribeLogGroups', (input: DescribeLogGroupsCommandInput) => {
      const matching = (account.logGroups ?? []).filter((g) => g.startsWith(input.logGroupNamePrefix ?? ''));
      const { items, next } = page(matching, input.nextToken, size);
      return { logGroups: items.map((logGroupName) => ({ logGroupName })), nextToken: next };
    }),
  );
  mocks.kms.on(ListAliasesCommand).callsFake(
    guard('kms:ListAliases', (input: ListAliasesCommandInput) => {
      const { items, next } = page(account.aliases ?? ['alias/aws/ebs'], input.Marker, size);
      return { Aliases: items.map((AliasName) => ({ AliasName })), Truncated: next !== undefined, ...(next === undefined ? {} : { NextMarker: next }) };
    }),
  );

  const bucket = (name: string | undefined, region: string) => {
    const found = account.buckets?.[name ?? ''];
    // HEAD answers carry no body: the SDK names these errors by status alone.
    if (found === undefined) throw awsError('NotFound', 'UnknownError', 404);
    if (found.foreign) throw awsError('Unknown', 'UnknownError', 403);
    if (found.region !== region) throw awsError('Unknown', 'UnknownError', 301, { $response: { headers: { 'x-amz-bucket-region': found.region } } });
    return found;
  };
  mocks.s3.on(HeadBucketCommand).callsFake(guard('s3:HeadBucket', (input: { Bucket?: string }, region) => (bucket(input.Bucket, region), { BucketRegion: region })));
  mocks.s3.on(GetBucketVersioningCommand).callsFake(
    guard('s3:GetBucketVersioning', (input: { Bucket?: string }, region) => {
      const found = bucket(input.Bucket, region);
      return found.versioning === undefined ? {} : { Status: found.versioning };
    }),
  );
  mocks.s3.on(GetObjectCommand).callsFake(
    guard('s3:GetObject', (input: GetObjectCommandInput, region) => {
      const text = bucket(input.Bucket, region).objects?.[input.Key ?? ''];
      if (text === undefined) throw awsError('NoSuchKey', 'The specified key does not exist.', 404);
      return { Body: { transformToString: async () => text } };
    }),
  );
}

/** A Terraform state (format 4) holding `resources` (`[type, name attribute]`). */
export function stateFile(resources: ReadonlyArray<readonly [string, string]>): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.11.0',
    serial: 3,
    lineage: '00000000-0000-0000-0000-000000000000',
    outputs: {},
    resources: resources.map(([type, name], i) => ({
      mode: 'managed',
      type,
      name: `r${i}`,
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [{ schema_version: 0, attributes: { name, id: name } }],
    })),
  });
}

/** The identity of a session of role `name` (path `/`), as callerIdentity resolves it. */
export function roleIdentity(name = 'Admin', path = '/'): CallerIdentity {
  return { account: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/me`, kind: CallerKind.ROLE, principalArn: iamArn('role', name, path), pathKnown: true };
}

/** A check's context for `config`, with fake clients and the state in `projectDir`. */
export function checkContext(
  config: LabConfig,
  options: { identity?: CallerIdentity; projectDir?: string; participantId?: string; now?: Date } = {},
): PreflightContext {
  const clients = fakeClients();
  const memos = new Map<string, Promise<unknown>>();
  const plan = resolveLab(config);
  return {
    config,
    plan,
    networks: plan.networks,
    environments: plan.labs.filter((e) => options.participantId === undefined || e.participant?.id === options.participantId),
    identity: options.identity ?? roleIdentity(),
    clients,
    state: stateReaderFor(config.state, options.projectDir ?? '/nonexistent-project', clients.s3),
    now: options.now ?? new Date(),
    memo<T>(key: string, fetch: () => Promise<T>): Promise<T> {
      if (!memos.has(key)) memos.set(key, fetch());
      return memos.get(key) as Promise<T>;
    },
  };
}

/** A running On-Demand instance of `type` with `vcpus` (cores x 1 thread), tagged `tags`. */
export function instance(id: string, type: string, vcpus: number, tags: Record<string, string> = {}, state = 'running'): Instance {
  return {
    InstanceId: id,
    InstanceType: type as Instance['InstanceType'],
    State: { Name: state as NonNullable<Instance['State']>['Name'] },
    CpuOptions: { CoreCount: vcpus, ThreadsPerCore: 1 },
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  };
}
