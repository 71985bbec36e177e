import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import { CredentialsProviderError } from '@smithy/core/config';
import type { AwsSession } from '../../../lib/operations/aws-session';
import { OperationExitCode, runOperation } from '../../../lib/operations/run-operation';
import { verifyOperation } from '../../../lib/operations/verify/verify-operation';
import { FakeCluster, startFakeCluster } from '../../support/fake-kubernetes-api';
import { labConfig, classConfig } from '../../support/fixtures';
import { requireTool } from '../../support/required-tool';
import { discoverOpenssl, testCertificates, TestCertificates } from '../../support/test-certificates';
import { CREDENTIALS, eksMock, serveEks } from './fake-verify-aws';
import { crashLooping, readyLab } from './lab-fixtures';

const NOW = new Date('2026-12-01T10:00:30Z');
const CLASS_FILE = JSON.stringify({
  expiresOn: '2026-12-31',
  publicAccessCidrs: ['203.0.113.0/24'],
  roster: {
    participants: [
      { id: 'alice', principalArn: 'arn:aws:iam::123456789012:role/alice' },
      { id: 'bob', principalArn: 'arn:aws:iam::123456789012:role/bob' },
    ],
  },
});

/** The session the command gets: real clients (their send is mocked) with the test credentials. */
function session(region: string): AwsSession {
  const clientIn = <C>(clientClass: new (settings: never) => C, r: string): C =>
    new clientClass({ region: r, credentials: CREDENTIALS, maxAttempts: 1 } as never);
  return { region, client: (c) => clientIn(c as never, region), clientIn: (c, r) => clientIn(c as never, r) } as AwsSession;
}

