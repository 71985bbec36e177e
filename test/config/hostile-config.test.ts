import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { runLabMain } from '../../lib/lab-main';
import { AppOutput } from '../../lib/private/app-output';

/**
 * Hostile configurations: each is given to the app's entry function (runLabMain, what main.ts runs)
 * with its own folder, environment and output directory, and must be rejected with a message naming
 * the field and the rule, before anything is written. A handful also go through the real entry point
 * (dist/main.js, as cdktf.json's "app" runs it after the build) in a child process with a minimal
 * environment, which proves the wiring (exit code, stdout, no stack trace) the in-process runs share.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'dist', 'main.js');
/** Child processes run at most this many at a time (the machines have 2 cores). */
const CONCURRENCY = 2;

/** The cases that also run through dist/main.js in a child process: one of each kind of source and failure. */
const THROUGH_THE_ENTRY_POINT = [
  'labName is a number',
  'YAML that does not parse',
  'LAB_CONFIG is a directory',
  '__proto__ field (JSON)',
  'LAB_EXPIRES_ON=2026-02-30',
  'LAB_EXPIRES_ON=2026-13-01',
  'an empty lab.yaml',
  'cdktf.json context "lab" is a string',
  'a node group no network holds even for one participant',
];

/** One hostile configuration. */
interface HostileCase {
  readonly name: string;
  /** Content of the LAB_CONFIG file (`lab.yaml` in the case's folder); an object is written as JSON. */
  readonly file?: string | Record<string, unknown> | unknown[];
  /** Environment beyond PATH, HOME, CDKTF_OUTDIR (and LAB_CONFIG when `file` is set). */
  readonly env?: Record<string, string>;
  /** Matches the problem line of the output (stdout: cdktf labels the app's stderr [ERROR]): field, value and rule. */
  readonly problem: RegExp;
  /** Extra set-up in the case's folder (files, folders), before the run. */
  readonly setup?: (dir: string) => void;
}

