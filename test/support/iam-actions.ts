/**
 * The IAM actions behind the AWS calls a test's mocked clients (aws-sdk-client-mock) recorded, so a test
 * can check that a unit declares a permission for every call it makes. An SDK command is authorized by
 * the action of the same name in the service's IAM prefix, except where the service says otherwise.
 */

/** The IAM prefix of each client's service. A client missing here fails the check: add it. */
const IAM_PREFIX_OF_CLIENT: Readonly<Record<string, string>> = {
  CloudWatchLogsClient: 'logs',
  CostExplorerClient: 'ce',
  EC2Client: 'ec2',
  EKSClient: 'eks',
  IAMClient: 'iam',
  KMSClient: 'kms',
  OrganizationsClient: 'organizations',
  ResourceGroupsTaggingAPIClient: 'tag',
  S3Client: 's3',
  ServiceQuotasClient: 'servicequotas',
  STSClient: 'sts',
};

/**
 * Calls authorized by another action than their name. HeadBucket: "To use this operation, you must
 * have permissions to perform the s3:ListBucket action" (Amazon S3 API reference, HeadBucket).
 */
const ACTION_OF_CALL: Readonly<Record<string, string>> = {
  's3:HeadBucket': 's3:ListBucket',
};

/** What this reads of an aws-sdk-client-mock stub (`mockClient(EC2Client)`). */
export interface RecordingMock {
  /** The mocked client's class name, e.g. `EC2Client`. */
  clientName(): string;
  /** The calls recorded since the last reset: each one's first argument is the command. */
  calls(): ReadonlyArray<{ readonly args: readonly unknown[] }>;
}

/** The IAM action a call of `command` through a `clientName` needs, e.g. `ec2:DescribeVolumes`. */
export function iamActionOf(clientName: string, command: unknown): string {
  const prefix = IAM_PREFIX_OF_CLIENT[clientName];
  if (prefix === undefined) throw new Error(`iam-actions: no IAM prefix known for ${clientName}; add it to IAM_PREFIX_OF_CLIENT`);
  const name = (command as { constructor: { name: string } }).constructor.name;
  if (!name.endsWith('Command')) throw new Error(`iam-actions: ${name} is not an SDK command`);
  const call = `${prefix}:${name.slice(0, -'Command'.length)}`;
  return ACTION_OF_CALL[call] ?? call;
}

/** The IAM actions of every call `mocks` recorded, each once, sorted. */
export function iamActionsSent(mocks: readonly RecordingMock[]): string[] {
  return [...new Set(mocks.flatMap((mock) => mock.calls().map((call) => iamActionOf(mock.clientName(), call.args[0]))))].sort();
}

/** The actions of `sent` that `permissions` do not name. */
export function notPermitted(sent: readonly string[], permissions: readonly string[]): string[] {
  return sent.filter((action) => !permissions.includes(action));
}