/** Runs `npm run verify` in-process in a fresh directory. */
async function run(argv: string[], labFile?: string) {
  const cwd = mkdtempSync(path.join(tmpdir(), 'verify-'));
  const env: Record<string, string> = {};
  if (labFile !== undefined) {
    writeFileSync(path.join(cwd, 'lab.json'), labFile);
    env.LAB_CONFIG = 'lab.json';
  }
  let stdout = '';
  let stderr = '';
  const code = await runOperation(verifyOperation, argv, {
    createSession: session,
    env,
    cwd,
    now: NOW,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

// openssl makes each run's CA and server certificate: under CI its absence fails this file; elsewhere
// these tests are skipped, loudly.
const describeTls = requireTool('npm run verify in-process against local HTTPS API servers', discoverOpenssl()) ? describe : describe.skip;

describeTls('npm run verify (in-process, mocked EKS, local API servers)', () => {
  jest.setTimeout(30_000);
  let certs: TestCertificates;
  const running: FakeCluster[] = [];
  beforeAll(() => {
    certs = testCertificates();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.close()));
  });
  async function cluster(name: string, objects = readyLab(labConfig(), NOW)) {
    const c = await startFakeCluster({ clusterName: name, objects, credentials: CREDENTIALS, certificates: certs, now: NOW });
    running.push(c);
    return { endpoint: c.endpoint, caPem: certs.caPem };
  }

  test('a single lab that works: the lab page view, every check, ready 1/1, exit 0', async () => {
    serveEks({ 'eks-workshop': await cluster('eks-workshop') });
    const result = await run([]);
    expect(result.code).toBe(OperationExitCode.OK);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      'lab eks-workshop (cluster eks-workshop, us-west-2): ready',
      '',
      '$ kubectl get statefulsets -l app.kubernetes.io/created-by=eks-workshop -A',
      'NAMESPACE   NAME                READY   AGE',
      'catalog     catalog-mysql       1/1     30m',
      'checkout    checkout-redis      1/1     30m',
      'orders      orders-postgresql   1/1     30m',
    ]);
    expect(result.stdout).toMatch(/\nok  nodes +3\/3 Ready \(node group default\)\n/);
    expect(result.stdout).toMatch(/\nready 1\/1\n$/);
    expect(result.stderr).toMatch(/^configuration: built-in defaults .*single lab\n(WARNING: .*\n)*verifying 1 lab in us-west-2 \.\.\.\n$/);
  });

  test('a class with a broken participant: one line each, the fix with its command, ready 1/2, exit 1', async () => {
    const config = classConfig(2);
    serveEks({
      'eks-workshop-alice': await cluster('eks-workshop-alice', readyLab(config, NOW)),
      'eks-workshop-bob': await cluster('eks-workshop-bob', crashLooping(readyLab(config, NOW), 'checkout-redis')),
    });
    const result = await run([], CLASS_FILE);
    expect(result.code).toBe(OperationExitCode.FINDINGS);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^PARTICIPANT +CLUSTER +STATE$/);
    expect(lines[1]).toMatch(/^alice +eks-workshop-alice +ready$/);
    expect(lines[2]).toBe(
      'bob          eks-workshop-bob    NOT READY: StatefulSet checkout/checkout-redis: 0/1 ready: pod checkout-redis-0: container redis CrashLoopBackOff (7 restarts), last exit 1 Error; ' +
        "fix: reset this participant's workloads: npx cdktf destroy eks-workshop-bob-workloads --auto-approve, then npx cdktf deploy eks-workshop-bob-workloads --ignore-missing-stack-dependencies --auto-approve",
    );
    expect(lines.slice(3)).toEqual(['', 'ready 1/2', '']);
  });

  test('--participant: only that lab, in detail; --json: the report for scripts', async () => {
    serveEks({ 'eks-workshop-bob': await cluster('eks-workshop-bob', readyLab(classConfig(2), NOW)) });
    const result = await run(['--participant', 'bob', '--json'], CLASS_FILE);
    expect(result.code).toBe(OperationExitCode.OK);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ labName: 'eks-workshop', region: 'us-west-2', participantId: 'bob', isClass: true, readyCount: 1, expired: [] });
    expect(report.labs.map((l: { clusterName: string }) => l.clusterName)).toEqual(['eks-workshop-bob']);
    expect(eksMock.commandCalls(DescribeClusterCommand).map((c) => c.args[0].input.name)).toEqual(['eks-workshop-bob']);
  });

  test('a lab past its expiry, of another configuration: listed with what to run instead, exit 1', async () => {
    serveEks({ 'eks-workshop': await cluster('eks-workshop'), 'old-class-p03': await cluster('old-class-p03') }, [
      {
        ResourceARN: 'arn:aws:eks:us-west-2:123456789012:cluster/old-class-p03',
        Tags: [
          { Key: 'lab', Value: 'old-class' },
          { Key: 'participant', Value: 'p03' },
          { Key: 'created-by', Value: 'eks-workshop-lab' },
          { Key: 'expires-on', Value: '2026-11-20' },
        ],
      },
    ]);
    const result = await run([]);
    expect(result.code).toBe(OperationExitCode.FINDINGS);
    expect(result.stdout).toContain(
      [
        '1 lab in us-west-2 past its expires-on date and still running (any configuration), most overdue first:',
        '  - cluster old-class-p03 (lab old-class, participant p03): expired 2026-11-20, 11 days ago',
        '      destroy: not in this configuration: run npx cdktf destroy old-class-p03-workloads old-class-p03-cluster --auto-approve with the configuration that deployed it ' +
          '(lab old-class, participant p03: point LAB_CONFIG at its file, or run it in its project folder, where its state is); ' +
          'if that configuration is lost: aws eks delete-nodegroup --region us-west-2 --cluster-name old-class-p03 --nodegroup-name default, ' +
          'then aws eks delete-cluster --region us-west-2 --name old-class-p03, then npm run leftovers with a configuration of labName old-class lists what is left',
      ].join('\n'),
    );
  });

  test('no AWS credentials: exit 2 with the fix, no report', async () => {
    serveEks({});
    eksMock.on(DescribeClusterCommand).rejects(new CredentialsProviderError('Could not load credentials from any providers', { tryNextLink: false }));
    const result = await run([]);
    expect(result.code).toBe(OperationExitCode.CANNOT_ASK);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Cannot verify the labs: lab eks-workshop in us-west-2: eks:DescribeCluster failed: CredentialsProviderError: Could not load credentials from any providers\nNo AWS credentials were found/);
  });

  test('a bad --timeout is refused before any AWS call', async () => {
    serveEks({});
    const result = await run(['--timeout', '0']);
    expect(result.code).toBe(OperationExitCode.CANNOT_ASK);
    expect(result.stderr).toMatch(/Cannot verify the labs: --timeout \("0"\) must be a whole number of seconds from 1 to 600\n$/);
    expect(eksMock.commandCalls(DescribeClusterCommand)).toEqual([]);
  });
});
