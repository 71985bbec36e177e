import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CredentialsProviderError } from '@smithy/core/config';
import { createAwsSession } from '../../../lib/operations/aws-session';
import { preflightOperation } from '../../../lib/operations/preflight/preflight-operation';
import { OperationExitCode, runOperation } from '../../../lib/operations/run-operation';
import { ACCOUNT, iamArn, mocks, serve, FakeAccount } from './fake-account';

/** A class of two whose principals exist, deployed by its instructor (a role session). */
const CLASS_FILE = [
  'expiresOn: 2026-12-31',
  'publicAccessCidrs: [203.0.113.0/24]',
  'budget: { enabled: false }', // no budget guard, and no warning about it
  'roster:',
  `  instructorPrincipalArns: ["${iamArn('role', 'Instructor')}"]`,
  '  participants:',
  `    - { id: alice, principalArn: "${iamArn('role', 'alice')}" }`,
  `    - { id: bob, principalArn: "${iamArn('user', 'bob')}" }`,
  '',
].join('\n');

/** The moment the preflight runs in these tests. */
const NOW = new Date('2026-12-01T10:00:00Z');

/** An account where the class fits: enough vCPUs, its principals exist, the deployer is the instructor. */
const READY: FakeAccount = {
  callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/Instructor/me`,
  roles: [{ name: 'Instructor' }, { name: 'alice' }],
  users: [{ name: 'bob' }],
};

/** Runs the command in-process in a fresh project folder with lab.yaml; the SDK clients' send is mocked. */
async function run(argv: string[], account: FakeAccount, labFile = CLASS_FILE) {
  serve(account);
  const cwd = mkdtempSync(path.join(tmpdir(), 'preflight-run-'));
  writeFileSync(path.join(cwd, 'lab.yaml'), labFile);
  let stdout = '';
  let stderr = '';
  const code = await runOperation(preflightOperation, argv, {
    createSession: createAwsSession,
    env: {},
    cwd,
    // A fixed day before the class's expiresOn (2026-12-31), so the expiry check passes whenever this runs.
    now: NOW,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr, cwd };
}

describe('npm run preflight (in-process, mocked AWS)', () => {
  test('a ready account: exit 0, the table, then the verdict', async () => {
    const result = await run([], READY);
    expect(result.code).toBe(OperationExitCode.OK);
    expect(result.stderr).toBe(
      'configuration: lab.yaml: lab eks-workshop, region us-west-2 [US West (Oregon)], class of 2 participants\nChecking the account in us-west-2 for lab eks-workshop...\n',
    );
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`Preflight of lab eks-workshop in us-west-2 (2 clusters), as arn:aws:sts::${ACCOUNT}:assumed-role/Instructor/me (account ${ACCOUNT}):`);
    expect(lines[2]).toMatch(/^RESULT {2}CHECK {2,}FIGURE$/);
    const table = lines.slice(3, lines.indexOf('', 3)).map((l) => l.replace(/ {2,}/g, ' | '));
    expect(table.map((l) => l.split(' | ').slice(0, 2).join(' | '))).toEqual([
      'PASS | AWS identity',
      'PASS | Expiry date (expiresOn)',
      'PASS | Availability zones',
      'PASS | EC2 vCPUs (On-Demand Standard)',
      'PASS | Instance types offered per zone',
      'PASS | VPCs',
      'PASS | Elastic IPs',
      'PASS | NAT gateways per zone',
      'PASS | EKS clusters',
      'PASS | IAM roles',
      'PASS | IAM principals exist',
      "PASS | Deploying identity's cluster access",
      'PASS | Existing names: EKS clusters',
      'PASS | Existing names: IAM roles',
      'PASS | Existing names: log groups',
      'PASS | Existing names: launch templates',
      'PASS | Terraform state',
      "PASS | Participants' IAM policy",
    ]);
    expect(result.stdout).toMatch(/\n0 FAIL, 0 WARN, 18 PASS: ready to deploy\.\n$/);
    expect(result.stdout).not.toContain('How to fix');
  });

  test('a new account for a class of 30: exit 1, the FAIL rows and how to fix them', async () => {
    const participants = Array.from({ length: 30 }, (_, i) => `    - { id: p${i + 1}, principalArn: "${iamArn('role', `p${i + 1}`)}" }`);
    const file = CLASS_FILE.split('  participants:')[0] + '  participants:\n' + participants.join('\n') + '\n';
    const result = await run([], { ...READY, roles: [{ name: 'Instructor' }, ...participants.map((_, i) => ({ name: `p${i + 1}` }))], simulate: () => 'implicitDeny' }, file);
    expect(result.code).toBe(OperationExitCode.FINDINGS);
    expect(result.stdout).toMatch(/\nFAIL +EC2 vCPUs \(On-Demand Standard\) +need 30 labs x 6 nodes \(maxSize\) x 2 vCPUs \(t3a.large\) = 360 vCPUs/);
    expect(result.stdout).toMatch(/\nHow to fix:\n {2}FAIL EC2 vCPUs \(On-Demand Standard\): raise "Running On-Demand Standard \(A, C, D, H, I, M, R, T, Z\) instances" \(ec2 L-1216C47A\) in us-west-2 to at least 360 /);
    // FAILs first, then WARNs; the participants' policy is a WARN (the deploy itself would work).
    expect(result.stdout).toMatch(/\n {2}WARN Participants' IAM policy: attach each one's iamPolicy from `npm run roster`, e\.g\. for p1: aws iam put-role-policy --role-name p1 /);
    expect(result.stdout).toMatch(/\n1 FAIL, 1 WARN, 16 PASS: the deploy would fail; fix the FAIL rows first\.\n$/);
  });

  test('--json: the report for scripts, same exit code', async () => {
    const result = await run(['--json'], { ...READY, clusters: ['eks-workshop-alice'] });
    expect(result.code).toBe(OperationExitCode.FINDINGS);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      labName: 'eks-workshop',
      region: 'us-west-2',
      labs: 2,
      identity: { account: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Instructor/me`, principalArn: iamArn('role', 'Instructor') },
      counts: { fail: 1, warn: 0, pass: 17, notChecked: 0 },
    });
    expect(report.rows.find((r: { result: string }) => r.result === 'FAIL')).toMatchObject({
      check: 'Existing names: EKS clusters',
      figure: '1 of 2 already exist and no state of this lab holds them: eks-workshop-alice',
    });
  });

  test('--participant narrows the labs checked; the state files of the project folder are read', async () => {
    const result = await run(['--participant', 'bob', '--json'], READY);
    const report = JSON.parse(result.stdout);
    expect([report.participantId, report.labs]).toEqual(['bob', 1]);
    expect(report.rows.find((r: { check: string }) => r.check === 'Terraform state').figure).toBe(`local files in ${result.cwd}: 0 of 3 stacks hold resources`);
  });

  test('one API denied: its row is NOT CHECKED, the others go on, exit 2 (0 means every check ran and passed)', async () => {
    const result = await run(['--json'], { ...READY, denied: ['ec2:DescribeNatGateways'] });
    expect(result.code).toBe(OperationExitCode.CANNOT_ASK);
    const report = JSON.parse(result.stdout);
    expect(report.rows.find((r: { check: string }) => r.check === 'NAT gateways per zone')).toMatchObject({
      result: 'NOT CHECKED',
      figure: 'not checked: ec2:DescribeNatGateways was denied',
    });
    expect(report.counts).toEqual({ pass: 17, warn: 0, fail: 0, notChecked: 1 });
  });

  test('no credentials: exit 2 with the fix, nothing on stdout', async () => {
    serve({});
    const result = await (async () => {
      const cwd = mkdtempSync(path.join(tmpdir(), 'preflight-run-'));
      writeFileSync(path.join(cwd, 'lab.yaml'), CLASS_FILE);
      mocks.sts.on(GetCallerIdentityCommand).rejects(new CredentialsProviderError('Could not load credentials from any providers'));
      let stdout = '';
      let stderr = '';
      const code = await runOperation(preflightOperation, [], {
        env: {},
        cwd,
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: (t: string) => (stderr += t) },
      });
      return { code, stdout, stderr };
    })();
    expect(result.code).toBe(OperationExitCode.CANNOT_ASK);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /\nCannot run the preflight: lab eks-workshop in us-west-2: sts:GetCallerIdentity failed: CredentialsProviderError: Could not load credentials from any providers\nNo AWS credentials were found: set AWS_PROFILE/,
    );
  });

  test('expired credentials in the middle of a check: exit 2, not a WARN row', async () => {
    serve(READY);
    const cwd = mkdtempSync(path.join(tmpdir(), 'preflight-run-'));
    writeFileSync(path.join(cwd, 'lab.yaml'), CLASS_FILE);
    const expired = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken', $metadata: {} });
    mocks.eks.rejects(expired);
    let stderr = '';
    const code = await runOperation(preflightOperation, [], { env: {}, cwd, stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) } });
    expect(code).toBe(OperationExitCode.CANNOT_ASK);
    expect(stderr).toMatch(/eks:ListClusters failed: ExpiredToken: .*\nThe credentials are expired or invalid/);
  });

  test('--help and a bad option: the usage, no AWS call', async () => {
    const help = await run(['--help'], READY);
    expect(help).toMatchObject({ code: OperationExitCode.OK, stdout: expect.stringMatching(/^Usage: npm run preflight -- \[--participant <id>\] \[--json\]/) });
    const bad = await run(['--particpant', 'bob'], READY);
    expect(bad.code).toBe(OperationExitCode.CANNOT_ASK);
    expect(mocks.sts.calls()).toHaveLength(0);
  });
});
