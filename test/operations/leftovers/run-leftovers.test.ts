import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DescribeVolumesCommand, EC2ServiceException } from '@aws-sdk/client-ec2';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { CredentialsProviderError } from '@smithy/core/config';
import { leftoversOperation } from '../../../lib/operations/leftovers/leftovers-operation';
import { createAwsSession } from '../../../lib/operations/aws-session';
import { OperationExitCode, runOperation } from '../../../lib/operations/run-operation';
import { arn, csiVolume, ec2Mock, labTagsOf, serve, tagList, taggingMock } from './fake-aws';

const CLASS_FILE = JSON.stringify({
  expiresOn: '2026-12-31',
  budget: { enabled: false }, // no budget guard, and no warning about it
  publicAccessCidrs: ['203.0.113.0/24'],
  roster: {
    participants: [
      { id: 'alice', principalArn: 'arn:aws:iam::123456789012:role/alice' },
      { id: 'bob', principalArn: 'arn:aws:iam::123456789012:role/bob' },
    ],
  },
});

/** Runs the command in-process in a fresh directory; returns the exit code and what it printed. */
async function run(argv: string[], options: { env?: Record<string, string>; labFile?: string; cdktfJson?: string } = {}) {
  const cwd = mkdtempSync(path.join(tmpdir(), 'leftovers-'));
  const env: Record<string, string> = { ...options.env };
  if (options.labFile !== undefined) {
    writeFileSync(path.join(cwd, 'lab.json'), options.labFile);
    env.LAB_CONFIG = 'lab.json';
  }
  if (options.cdktfJson !== undefined) writeFileSync(path.join(cwd, 'cdktf.json'), options.cdktfJson);
  let stdout = '';
  let stderr = '';
  const regions: string[] = [];
  const code = await runOperation(leftoversOperation, argv, {
    // The SDK clients' send is mocked (fake-aws); the session is the real one.
    createSession: (region) => {
      regions.push(region);
      return createAwsSession(region);
    },
    env,
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  // Every command first says which configuration it read (tested below); the rest is what the test is about.
  const configuration = /^configuration: [^\n]*\n/.exec(stderr)?.[0];
  return { code, stdout, stderr: configuration === undefined ? stderr : stderr.slice(configuration.length), configuration, regions };
}

/** The note on the IAM roles of the class (two participants), which the check cannot see. */
const IAM_NOTE = [
  'Not checked: IAM roles. The Resource Groups Tagging API does not list them (IAM is global), so the 8 roles the lab creates (<cluster>-cluster, <cluster>-node, <cluster>-ebs-csi-driver, <cluster>-vpc-cni) may still exist; list what is left with:',
  `  aws iam list-roles --query "Roles[?starts_with(RoleName, 'eks-workshop-')].RoleName" --output text`,
];

const leftoversOfAlice = {
  volumes: [csiVolume('vol-alice', 'alice', 'in-use', 'i-0aaaaaaaaaaaaaaaa')],
  tagged: [
    { ResourceARN: arn('eks', 'cluster/eks-workshop-alice'), Tags: tagList(labTagsOf('alice')) },
    { ResourceARN: arn('ec2', 'volume/vol-gone'), Tags: tagList(labTagsOf('bob')) },
  ],
};

describe('runLeftovers (npm run leftovers)', () => {
  test('says on stderr which configuration it read, before anything else', async () => {
    serve({});
    const result = await run(['--json'], { labFile: CLASS_FILE });
    expect(result.configuration).toBe('configuration: lab.json (from LAB_CONFIG): lab eks-workshop, region us-west-2 [US West (Oregon)], class of 2 participants\n');
    expect(JSON.parse(result.stdout).total).toBe(0);
  });

  test('nothing left: exit 0 and a clear line', async () => {
    serve({});
    const result = await run([], { labFile: CLASS_FILE });
    expect(result.code).toBe(OperationExitCode.OK);
    expect(result.stdout).toBe(
      [
        'Nothing left: no AWS resource in us-west-2 is tagged for lab eks-workshop (clusters checked: eks-workshop-alice, eks-workshop-bob).',
        '',
        ...IAM_NOTE,
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
    expect(result.regions).toEqual(['us-west-2']);
  });

  test('something left: exit 1, grouped text with removal hints', async () => {
    serve(leftoversOfAlice);
    const result = await run([], { labFile: CLASS_FILE });
    expect(result.code).toBe(OperationExitCode.FINDINGS);
    expect(result.stdout).toBe(
      [
        '2 AWS resources still tagged for lab eks-workshop in us-west-2:',
        '',
        'participant alice (cluster eks-workshop-alice): 2 left',
        '  Terraform may still track some of them: npx cdktf destroy eks-workshop-alice-workloads eks-workshop-alice-cluster; remove the rest one by one:',
        '  - EBS volume vol-alice (in-use, 10 GiB, created by the EBS CSI driver for PVC catalog/data-catalog-mysql-0, attached to i-0aaaaaaaaaaaaaaaa)',
        "      remove: attached to i-0aaaaaaaaaaaaaaaa: destroy the lab's stacks or terminate the instance (aws ec2 terminate-instances --region us-west-2 --instance-ids i-0aaaaaaaaaaaaaaaa) first, then aws ec2 delete-volume --region us-west-2 --volume-id vol-alice",
        `  - EKS cluster eks-workshop-alice ${arn('eks', 'cluster/eks-workshop-alice')}`,
        '      remove: npx cdktf destroy eks-workshop-alice-workloads eks-workshop-alice-cluster',
        '',
        'Nothing left for: eks-workshop-bob.',
        '',
        'Not counted: 1 resource the Tagging API still lists, which its own API says is gone or going:',
        '  - arn:aws:ec2:us-west-2:123456789012:volume/vol-gone: recently deleted volume (EC2 no longer has it)',
        '',
        ...IAM_NOTE,
        '',
      ].join('\n'),
    );
  });

  test('--json prints the report as JSON, same exit code', async () => {
    serve(leftoversOfAlice);
    const result = await run(['--json'], { labFile: CLASS_FILE });
    expect(result.code).toBe(OperationExitCode.FINDINGS);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ labName: 'eks-workshop', total: 2, ignored: [{ arn: arn('ec2', 'volume/vol-gone'), why: 'recently deleted volume (EC2 no longer has it)' }] });
    expect(report.iamRolesNotChecked).toEqual([
      'eks-workshop-alice-cluster',
      'eks-workshop-alice-node',
      'eks-workshop-alice-ebs-csi-driver',
      'eks-workshop-alice-vpc-cni',
      'eks-workshop-bob-cluster',
      'eks-workshop-bob-node',
      'eks-workshop-bob-ebs-csi-driver',
      'eks-workshop-bob-vpc-cni',
    ]);
    expect(report.groups[0].resources.map((r: { id: string; removal: string }) => r.id)).toEqual(['vol-alice', 'eks-workshop-alice']);
  });

  test('--participant restricts the report to one participant', async () => {
    serve(leftoversOfAlice);
    const bob = await run(['--participant', 'bob'], { labFile: CLASS_FILE });
    expect(bob.code).toBe(OperationExitCode.OK);
    expect(bob.stdout).toMatch(/^Nothing left: .* tagged for participant bob of lab eks-workshop \(clusters checked: eks-workshop-bob\)/);
    serve(leftoversOfAlice);
    const alice = await run(['--participant', 'alice'], { labFile: CLASS_FILE });
    expect(alice.code).toBe(OperationExitCode.FINDINGS);
    expect(alice.stdout).toMatch(/^2 AWS resources still tagged for participant alice of lab eks-workshop/);
  });

  test('--participant that is not in the roster: exit 2 naming the value, no AWS call', async () => {
    serve({});
    const result = await run(['--participant', 'zoe'], { labFile: CLASS_FILE });
    expect(result.code).toBe(OperationExitCode.CANNOT_ASK);
    expect(result.stderr).toBe('Cannot check for leftovers: --participant ("zoe") must be one of roster.participants: alice, bob\n');
    expect(result.stdout).toBe('');
    expect(ec2Mock.calls()).toHaveLength(0);
    expect(taggingMock.calls()).toHaveLength(0);
  });

  test('missing credentials: exit 2 with the SDK error and the fix', async () => {
    serve({});
    taggingMock.on(GetResourcesCommand).rejects(new CredentialsProviderError('Could not load credentials from any providers'));
    const result = await run([], { labFile: CLASS_FILE });
    expect(result.code).toBe(OperationExitCode.CANNOT_ASK);
    expect(result.stderr).toMatch(
      /^Cannot check for leftovers: lab eks-workshop in us-west-2: tag:GetResources failed: CredentialsProviderError: Could not load credentials from any providers\nNo AWS credentials were found: set AWS_PROFILE/,
    );
    expect(result.stdout).toBe('');
  });

  test('access denied: exit 2, naming the permissions the command needs', async () => {
    serve({});
    ec2Mock.on(DescribeVolumesCommand).rejects(
      new EC2ServiceException({ name: 'UnauthorizedOperation', $fault: 'client', $metadata: {}, message: 'You are not authorized to perform this operation.' }),
    );
    const result = await run([], { labFile: CLASS_FILE });
    expect(result.code).toBe(OperationExitCode.CANNOT_ASK);
    // The command's permissions are its units' (leftovers-permissions.test.ts), the denied one among them.
    expect(leftoversOperation.permissions()).toContain('ec2:DescribeVolumes');
    expect(result.stderr).toBe(
      'Cannot check for leftovers: lab eks-workshop in us-west-2: ec2:DescribeVolumes failed: UnauthorizedOperation: You are not authorized to perform this operation.\n' +
        `The identity may not call it: this command needs ${leftoversOperation.permissions().join(', ')}.\n`,
    );
  });

  test('with --json an error is JSON on stdout, still exit 2', async () => {
    serve({});
    taggingMock.on(GetResourcesCommand).rejects(new CredentialsProviderError('Could not load credentials from any providers'));
    const result = await run(['--json'], { labFile: CLASS_FILE });
    expect(result.code).toBe(OperationExitCode.CANNOT_ASK);
    expect(JSON.parse(result.stdout).error).toMatch(/tag:GetResources failed: CredentialsProviderError/);
  });

  test('invalid configuration: exit 2 naming the field, no AWS call', async () => {
    serve({});
    const result = await run([], { env: { LAB_NAME: 'Bad_Name' } });
    expect(result.code).toBe(OperationExitCode.CANNOT_ASK);
    expect(result.stderr).toMatch(/^Cannot check for leftovers: Invalid lab configuration:\n {2}- labName \("Bad_Name"\) must be lower-case/);
    expect(result.regions).toEqual([]);
  });

  test('an unknown option: exit 2 with the usage', async () => {
    const result = await run(['--participants', 'alice']);
    expect(result.code).toBe(OperationExitCode.CANNOT_ASK);
    expect(result.stderr).toMatch(/^leftovers: Unknown option '--participants'.*\n\nUsage: npm run leftovers -- \[--participant <id>\] \[--json\]/s);
  });

  test('reads the lab context of cdktf.json like synth does, in its region whatever AWS_REGION says', async () => {
    serve({});
    const result = await run([], {
      cdktfJson: JSON.stringify({ app: 'x', context: { lab: { labName: 'from-cdktf-json', region: 'eu-west-1' } } }),
      env: { AWS_REGION: 'us-east-1' },
    });
    expect(result.code).toBe(OperationExitCode.OK);
    expect(result.regions).toEqual(['eu-west-1']);
    expect(taggingMock.commandCalls(GetResourcesCommand)[0].args[0].input.TagFilters).toEqual([
      { Key: 'lab', Values: ['from-cdktf-json'] },
    ]);
  });
});