const ACCOUNT = '123456789012';
const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
/** The role of an IAM Identity Center permission set the class shares. */
const PERMISSION_SET = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Learner_0123456789abcdef`;
const participants = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `p${String(i + 1).padStart(2, '0')}`, principalArn: arn(`participant-${i + 1}`) }));
/** A valid class of `count`, with `roster` fields overridden and top-level `extra` fields. */
const classOf = (count: number, roster: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  expiresOn: '2026-12-31',
  ...extra,
  roster: { participants: participants(count), ...roster },
});

const CASES: readonly HostileCase[] = [
  // Wrong types and empty values
  { name: 'labName is a number', file: { labName: 5 }, problem: /^ {2}- labName \(5\) must be a string, not a number$/m },
  {
    name: 'nodeGroup.minSize is a string',
    file: 'nodeGroup:\n  minSize: "3"\n',
    problem: /^ {2}- nodeGroup\.minSize \("3"\) must be a number, not a string$/m,
  },
  { name: 'labName is empty', file: { labName: '' }, problem: /^ {2}- labName \(""\) must be lower-case letters, digits and hyphens, starting with a letter$/m },
  { name: 'nodeGroup is null', file: 'nodeGroup: null\n', problem: /^ {2}- nodeGroup \(null\) must be an object, not null$/m },
  {
    name: 'nodeGroup.maxSize is .inf',
    file: 'nodeGroup:\n  maxSize: .inf\n',
    problem: /^ {2}- nodeGroup\.maxSize \(Infinity\) must be a whole number, not Infinity$/m,
  },
  // Network
  {
    name: 'serviceCidr overlaps vpcCidr',
    file: { vpcCidr: '10.42.0.0/16', serviceCidr: '10.42.128.0/20' },
    problem: /^ {2}- serviceCidr \("10\.42\.128\.0\/20"\) must not overlap vpcCidr \("10\.42\.0\.0\/16"\)/m,
  },
  {
    name: 'serviceCidr is public address space',
    file: { serviceCidr: '100.64.0.0/16' },
    problem: /^ {2}- serviceCidr \("100\.64\.0\.0\/16"\) must be within 10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16/m,
  },
  {
    name: 'serviceCidr smaller than /24',
    file: { serviceCidr: '10.100.0.0/25' },
    problem: /^ {2}- serviceCidr \("10\.100\.0\.0\/25"\) must be a \/12 to \/24 network/m,
  },
  {
    name: 'serviceCidr with host bits',
    file: { serviceCidr: '10.100.0.1/16' },
    problem: /^ {2}- serviceCidr \("10\.100\.0\.1\/16"\) has host bits set: the network address is 10\.100\.0\.0\/16$/m,
  },
  { name: 'vpcCidr too small (/24)', file: { vpcCidr: '10.42.0.0/24' }, problem: /^ {2}- vpcCidr \("10\.42\.0\.0\/24"\) must be a \/16 to \/20 network/m },
  { name: 'vpcCidr too large (/8)', file: { vpcCidr: '10.0.0.0/8' }, problem: /^ {2}- vpcCidr \("10\.0\.0\.0\/8"\) must be a \/16 to \/20 network/m },
  {
    name: 'availability zone outside the region',
    file: { region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'us-east-1b'] },
    problem: /^ {2}- availabilityZones\[1\] \("us-east-1b"\) must be an availability zone of region eu-west-1/m,
  },
  // Cluster
  {
    name: 'unknown Kubernetes version',
    file: { kubernetesVersion: '1.20' },
    problem: /^ {2}- kubernetesVersion \("1\.20"\) must be a Kubernetes version EKS offers: 1\.\d+/m,
  },
  {
    name: 'nodeGroup.minSize > maxSize',
    file: { nodeGroup: { minSize: 8, desiredSize: 8, maxSize: 6 } },
    problem: /^ {2}- nodeGroup\.minSize \(8\) must be <= maxSize \(6\), with desiredSize \(8\) between them$/m,
  },
  // Roster
  {
    name: 'duplicate participant ids',
    file: classOf(2, { participants: [{ id: 'ana', principalArn: arn('a') }, { id: 'ana', principalArn: arn('b') }] }),
    problem: /^ {2}- roster\.participants\[1\]\.id \("ana"\) must be unique: roster\.participants\[0\] has it too$/m,
  },
  {
    name: 'participant id in upper case',
    file: classOf(1, { participants: [{ id: 'Ana', principalArn: arn('a') }] }),
    problem: /^ {2}- roster\.participants\[0\]\.id \("Ana"\) must be lower-case letters, digits and hyphens/m,
  },
  {
    name: 'participant id too long',
    file: classOf(1, { participants: [{ id: 'a'.repeat(17), principalArn: arn('a') }] }),
    problem: /^ {2}- roster\.participants\[0\]\.id \("a{17}"\) must be at most 16 characters$/m,
  },
  {
    name: 'malformed participant ARN',
    file: classOf(1, { participants: [{ id: 'ana', principalArn: 'arn:aws:iam::1234:role/ana' }] }),
    problem: /^ {2}- roster\.participants\[0\]\.principalArn \("arn:aws:iam::1234:role\/ana"\) must be an IAM role or user ARN/m,
  },
  {
    name: 'malformed instructor ARN',
    file: classOf(1, { instructorPrincipalArns: ['arn:aws:iam::123456789012:group/teachers'] }),
    problem: /^ {2}- roster\.instructorPrincipalArns\[0\] \("arn:aws:iam::123456789012:group\/teachers"\) must be an IAM role or user ARN/m,
  },
  {
    name: 'participant with neither principalArn nor ssoUser',
    file: classOf(1, { participants: [{ id: 'ana' }] }),
    problem: /^ {2}- roster\.participants\[0\]\.principalArn \(missing\) must be set, or ssoUser: who gets cluster-admin on "ana"'s cluster/m,
  },
  {
    name: 'participant with both principalArn and ssoUser',
    file: classOf(1, { participants: [{ id: 'ana', principalArn: arn('ana'), ssoUser: { permissionSetRoleArn: PERMISSION_SET, userName: 'ana@example.com' } }] }),
    problem: /^ {2}- roster\.participants\[0\] \("ana"\) must set principalArn or ssoUser, not both/m,
  },
  {
    name: "ssoUser with a role that is no permission set's",
    file: classOf(1, { participants: [{ id: 'ana', ssoUser: { permissionSetRoleArn: arn('Learner'), userName: 'ana@example.com' } }] }),
    problem: /^ {2}- roster\.participants\[0\]\.ssoUser\.permissionSetRoleArn \(".*role\/Learner"\) must be the ARN of a permission set's role, such as .*AWSReservedSSO_/m,
  },
  {
    name: 'ssoUser name that is no session name',
    file: classOf(1, { participants: [{ id: 'ana', ssoUser: { permissionSetRoleArn: PERMISSION_SET, userName: 'Ana Smith' } }] }),
    problem: /^ {2}- roster\.participants\[0\]\.ssoUser\.userName \("Ana Smith"\) must be the user's IAM Identity Center user name, as their sessions are named: 2-64 letters, digits and \+=,\.@_-$/m,
  },
  {
    name: 'IAM Identity Center user repeated across participants',
    file: classOf(2, {
      participants: [
        { id: 'ana', ssoUser: { permissionSetRoleArn: PERMISSION_SET, userName: 'ana@example.com' } },
        { id: 'bo', ssoUser: { permissionSetRoleArn: PERMISSION_SET, userName: 'ana@example.com' } },
      ],
    }),
    problem: /^ {2}- roster\.participants\[1\]\.ssoUser\.userName \("ana@example\.com"\) must not repeat roster\.participants\[0\] in the same account: one user, one lab$/m,
  },
  {
    name: "an own-account participant's permission set role in another account",
    file: classOf(1, { participants: [{ id: 'ana', accountId: '210987654321', ssoUser: { permissionSetRoleArn: PERMISSION_SET, userName: 'ana@example.com' } }] }),
    problem: /^ {2}- roster\.participants\[0\]\.ssoUser\.permissionSetRoleArn \("arn:aws:iam::123456789012:role\/aws-reserved\/.*\) must be a principal of the participant's account 210987654321/m,
  },
  {
    name: 'principal repeated across participants',
    file: classOf(2, { participants: [{ id: 'ana', principalArn: arn('shared') }, { id: 'bo', principalArn: arn('shared') }] }),
    problem: /^ {2}- roster\.participants\[1\]\.principalArn \(".*role\/shared"\) must not repeat roster\.participants\[0\]\.principalArn/m,
  },
  {
    name: 'a class budget whose instance type the estimate cannot price',
    file: {
      expiresOn: '2030-12-31',
      roster: { participants: [{ id: 'alice', principalArn: 'arn:aws:iam::123456789012:role/alice' }] },
      nodeGroup: { instanceTypes: ['x9.huge'] },
      budget: { alertEmails: ['a@example.com'] },
    },
    problem: /^ {2}- budget\.enabled \(true\) needs the estimate's daily cost: nodeGroup\.instanceTypes\[0\] \("x9\.huge"\) has no price in the cost table .*; or set budget\.enabled: false$/m,
  },
  {
    name: 'a node group no network holds even for one participant',
    file: classOf(2, {}, { vpcCidr: '10.42.0.0/20', nodeGroup: { maxSize: 100 } }),
    problem: /^ {2}- nodeGroup\.maxSize \(100\) must fit the private subnets of 10\.42\.0\.0\/20 \(\/22 each\) in the worst case for one participant: at most 78 nodes fit; .* 71 prefixes for 56 free \/28 blocks/m,
  },
  {
    name: 'roster larger than eksClusterQuota',
    file: classOf(3, { eksClusterQuota: 2 }),
    problem: /^ {2}- roster\.participants \(3 participants\) must not exceed roster\.eksClusterQuota \(2\)/m,
  },
  {
    name: 'roster without expiresOn',
    file: { roster: { participants: participants(2) } },
    problem: /^ {2}- expiresOn \(missing\) must be set when there is a roster/m,
  },
  { name: 'expiresOn 2026-02-30 (file)', file: 'expiresOn: 2026-02-30\n', problem: /^ {2}- expiresOn \("2026-02-30"\) must be a date that exists \(2026-02 has no day 30\), written YYYY-MM-DD, such as 2026-12-18$/m },
  // Every way an instructor in a hurry writes a date: one message with the field, the value and the format.
  { name: 'expiresOn 2026-13-01', file: 'expiresOn: 2026-13-01\n', problem: /^ {2}- expiresOn \("2026-13-01"\) must be a date that exists \(there is no month 13\), written YYYY-MM-DD, such as 2026-12-18$/m },
  { name: 'expiresOn 2026-12-1', file: 'expiresOn: 2026-12-1\n', problem: /^ {2}- expiresOn \("2026-12-1"\) must be a date written YYYY-MM-DD, such as 2026-12-18$/m },
  { name: 'expiresOn 2026/12/18', file: 'expiresOn: 2026/12/18\n', problem: /^ {2}- expiresOn \("2026\/12\/18"\) must be a date written YYYY-MM-DD, such as 2026-12-18$/m },
  { name: 'expiresOn 18.12.2026', file: 'expiresOn: 18.12.2026\n', problem: /^ {2}- expiresOn \("18\.12\.2026"\) must be a date written YYYY-MM-DD, such as 2026-12-18$/m },
  { name: 'expiresOn as a timestamp', file: 'expiresOn: 2026-12-18T00:00:00Z\n', problem: /^ {2}- expiresOn \("2026-12-18T00:00:00Z"\) must be a date written YYYY-MM-DD, such as 2026-12-18$/m },
  { name: 'LAB_EXPIRES_ON=2026-13-01', env: { LAB_EXPIRES_ON: '2026-13-01' }, problem: /^ {2}- expiresOn \("2026-13-01"\) must be a date that exists \(there is no month 13\)/m },
  { name: 'kubernetesVersion unquoted', file: 'kubernetesVersion: 1.35\n', problem: /^ {2}- kubernetesVersion \(1\.35\) must be a string, not a number: quote it, kubernetesVersion: "1\.35" \(YAML reads an unquoted 1\.30 as the number 1\.3\)$/m },
  { name: 'kubernetesVersion 1.30 unquoted', file: 'kubernetesVersion: 1.30\n', problem: /^ {2}- kubernetesVersion \(1\.3\) must be a string, not a number: quote it, kubernetesVersion: "1\.30"/m },
  { name: 'an availability zone letter no region has', file: { availabilityZones: ['us-west-2a', 'us-west-2z'] }, problem: /^ {2}- availabilityZones\[1\] \("us-west-2z"\) must be an availability zone of region us-west-2: us-west-2 and a letter a to f/m },
  { name: 'an availability zone of another region', file: { availabilityZones: ['us-west-2a', 'us-east-1b'] }, problem: /^ {2}- availabilityZones\[1\] \("us-east-1b"\) must be an availability zone of region us-west-2/m },
  { name: 'an empty lab.yaml', file: '# nothing yet\n', problem: /^ {2}- LAB_CONFIG \(".*lab\.yaml"\) is empty \(no configuration fields\): copy lab\.example\.yaml/m },
  // State
  {
    name: 'state backend s3 without bucket',
    file: { state: { backend: 's3' } },
    problem: /^ {2}- state\.bucket \(missing\) must be set when state\.backend is s3$/m,
  },
  // The file itself
  {
    name: 'YAML that does not parse',
    file: 'labName: [unclosed\n',
    problem: /^ {2}- LAB_CONFIG \(".*lab\.yaml"\) must be valid JSON or YAML: /m,
  },
  {
    name: 'YAML alias bomb',
    file: ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdef'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`), ''].join('\n'),
    problem: /^ {2}- LAB_CONFIG \(".*lab\.yaml"\) must be valid JSON or YAML: Excessive alias count/m,
  },
  {
    name: 'YAML with a duplicate key',
    file: 'labName: a\nlabName: b\n',
    problem: /^ {2}- LAB_CONFIG \(".*lab\.yaml"\) must be valid JSON or YAML: Map keys must be unique/m,
  },
  { name: 'YAML list, not a mapping', file: '- labName\n- region\n', problem: /^ {2}- LAB_CONFIG file \(\["labName","region"\]\) must be an object of configuration fields$/m },
  {
    name: 'LAB_CONFIG file missing',
    env: { LAB_CONFIG: 'missing.yaml' },
    problem: /^ {2}- LAB_CONFIG \("missing\.yaml"\) must name an existing file: .*\/missing\.yaml does not exist$/m,
  },
  {
    name: 'LAB_CONFIG is a directory',
    env: { LAB_CONFIG: 'conf.d' },
    setup: (dir) => mkdirSync(path.join(dir, 'conf.d')),
    problem: /^ {2}- LAB_CONFIG \("conf\.d"\) must name a readable file: EISDIR/m,
  },
  // Fields that do not exist
  { name: 'unknown top-level field', file: { labNmae: 'x' }, problem: /^ {2}- labNmae: unknown field/m },
  {
    name: 'unknown nested field roster.participants[0].name',
    file: classOf(1, { participants: [{ id: 'ana', principalArn: arn('a'), name: 'Ana' }] }),
    problem: /^ {2}- roster\.participants\[0\]\.name: unknown field/m,
  },
  { name: '__proto__ field (JSON)', file: '{"__proto__": {"labName": "x"}}', problem: /^ {2}- __proto__: unknown field/m },
  // Environment variables
  {
    name: 'LAB_KUBERNETES_VERSION=1.29',
    env: { LAB_KUBERNETES_VERSION: '1.29' },
    problem: /^ {2}- kubernetesVersion \("1\.29"\) must be a Kubernetes version EKS offers/m,
  },
  { name: 'region us-west-3 (pattern-valid, not a region)', file: { region: 'us-west-3' }, problem: /^ {2}- region \("us-west-3"\) must be an AWS region: did you mean us-west-1 or us-west-2\?$/m },
  {
    name: 'LAB_NAME with upper case',
    env: { LAB_NAME: 'My_Lab' },
    problem: /^ {2}- labName \("My_Lab"\) must be lower-case letters, digits and hyphens/m,
  },
  {
    name: 'LAB_ADMIN_PRINCIPAL_ARNS malformed',
    env: { LAB_ADMIN_PRINCIPAL_ARNS: `${arn('ok')},alice` },
    problem: /^ {2}- adminPrincipalArns\[1\] \("alice"\) must be an IAM role or user ARN/m,
  },
  { name: 'LAB_EXPIRES_ON=2026-02-30', env: { LAB_EXPIRES_ON: '2026-02-30' }, problem: /^ {2}- expiresOn \("2026-02-30"\) must be a date that exists \(2026-02 has no day 30\)/m },
  // cdktf.json's context, as the cdktf CLI hands it to the app
  {
    name: 'cdktf.json context "lab" is a string',
    env: { CDKTF_CONTEXT_JSON: JSON.stringify({ lab: 'eks' }) },
    problem: /^ {2}- cdktf\.json context "lab" \("eks"\) must be an object of configuration fields$/m,
  },
];

