import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NatGatewayMode, SecretsEncryption, StateBackend } from '../../lib/config/lab-config';
import { LabConfigError, loadLabConfig, parseLabConfig } from '../../lib/config/load-lab-config';

const TODAY = new Date('2026-11-26T12:00:00Z');
const ADMIN = 'arn:aws:iam::123456789012:role/Instructor';

/** Loads with no file and no environment unless given. */
function load(options: { context?: unknown; env?: Record<string, string>; file?: [string, string] } = {}) {
  const env: Record<string, string> = { ...options.env };
  let cwd = process.cwd();
  if (options.file) {
    cwd = mkdtempSync(path.join(tmpdir(), 'lab-config-'));
    writeFileSync(path.join(cwd, options.file[0]), options.file[1]);
    env.LAB_CONFIG = options.file[0];
  }
  return loadLabConfig({ context: options.context, env, cwd, today: TODAY });
}

/** The problems a configuration is rejected with. */
function problemsOf(input: unknown): readonly string[] {
  try {
    parseLabConfig(input);
  } catch (error) {
    if (error instanceof LabConfigError) return error.problems;
    throw error;
  }
  throw new Error('configuration was accepted');
}

describe('loadLabConfig', () => {
  test('defaults', () => {
    const { config, warnings } = load();
    expect(config).toEqual({
      labName: 'eks-workshop',
      region: 'us-west-2',
      availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
      kubernetesVersion: '1.35',
      vpcCidr: '10.42.0.0/16',
      natGateways: NatGatewayMode.SINGLE,
      nodeGroup: { instanceTypes: ['m5.large'], minSize: 3, desiredSize: 3, maxSize: 6, diskSizeGiB: 30 },
      adminPrincipalArns: [],
      bootstrapCreatorAdmin: true,
      publicAccessCidrs: ['0.0.0.0/0'],
      secretsEncryption: SecretsEncryption.AWS_MANAGED,
      controlPlaneLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
      logRetentionDays: 7,
      databaseVolumeGiB: 10,
      tags: {},
      state: { backend: StateBackend.LOCAL },
    });
    expect(config.roster).toBeUndefined();
    expect(config.expiresOn).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^publicAccessCidrs includes 0\.0\.0\.0\/0/)]);
  });

  test('availability zones follow the region unless set', () => {
    expect(load({ env: { AWS_REGION: 'eu-west-1' } }).config.availabilityZones).toEqual([
      'eu-west-1a',
      'eu-west-1b',
      'eu-west-1c',
    ]);
    expect(load({ env: { AWS_REGION: 'ap-northeast-1' } }).config.availabilityZones).toEqual([
      'ap-northeast-1a',
      'ap-northeast-1c',
      'ap-northeast-1d',
    ]);
    const explicit = load({ context: { region: 'eu-west-1', availabilityZones: ['eu-west-1b', 'eu-west-1c'] } });
    expect(explicit.config.availabilityZones).toEqual(['eu-west-1b', 'eu-west-1c']);
  });

  test('creator is bootstrapped as admin only when no admin principal is listed', () => {
    expect(load({ context: { adminPrincipalArns: [ADMIN] } }).config.bootstrapCreatorAdmin).toBe(false);
    expect(load({ context: { adminPrincipalArns: [ADMIN], bootstrapCreatorAdmin: true } }).config.bootstrapCreatorAdmin).toBe(
      true,
    );
  });

  test('precedence: context < LAB_CONFIG file < environment; objects merge, arrays replace', () => {
    const { config } = load({
      context: { labName: 'from-context', region: 'eu-west-1', nodeGroup: { maxSize: 9, instanceTypes: ['m5.xlarge'] } },
      file: ['lab.yaml', 'labName: from-file\nnodeGroup:\n  desiredSize: 4\n  instanceTypes: [m6i.large]\n'],
      env: { LAB_NAME: 'from-env', LAB_ADMIN_PRINCIPAL_ARNS: ` ${ADMIN}, arn:aws:iam::123456789012:user/alice ` },
    });
    expect(config.labName).toBe('from-env');
    expect(config.region).toBe('eu-west-1');
    expect(config.nodeGroup).toEqual({ instanceTypes: ['m6i.large'], minSize: 3, desiredSize: 4, maxSize: 9, diskSizeGiB: 30 });
    expect(config.adminPrincipalArns).toEqual([ADMIN, 'arn:aws:iam::123456789012:user/alice']);
  });

  test('reads a JSON file and the Kubernetes version from the environment', () => {
    const { config } = load({
      file: ['lab.json', JSON.stringify({ natGateways: 'per-az', secretsEncryption: 'customer-managed' })],
      env: { LAB_KUBERNETES_VERSION: '1.36' },
    });
    expect(config.natGateways).toBe(NatGatewayMode.PER_AZ);
    expect(config.secretsEncryption).toBe(SecretsEncryption.CUSTOMER_MANAGED);
    expect(config.kubernetesVersion).toBe('1.36');
  });

  test('a missing LAB_CONFIG file is an error naming the path', () => {
    expect(() => loadLabConfig({ env: { LAB_CONFIG: 'nope/lab.yaml' }, cwd: '/tmp' })).toThrow(
      /LAB_CONFIG \("nope\/lab.yaml"\) must name an existing file: \/tmp\/nope\/lab.yaml does not exist/,
    );
  });

  test('a LAB_CONFIG file that does not parse is an error', () => {
    expect(() => load({ file: ['bad.yaml', 'labName: [unclosed\n'] })).toThrow(/LAB_CONFIG \("bad.yaml"\) must be valid JSON or YAML/);
  });

  test('a LAB_CONFIG file that is not a mapping is an error', () => {
    expect(() => load({ file: ['list.yaml', '- a\n- b\n'] })).toThrow(/LAB_CONFIG file \(\["a","b"\]\) must be an object/);
  });

  test('warns, with the date, when the version is past standard support', () => {
    const { warnings } = load({ context: { kubernetesVersion: '1.33', publicAccessCidrs: ['203.0.113.0/24'] } });
    expect(warnings).toEqual([expect.stringMatching(/1\.33 left EKS standard support on 2026-07-29: extended support bills 6x/)]);
  });
});

