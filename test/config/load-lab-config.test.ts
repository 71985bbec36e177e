import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NatGatewayMode, RetailApplication, SecretsEncryption, StateBackend } from '../../lib/config/lab-config';
import { cdktfJsonLabContext, describeConfiguration, loadLabConfig } from '../../lib/config/load-lab-config';
import { configProblems } from '../support/fixtures';

const TODAY = new Date('2026-11-26T12:00:00Z');
const ADMIN = 'arn:aws:iam::123456789012:role/Instructor';

/** Loads with no file and no environment unless given. */
function load(options: { context?: unknown; env?: Record<string, string>; file?: [string, string]; today?: Date } = {}) {
  const env: Record<string, string> = { ...options.env };
  // A folder of its own, so a developer's lab.yaml in the project folder is never read.
  const cwd = mkdtempSync(path.join(tmpdir(), 'lab-config-'));
  if (options.file) {
    writeFileSync(path.join(cwd, options.file[0]), options.file[1]);
    env.LAB_CONFIG = options.file[0];
  }
  return loadLabConfig({ context: options.context, env, cwd, today: options.today ?? TODAY });
}

const problemsOf = configProblems;

describe('cdktfJsonLabContext', () => {
  test('reads the lab context of cdktf.json, or nothing when there is no such file or context', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-cdktf-json-'));
    expect(cdktfJsonLabContext(dir)).toBeUndefined();
    writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ app: 'x', context: { lab: { labName: 'from-json' } } }));
    expect(cdktfJsonLabContext(dir)).toEqual({ labName: 'from-json' });
    writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ app: 'x' }));
    expect(cdktfJsonLabContext(dir)).toBeUndefined();
  });

  test('a cdktf.json that does not parse is a configuration error naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-cdktf-json-'));
    writeFileSync(path.join(dir, 'cdktf.json'), '{ "context": ');
    expect(() => cdktfJsonLabContext(dir)).toThrow(/cdktf\.json \(.*cdktf\.json\) must be valid JSON/);
  });
});

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
      nodeGroup: { instanceTypes: ['t3a.large'], minSize: 3, desiredSize: 3, maxSize: 6, diskSizeGiB: 30 },
      adminPrincipalArns: [],
      bootstrapCreatorAdmin: true,
      publicAccessCidrs: ['0.0.0.0/0'],
      secretsEncryption: SecretsEncryption.AWS_MANAGED,
      controlPlaneLogTypes: ['api', 'audit', 'authenticator'],
      logRetentionDays: 7,
      databaseVolumeGiB: 10,
      application: RetailApplication.STORE,
      tags: {},
      budget: { enabled: false, alertEmails: [], thresholdPercents: [10, 100], scope: 'lab-tag' },
      state: { backend: StateBackend.LOCAL },
      class: { parallel: 30, workflowMaxParallel: 20 },
    });
    expect(config.roster).toBeUndefined();
    expect(config.expiresOn).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^publicAccessCidrs includes 0\.0\.0\.0\/0/)]);
  });

  test('availability zones follow the region unless set', () => {
    expect(load({ context: { region: 'eu-west-1' } }).config.availabilityZones).toEqual([
      'eu-west-1a',
      'eu-west-1b',
      'eu-west-1c',
    ]);
    expect(load({ context: { region: 'ap-northeast-1' } }).config.availabilityZones).toEqual([
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

  test('a LAB_CONFIG path that is a directory is an error, not a crash', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'lab-config-'));
    mkdirSync(path.join(cwd, 'conf.d'));
    expect(() => loadLabConfig({ env: { LAB_CONFIG: 'conf.d' }, cwd })).toThrow(
      /LAB_CONFIG \("conf.d"\) must name a readable file: EISDIR/,
    );
  });

  test('a "__proto__" key is reported as an unknown field, not merged into the prototype', () => {
    for (const [name, text] of [
      ['lab.json', '{"__proto__": {"labName": "Bad_Name"}}'],
      ['lab.yaml', '__proto__:\n  labName: Bad_Name\n'],
    ]) {
      expect(() => load({ file: [name, text] })).toThrow(/^Invalid lab configuration:\n {2}- __proto__: unknown field/);
    }
    // Nor does it leak into a later layer or another object.
    expect(() => load({ context: JSON.parse('{"__proto__": {"region": "x"}}'), env: { LAB_NAME: 'lab' } })).toThrow(
      /__proto__: unknown field/,
    );
    expect(({} as Record<string, unknown>).labName).toBeUndefined();
  });

  test('serviceCidr: absent by default (EKS picks the range), passed through when set', () => {
    expect(load().config.serviceCidr).toBeUndefined();
    expect(load({ file: ['lab.yaml', 'serviceCidr: 172.20.0.0/16\n'] }).config.serviceCidr).toBe('172.20.0.0/16');
    // Adjacent to the VPC is fine; only an overlap is not.
    expect(load({ context: { vpcCidr: '10.42.0.0/16', serviceCidr: '10.43.0.0/16' } }).config.serviceCidr).toBe('10.43.0.0/16');
  });

  test('rejects, with the dates, a version past standard support (upgrade policy STANDARD cannot be kept)', () => {
    expect(() => load({ context: { kubernetesVersion: '1.33' } })).toThrow(
      /kubernetesVersion \("1\.33"\) left EKS standard support on 2026-07-29 \(extended support until 2027-07-29 bills \$0\.60 instead of \$0\.10 per cluster-hour.*choose 1\.34 or 1\.35 or 1\.36/,
    );
    // The day after the end of standard support, not the day itself.
    expect(() => load({ context: { kubernetesVersion: '1.35' }, today: new Date('2027-03-28T00:00:00Z') })).toThrow(/1\.35.*left EKS standard support on 2027-03-27/);
    expect(load({ context: { kubernetesVersion: '1.35' }, today: new Date('2027-03-27T12:00:00Z') }).config.kubernetesVersion).toBe('1.35');
  });

  test('warns when the version leaves standard support within 30 days, or before expiresOn', () => {
    const quiet = { publicAccessCidrs: ['203.0.113.0/24'] };
    expect(load({ context: { ...quiet, kubernetesVersion: '1.34' }, today: new Date('2026-11-20T00:00:00Z') }).warnings).toEqual([
      expect.stringMatching(/^kubernetesVersion 1\.34 leaves EKS standard support on 2026-12-02: after that EKS upgrades it automatically/),
    ]);
    expect(
      load({ context: { ...quiet, kubernetesVersion: '1.35', expiresOn: '2027-04-02' }, today: new Date('2026-12-01T00:00:00Z') }).warnings,
    ).toEqual([expect.stringMatching(/^kubernetesVersion 1\.35 leaves EKS standard support on 2027-03-27, before expiresOn 2027-04-02: EKS will upgrade/)]);
    expect(load({ context: { ...quiet, kubernetesVersion: '1.36', expiresOn: '2027-04-02' }, today: new Date('2026-12-01T00:00:00Z') }).warnings).toEqual([]);
  });
});