/** What one run left behind. */
interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** The case's folder: the LAB_CONFIG file, the output directory, and anything written. */
  readonly dir: string;
  readonly outdir: string;
  /** Every file below `dir` before the run (relative paths). */
  readonly filesBefore: readonly string[];
}

/** Every file (not folder) below `dir`, as relative paths. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** A fresh folder for `c` (its working directory, so stray writes land there), and its environment. */
function prepareCase(c: HostileCase): { dir: string; outdir: string; env: Record<string, string>; filesBefore: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'lab-hostile-'));
  const outdir = path.join(dir, 'cdktf.out');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CDKTF_OUTDIR: outdir };
  if (c.file !== undefined) {
    writeFileSync(path.join(dir, 'lab.yaml'), typeof c.file === 'string' ? c.file : JSON.stringify(c.file));
    env.LAB_CONFIG = path.join(dir, 'lab.yaml');
  }
  Object.assign(env, c.env);
  c.setup?.(dir);
  return { dir, outdir, env, filesBefore: filesBelow(dir) };
}

/**
 * Runs `c` through runLabMain in this process, as main.ts does: a cdktf App with the case's output
 * directory and the context cdktf-cli would hand over (CDKTF_CONTEXT_JSON), the case's environment and folder.
 */
function runInProcess(c: HostileCase): Outcome {
  const { dir, outdir, env, filesBefore } = prepareCase(c);
  let stdout = '';
  const started = process.hrtime.bigint();
  const context = env.CDKTF_CONTEXT_JSON === undefined ? undefined : (JSON.parse(env.CDKTF_CONTEXT_JSON) as Record<string, unknown>);
  const code = runLabMain({ app: new App({ outdir, ...(context ? { context } : {}) }), env, cwd: dir, output: new AppOutput((t) => (stdout += t)) });
  return { code, signal: null, stdout, stderr: '', ms: Number(process.hrtime.bigint() - started) / 1e6, dir, outdir, filesBefore };
}