describe('validation rules: one message per problem, naming field, value and rule', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['lab name characters', { labName: 'EKS_Lab' }, /^labName \("EKS_Lab"\) must be lower-case letters, digits and hyphens/],
    ['lab name length', { labName: 'a'.repeat(33) }, /^labName \("a{33}"\) must be at most 32 characters/],
    ['region format', { region: 'oregon' }, /^region \("oregon"\) must be an AWS region code/],
    ['AZ not in region', { availabilityZones: ['us-west-2a', 'us-east-1b'] }, /^availabilityZones\[1\] \("us-east-1b"\) must be an availability zone of region us-west-2/],
    ['duplicate AZ', { availabilityZones: ['us-west-2a', 'us-west-2a'] }, /^availabilityZones \("us-west-2a"\) must not list the same zone twice/],
    ['no default AZs in the region', { region: 'us-west-1' }, /^availabilityZones \(missing\) must be set for region us-west-1/],
    ['too few AZs', { availabilityZones: ['us-west-2a'] }, /^availabilityZones \(\["us-west-2a"\]\) EKS needs subnets in at least 2/],
    ['too many AZs', { availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c', 'us-west-2d'] }, /at most 3 availability zones/],
    ['unknown Kubernetes version', { kubernetesVersion: '1.29' }, /^kubernetesVersion \("1.29"\) must be a Kubernetes version EKS offers: 1.32, .*1.36/],
    ['VPC CIDR syntax', { vpcCidr: '10.42.0.0' }, /^vpcCidr \("10.42.0.0"\) must be an IPv4 CIDR/],
    ['VPC CIDR host bits', { vpcCidr: '10.42.1.0/16' }, /^vpcCidr \("10.42.1.0\/16"\) has host bits set: the network address is 10.42.0.0\/16/],
    ['VPC CIDR size', { vpcCidr: '10.0.0.0/8' }, /^vpcCidr \("10.0.0.0\/8"\) must be a \/16 to \/20 network/],
    ['NAT mode', { natGateways: 'none' }, /^natGateways \("none"\) must be one of: single, per-az/],
    ['min > desired', { nodeGroup: { minSize: 4 } }, /^nodeGroup.minSize \(4\) must be <= desiredSize \(3\)$/],
    ['desired > max', { nodeGroup: { desiredSize: 7 } }, /^nodeGroup.desiredSize \(7\) must be <= maxSize \(6\)$/],
    ['size type', { nodeGroup: { maxSize: '6' } }, /^nodeGroup.maxSize \("6"\) must be a number, not a string$/],
    ['whole sizes', { nodeGroup: { minSize: 1.5 } }, /^nodeGroup.minSize \(1.5\) must be a whole number/],
    ['instance type', { nodeGroup: { instanceTypes: ['large'] } }, /^nodeGroup.instanceTypes\[0\] \("large"\) must be an EC2 instance type/],
    ['disk size', { nodeGroup: { diskSizeGiB: 8 } }, /^nodeGroup.diskSizeGiB \(8\) must be >= 20/],
    ['malformed ARN', { adminPrincipalArns: ['arn:aws:iam::1234:role/x'] }, /^adminPrincipalArns\[0\] \("arn:aws:iam::1234:role\/x"\) must be an IAM role or user ARN/],
    ['ARN partition', { region: 'cn-north-1', adminPrincipalArns: [ADMIN] }, /^adminPrincipalArns\[0\] .* must be in partition aws-cn of region cn-north-1/],
    ['duplicate ARN', { adminPrincipalArns: [ADMIN, ADMIN] }, /^adminPrincipalArns\[1\] .* must not repeat adminPrincipalArns\[0\]: every principal may appear once/],
    ['endpoint CIDR', { publicAccessCidrs: ['203.0.113.7/33'] }, /^publicAccessCidrs\[0\] \("203.0.113.7\/33"\) must be an IPv4 CIDR/],
    ['no endpoint CIDR', { publicAccessCidrs: [] }, /^publicAccessCidrs \(\[\]\) must list at least one CIDR/],
    ['secrets encryption', { secretsEncryption: 'kms' }, /^secretsEncryption \("kms"\) must be one of: aws-managed, customer-managed/],
    ['log type', { controlPlaneLogTypes: ['api', 'everything'] }, /^controlPlaneLogTypes\[1\] \("everything"\) must be one of: api, audit/],
    ['log retention', { logRetentionDays: 2 }, /^logRetentionDays \(2\) must be one of the CloudWatch Logs retention values/],
    ['database volume', { databaseVolumeGiB: 0 }, /^databaseVolumeGiB \(0\) must be >= 1/],
    ['reserved tag key', { tags: { 'aws:owner': 'me' } }, /^tags \(\{"aws:owner":"me"\}\) key "aws:owner" must not start with aws:/],
    ['unknown field', { labNmae: 'x' }, /^labNmae: unknown field/],
    ['unknown nested field', { nodeGroup: { size: 3 } }, /^nodeGroup.size: unknown field/],
  ])('%s', (_rule, input, message) => {
    const problems = problemsOf(input);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test('every field problem is reported at once', () => {
    expect(problemsOf({ labName: 'X', region: 'nowhere', vpcCidr: 'x', logRetentionDays: 2 })).toHaveLength(4);
  });
});