describe('validation rules: one message per problem, naming field, value and rule', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['lab name characters', { labName: 'EKS_Lab' }, /^labName \("EKS_Lab"\) must be lower-case letters, digits and hyphens/],
    ['lab name length', { labName: 'a'.repeat(33) }, /^labName \("a{33}"\) must be at most 32 characters/],
    ['region format', { region: 'oregon' }, /^region \("oregon"\) must be an AWS region code such as us-west-2/],
    ['region that does not exist, nearest names', { region: 'us-west-3' }, /^region \("us-west-3"\) must be an AWS region: did you mean us-west-1 or us-west-2\?$/],
    ['region typo', { region: 'eu-wset-1' }, /^region \("eu-wset-1"\) must be an AWS region: did you mean eu-west-1\?$/],
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
    ['min > max', { nodeGroup: { minSize: 8, desiredSize: 8, maxSize: 6 } }, /^nodeGroup.minSize \(8\) must be <= maxSize \(6\), with desiredSize \(8\) between them$/],
    ['desired > max', { nodeGroup: { desiredSize: 7 } }, /^nodeGroup.desiredSize \(7\) must be <= maxSize \(6\)$/],
    ['size type', { nodeGroup: { maxSize: '6' } }, /^nodeGroup.maxSize \("6"\) must be a number, not a string$/],
    ['whole sizes', { nodeGroup: { minSize: 1.5 } }, /^nodeGroup.minSize \(1.5\) must be a whole number/],
    ['NaN size', { nodeGroup: { maxSize: NaN } }, /^nodeGroup.maxSize \(NaN\) must be a number, not NaN$/],
    ['service CIDR syntax', { serviceCidr: '10.100.0.0/33' }, /^serviceCidr \("10.100.0.0\/33"\) must be an IPv4 CIDR/],
    ['service CIDR host bits', { serviceCidr: '10.100.0.1/16' }, /^serviceCidr \("10.100.0.1\/16"\) has host bits set: the network address is 10.100.0.0\/16$/],
    ['service CIDR not private', { serviceCidr: '100.64.0.0/16' }, /^serviceCidr \("100.64.0.0\/16"\) must be within 10.0.0.0\/8, 172.16.0.0\/12, 192.168.0.0\/16/],
    ['service CIDR straddles a private block', { serviceCidr: '172.0.0.0/12' }, /^serviceCidr \("172.0.0.0\/12"\) must be within 10.0.0.0\/8/],
    ['service CIDR too large', { serviceCidr: '10.0.0.0/11' }, /^serviceCidr \("10.0.0.0\/11"\) must be a \/12 to \/24 network/],
    ['service CIDR too small', { serviceCidr: '192.168.0.0/25' }, /^serviceCidr \("192.168.0.0\/25"\) must be a \/12 to \/24 network/],
    [
      'service CIDR overlaps the VPC',
      { vpcCidr: '10.42.0.0/16', serviceCidr: '10.42.128.0/20' },
      /^serviceCidr \("10.42.128.0\/20"\) must not overlap vpcCidr \("10.42.0.0\/16"\): Service cluster IPs would shadow/,
    ],
    ['VPC inside the service CIDR', { vpcCidr: '10.42.0.0/16', serviceCidr: '10.32.0.0/12' }, /^serviceCidr \("10.32.0.0\/12"\) must not overlap vpcCidr/],
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
    ['application', { application: 'store' }, /^application \("store"\) must be one of: retail-store, data-stores-only/],
    ['reserved tag key', { tags: { 'aws:owner': 'me' } }, /^tags \(\{"aws:owner":"me"\}\) key "aws:owner" must not start with aws:/],
    ['tag key the project sets', { tags: { participant: 'x' } }, /^tags \(\{"participant":"x"\}\) key "participant" is set by the project/],
    ['unknown field, with the nearest name', { labNmae: 'x' }, /^labNmae: unknown field \(did you mean labName\?\)$/],
    ['unknown field in another case', { nodegroup: { maxSize: 4 } }, /^nodegroup: unknown field \(did you mean nodeGroup\?\)$/],
    ['unknown nested field, nothing near', { nodeGroup: { size: 3 } }, /^nodeGroup.size: unknown field \(check its spelling against docs\/configuration\.md\)$/],
    [
      'unknown field in a list item',
      { expiresOn: '2026-12-31', roster: { participants: [{ id: 'a', principalArn: 'arn:aws:iam::123456789012:role/a', principalArm: 'x' }] } },
      /^roster\.participants\[0\]\.principalArm: unknown field \(did you mean principalArn\?\)$/,
    ],
  ])('%s', (_rule, input, message) => {
    const problems = problemsOf(input);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test('an infinite number (YAML .inf, JSON 1e400) is shown as such, not as null or "a fraction"', () => {
    expect(problemsOf({ nodeGroup: { maxSize: Infinity } })).toEqual([
      'nodeGroup.maxSize (Infinity) must be a whole number, not Infinity',
      'nodeGroup.maxSize (Infinity) must be <= 100',
    ]);
    expect(problemsOf({ logRetentionDays: -Infinity })[0]).toMatch(/^logRetentionDays \(-Infinity\) must be one of the CloudWatch Logs retention values/);
  });

  test('a service CIDR breaking both EKS range rules gets one message per rule', () => {
    expect(problemsOf({ serviceCidr: '8.0.0.0/8' })).toEqual([
      expect.stringMatching(/^serviceCidr \("8.0.0.0\/8"\) must be within/),
      expect.stringMatching(/^serviceCidr \("8.0.0.0\/8"\) must be a \/12 to \/24 network/),
    ]);
  });

  test('every field problem is reported at once', () => {
    expect(problemsOf({ labName: 'X', region: 'nowhere', vpcCidr: 'x', logRetentionDays: 2 })).toHaveLength(4);
  });
});