/** Runs dist/main.js for `c` in a child process, in its own folder. */
function runCase(c: HostileCase): Promise<Outcome> {
  const { dir, outdir, env, filesBefore } = prepareCase(c);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6, dir, outdir, filesBefore }),
    );
  });
}

/** Runs every case, `limit` at a time, keeping the input order in the result. */
async function runAll(cases: readonly HostileCase[], limit: number): Promise<Outcome[]> {
  const results: Outcome[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runCase(cases[i]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe('hostile configurations: rejected with field, value and rule, nothing written', () => {
  const outcomes = new Map<string, Outcome>();

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
    const throughProcess = CASES.filter((c) => THROUGH_THE_ENTRY_POINT.includes(c.name));
    const results = await runAll(throughProcess, CONCURRENCY);
    throughProcess.forEach((c, i) => outcomes.set(`${c.name} (dist/main.js)`, results[i]));
    for (const c of CASES) outcomes.set(c.name, runInProcess(c));
  }, 120_000);

  afterAll(() => {
    const rows = CASES.filter((c) => outcomes.has(c.name)).map((c) => `${outcomes.get(c.name)!.ms.toFixed(0).padStart(6)} ms  ${c.name}`);
    const times = [...outcomes.values()].map((o) => o.ms).sort((a, b) => a - b);
    if (times.length > 0) {
      console.log(
        `hostile configurations: ${times.length} runs (${THROUGH_THE_ENTRY_POINT.length} through dist/main.js, ${CONCURRENCY} at a time); ` +
          `median ${times[times.length >> 1].toFixed(0)} ms, ` +
          `max ${times[times.length - 1].toFixed(0)} ms\n${rows.join('\n')}`,
      );
    }
    outcomes.forEach((o) => rmSync(o.dir, { recursive: true, force: true }));
  });

  test('the table is large and every case has its own name; the entry-point cases are in it', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(24);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(THROUGH_THE_ENTRY_POINT.filter((name) => !CASES.some((c) => c.name === name))).toEqual([]);
  });

  const runs = [
    ...CASES.map((c) => [c.name, c] as const),
    ...CASES.filter((c) => THROUGH_THE_ENTRY_POINT.includes(c.name)).map((c) => [`${c.name} (dist/main.js)`, c] as const),
  ];
  test.each(runs)('%s', (name, c) => {
    const o = outcomes.get(name);
    if (o === undefined) throw new Error(`case ${name} did not run`);
    // Rejected by the loader (exit 1 and its heading), not a crash: an uncaught error exits 1 too, with a stack.
    expect({ code: o.code, signal: o.signal }).toEqual({ code: 1, signal: null });
    // The configuration line every command starts with, naming the source and the rejection, then the problems.
    expect(o.stdout).toMatch(/^configuration: .+: rejected, \d+ problems?\nInvalid lab configuration:\n/);
    expect(o.stdout).not.toMatch(/^\s+at /m);
    expect(o.stdout).toMatch(c.problem);
    expect(o.stderr).toBe('');
    // No stack: cdktf's App creates the empty stacks folder when constructed, nothing may be in it.
    const stacks = path.join(o.outdir, 'stacks');
    expect(existsSync(stacks) ? readdirSync(stacks) : []).toEqual([]);
    expect(existsSync(path.join(o.outdir, 'manifest.json'))).toBe(false);
    // Nothing else either: the folder holds exactly the files it held before the run.
    const after = filesBelow(o.dir);
    expect(after.filter((f) => path.basename(f) === 'cdk.tf.json')).toEqual([]);
    expect(after).toEqual(o.filesBefore);
  });
});