describe('which configuration file is read, and saying so', () => {
  const folder = (files: Record<string, string>) => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'lab-config-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(cwd, name), text);
    return cwd;
  };

  test('lab.yaml in the project folder is read without any variable', () => {
    const cwd = folder({ 'lab.yaml': 'labName: from-lab-yaml\nregion: eu-west-1\n' });
    const loaded = loadLabConfig({ env: {}, cwd, today: TODAY });
    expect(loaded.config.labName).toBe('from-lab-yaml');
    expect(loaded.source).toEqual({ file: 'lab.yaml', fileOrigin: 'default', context: false, environment: [] });
    expect(describeConfiguration(loaded)).toBe('configuration: lab.yaml: lab from-lab-yaml, region eu-west-1 [Europe (Ireland)], single lab');
  });

  test('LAB_CONFIG is read instead of lab.yaml, and the line says lab.yaml was not read', () => {
    const cwd = folder({ 'lab.yaml': 'labName: from-lab-yaml\n', 'class.yaml': CLASS_YAML });
    const loaded = loadLabConfig({ env: { LAB_CONFIG: 'class.yaml' }, cwd, today: TODAY });
    expect(loaded.config.labName).toBe('k8s-nov');
    expect(describeConfiguration(loaded)).toBe(
      'configuration: class.yaml (from LAB_CONFIG; lab.yaml not read): lab k8s-nov, region us-west-2 [US West (Oregon)], class of 2 participants',
    );
  });

  test('no file: the line says the built-in defaults are used, and names the variables that set fields', () => {
    const loaded = loadLabConfig({ env: { LAB_NAME: 'from-env' }, context: { nodeGroup: { maxSize: 4 } }, cwd: folder({}), today: TODAY });
    expect(describeConfiguration(loaded)).toBe(
      'configuration: built-in defaults (no lab.yaml, no LAB_CONFIG) + cdktf.json context "lab" + LAB_NAME from the environment: ' +
        'lab from-env, region us-west-2 [US West (Oregon)], single lab',
    );
  });

  test('AWS_REGION / AWS_DEFAULT_REGION never move the lab; a different one is said, naming both', () => {
    const cwd = folder({ 'lab.yaml': 'region: eu-west-1\npublicAccessCidrs: [203.0.113.0/24]\n' });
    const loaded = loadLabConfig({ env: { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'eu-west-1' }, cwd, today: TODAY });
    expect(loaded.config.region).toBe('eu-west-1');
    expect(loaded.warnings).toEqual([
      "AWS_REGION (us-east-1) in the environment differs from the lab's region eu-west-1 (from lab.yaml): the lab uses eu-west-1; " +
        "every command passes it explicitly, so the environment's region is not used",
    ]);
    const defaults = loadLabConfig({ env: { AWS_REGION: 'us-east-1' }, context: { publicAccessCidrs: ['203.0.113.0/24'] }, cwd: folder({}), today: TODAY });
    expect(defaults.config.region).toBe('us-west-2');
    expect(defaults.warnings).toEqual([expect.stringMatching(/^AWS_REGION \(us-east-1\) .* region us-west-2 \(the default; set region in lab\.yaml to change it\)/)]);
  });

  test('an unreadable lab.yaml is reported by name, like a LAB_CONFIG file', () => {
    const cwd = folder({ 'lab.yaml': 'labName: [unclosed\n' });
    expect(() => loadLabConfig({ env: {}, cwd, today: TODAY })).toThrow(/^Invalid lab configuration:\n {2}- lab\.yaml must be valid JSON or YAML: /);
  });
});

const CLASS_YAML = `labName: k8s-nov
expiresOn: 2026-12-04
roster:
  participants:
    - { id: alice, principalArn: "arn:aws:iam::123456789012:role/alice" }
    - { id: bob, principalArn: "arn:aws:iam::123456789012:user/bob" }
`;

describe('a resolved configuration is valid input', () => {
  test.each([
    ['the defaults', {}],
    [
      'a class with a budget and S3 state',
      {
        expiresOn: '2026-12-31',
        budget: { alertEmails: ['teacher@example.com'] },
        state: { backend: 's3', bucket: 'class-state' },
        roster: { participants: [{ id: 'ana', principalArn: 'arn:aws:iam::123456789012:role/ana' }] },
      },
    ],
  ])('%s: written out and read back, it is the same configuration (tools and the emulator harness rely on it)', (_name, input) => {
    const config = load({ context: input }).config;
    expect(load({ context: JSON.parse(JSON.stringify(config)) }).config).toEqual(config);
  });
});
