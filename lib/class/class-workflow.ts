import { stringify } from 'yaml';
import { dayAfter } from '../plan/lab-dates';
import type { LabPlan } from '../plan/lab-plan';
import { StackKind } from '../plan/stack-plan';
import { ACTION_PINS, ActionPin, CHECKOUT, CONFIGURE_AWS_CREDENTIALS, SETUP_NODE, SETUP_TERRAFORM, UPLOAD_ARTIFACT, usesOf } from './action-pins';

/** Most jobs one matrix may create ("Job Matrix: 256 jobs / workflow run", docs.github.com/actions/reference/limits). */
export const MAX_MATRIX_JOBS = 256;

/** The Node.js major the jobs run (package.json's engines allow 22, 24 and 26). */
export const WORKFLOW_NODE_VERSION = '22';

/** The Terraform the jobs install (>= 1.10 for S3 state locking; the version this project is tested with). */
export const WORKFLOW_TERRAFORM_VERSION = '1.11.4';

/** What the generator needs besides the plan. */
export interface ClassWorkflowOptions {
  /** The role the jobs assume through OIDC. */
  readonly roleArn: string;
  /** The project folder, relative to the repository root (`.` when it is the root). */
  readonly projectPath: string;
  /** The configuration file, relative to the project folder (the jobs set `LAB_CONFIG` to it). */
  readonly configPath: string;
  /** The `--out` the workflow's own check regenerates with: the repository root as the jobs see it. */
  readonly outInJob?: string;
}

/** One generated file. */
export interface WorkflowFile {
  /** Path under the output folder: `.github/workflows/<name>.yml`. */
  readonly path: string;
  /** Its text. */
  readonly content: string;
}

/** One matrix entry: a batch of participants deployed or destroyed by one job. */
export interface ParticipantBatch {
  /** `01`, `02`, ... */
  readonly batch: string;
  /** Comma-separated participant ids. */
  readonly participants: string;
}

/**
 * The participants in batches: as many batches as jobs may run at once (`workflowMaxParallel`, never
 * more than 256), so that every batch runs at the same time and each job works on its batch with the
 * runner's own parallelism.
 */
export function participantBatches(ids: readonly string[], maxParallel: number): ParticipantBatch[] {
  const jobs = Math.min(maxParallel, MAX_MATRIX_JOBS, ids.length);
  const size = Math.ceil(ids.length / jobs);
  const batches: ParticipantBatch[] = [];
  for (let i = 0; i < ids.length; i += size) batches.push({ batch: '', participants: ids.slice(i, i + size).join(',') });
  const width = String(batches.length).length;
  return batches.map((b, i) => ({ ...b, batch: String(i + 1).padStart(Math.max(2, width), '0') }));
}

/**
 * The schedule of the time-boxed destroy: 00:17 UTC on the day after `expiresOn`, the first day the
 * labs "may be removed" (the `expires-on` tag) and the first day the budget guard counts; 17 minutes
 * past the hour because GitHub delays scheduled runs most at the top of the hour. Cron has no year:
 * the workflow's first job lets a run through only on that date.
 */
export function destroySchedule(expiresOn: string): { readonly cron: string; readonly date: string } {
  const day = dayAfter(expiresOn);
  const [, month, dayOfMonth] = day.split('-').map(Number);
  return { cron: `17 0 ${dayOfMonth} ${month} *`, date: day };
}

type Step = Record<string, unknown>;
type Job = Record<string, unknown>;

/**
 * The deploy and destroy workflows of a class: every job runs `npm run class -- ...` as a laptop
 * would, on the repository's checkout, with credentials from the OIDC role.
 *
 * Deploy: `synth` (the configuration synthesizes, and the workflows are current) and `network`
 * (`deploy --kinds network`; it synthesizes itself, so it does not wait for `synth`) run side by side,
 * then `participants` (a matrix of batches, `fail-fast: false`, `max-parallel` from the configuration,
 * `deploy --participants <batch>`), then `verify` (`npm run verify`, whatever the batches gave). A
 * manual run with a list of participants deploys only those, in one job (`selected`).
 *
 * Destroy (manual, or on the schedule after `expiresOn`): `synth` (workflows out of date only warn:
 * a scheduled destroy must not stop at them), then the `participants` matrix
 * (`destroy --participants <batch>`), then `network` (`destroy --kinds network`), which runs even when a
 * batch failed: the runner keeps the network while any participant's state holds something.
 */
export function classWorkflows(plan: LabPlan, options: ClassWorkflowOptions): WorkflowFile[] {
  const config = plan.config;
  const ids = plan.labs.map((lab) => lab.participant?.id as string);
  const batches = participantBatches(ids, config.class.workflowMaxParallel);
  const hasNetwork = plan.stacks.some((s) => s.kind === StackKind.NETWORK);
  const name = plan.labName;
  const dir = options.projectPath;
  const inProject = (file: string) => (dir === '.' ? file : `${dir}/${file}`);
  const wholeClass = "github.event_name == 'schedule' || inputs.participants == ''";

  const setup = (withAws: boolean): Step[] => [
    { name: 'Check out', uses: usesOf(CHECKOUT) },
    {
      name: 'Node.js',
      uses: usesOf(SETUP_NODE),
      with: { 'node-version': WORKFLOW_NODE_VERSION, cache: 'npm', 'cache-dependency-path': inProject('package-lock.json') },
    },
    ...(withAws
      ? [
          { name: 'Terraform', uses: usesOf(SETUP_TERRAFORM), with: { terraform_version: WORKFLOW_TERRAFORM_VERSION, terraform_wrapper: false } },
          {
            name: 'AWS credentials (OIDC)',
            uses: usesOf(CONFIGURE_AWS_CREDENTIALS),
            with: { 'role-to-assume': options.roleArn, 'aws-region': plan.region, 'role-session-name': `lab-class-${name}`.slice(0, 64) },
          },
        ]
      : []),
    { name: 'Install', run: 'npm ci' },
  ];
  const logs = (artifact: string): Step => ({
    name: 'Logs of a failed run',
    if: 'failure()',
    uses: usesOf(UPLOAD_ARTIFACT),
    with: { name: artifact, path: inProject('class-runs/*/'), 'if-no-files-found': 'ignore', 'retention-days': 14 },
  });
  const job = (title: string, steps: Step[], extra: Job = {}): Job => ({ name: title, 'runs-on': 'ubuntu-latest', ...extra, steps });
  const check = `npm run class -- workflow --check --out "${options.outInJob ?? '$GITHUB_WORKSPACE'}" --role-arn ${options.roleArn}`;
  // A deploy stops at a stale workflow; a destroy only warns: its batches are what was deployed, and
  // stopping it would leave the whole class billing (a participant it misses keeps the network, which says so).
  const synthJob = (extraSteps: Step[], staleStops: boolean): Job =>
    job(
      'synth, and check these workflows are current',
      [
        ...extraSteps,
        ...setup(false),
        staleStops
          ? { name: 'Workflows match the configuration', run: check }
          : { name: 'Workflows match the configuration (a destroy goes on if not)', run: `${check} || echo "::warning::these workflows do not match the configuration; the destroy goes on with the batches they list"` },
        { name: 'Synth', run: 'npx cdktf synth' },
      ],
      { 'timeout-minutes': 20 },
    );
  const matrix = { 'fail-fast': false, 'max-parallel': config.class.workflowMaxParallel, matrix: { include: batches } };
  const participantsEnv = { env: { PARTICIPANTS: '${{ inputs.participants }}' } };

  const header = (what: string) =>
    [
      `# ${what} of class ${name} (${ids.length} participants, ${batches.length} batch${batches.length === 1 ? '' : 'es'} of up to ${Math.ceil(ids.length / batches.length)}).`,
      '# Written by `npm run class -- workflow`: regenerate it after changing the roster or the class settings (the synth job fails',
      '# while it is out of date). Every job runs the same `npm run class -- ...` command a laptop runs.',
      `# Actions pinned by commit: ${ACTION_PINS.map((p) => `${p.action} ${p.version}`).join(', ')}.`,
      '',
    ].join('\n');
  const common = (title: string, on: Record<string, unknown>) => ({
    name: title,
    on,
    permissions: { contents: 'read', 'id-token': 'write' },
    // One group per class: a deploy and a destroy of the same class never run at once; the later one waits.
    concurrency: { group: `lab-class-${name}-${plan.region}`, 'cancel-in-progress': false },
    env: { LAB_CONFIG: options.configPath },
    defaults: { run: { 'working-directory': dir } },
  });
  const dispatch = {
    workflow_dispatch: {
      inputs: {
        participants: { description: 'Only these participants (comma-separated ids); empty: the whole class', required: false, default: '', type: 'string' },
      },
    },
  };

  const deployJobs: Record<string, Job> = {
    synth: synthJob([], true),
    ...(hasNetwork
      ? {
          network: job('shared network', [...setup(true), { name: 'Deploy the network', run: 'npm run class -- deploy --kinds network' }, logs('class-logs-deploy-network')], {
            if: wholeClass,
            'timeout-minutes': 60,
          }),
        }
      : {}),
    participants: job(
      'participants ${{ matrix.batch }}',
      [...setup(true), { name: 'Deploy the batch', run: 'npm run class -- deploy --participants ${{ matrix.participants }}' }, logs('class-logs-deploy-${{ matrix.batch }}')],
      {
        needs: hasNetwork ? ['synth', 'network'] : ['synth'],
        if: `\${{ !cancelled() && needs.synth.result == 'success' && ${hasNetwork ? "needs.network.result == 'success' && " : ''}(${wholeClass}) }}`,
        'timeout-minutes': 180,
        strategy: matrix,
      },
    ),
    selected: job(
      'selected participants',
      [...setup(true), { name: 'Deploy the named participants', run: 'npm run class -- deploy --participants "$PARTICIPANTS"', ...participantsEnv }, logs('class-logs-deploy-selected')],
      { needs: ['synth'], if: "github.event_name == 'workflow_dispatch' && inputs.participants != ''", 'timeout-minutes': 180 },
    ),
    verify: job('verify', [...setup(true).filter((s) => s.name !== 'Terraform'), { name: 'Every lab ready', run: 'npm run verify' }], {
      needs: ['participants', 'selected'],
      if: "${{ !cancelled() && (needs.participants.result != 'skipped' || needs.selected.result != 'skipped') }}",
      'timeout-minutes': 30,
    }),
  };

  const schedule = config.expiresOn === undefined ? undefined : destroySchedule(config.expiresOn);
  const guard: Step[] =
    schedule === undefined
      ? []
      : [
          {
            name: `A scheduled run destroys only on ${schedule.date}`,
            if: "github.event_name == 'schedule'",
            run: `test "$(date -u +%F)" = "${schedule.date}" || { echo "::error::this schedule is for ${schedule.date} (the day after expiresOn ${config.expiresOn}); cron has no year"; exit 1; }`,
          },
        ];
  const destroyJobs: Record<string, Job> = {
    synth: synthJob(guard, false),
    participants: job(
      'participants ${{ matrix.batch }}',
      [...setup(true), { name: 'Destroy the batch', run: 'npm run class -- destroy --participants ${{ matrix.participants }}' }, logs('class-logs-destroy-${{ matrix.batch }}')],
      { needs: ['synth'], if: wholeClass, 'timeout-minutes': 180, strategy: matrix },
    ),
    selected: job(
      'selected participants',
      [...setup(true), { name: 'Destroy the named participants', run: 'npm run class -- destroy --participants "$PARTICIPANTS"', ...participantsEnv }, logs('class-logs-destroy-selected')],
      { needs: ['synth'], if: "github.event_name == 'workflow_dispatch' && inputs.participants != ''", 'timeout-minutes': 180 },
    ),
    ...(hasNetwork
      ? {
          network: job(
            'shared network (kept while any participant is left)',
            [...setup(true), { name: 'Destroy the network', run: 'npm run class -- destroy --kinds network' }, logs('class-logs-destroy-network')],
            { needs: ['synth', 'participants'], if: `\${{ !cancelled() && needs.synth.result == 'success' && (${wholeClass}) }}`, 'timeout-minutes': 60 },
          ),
        }
      : {}),
  };

  const deploy = { ...common(`class ${name}: deploy`, dispatch), jobs: deployJobs };
  const destroy = {
    ...common(`class ${name}: destroy`, { ...dispatch, ...(schedule === undefined ? {} : { schedule: [{ cron: schedule.cron }] }) }),
    jobs: destroyJobs,
  };
  return [
    { path: `.github/workflows/${name}-deploy.yml`, content: header('Deploy') + toYaml(deploy) },
    { path: `.github/workflows/${name}-destroy.yml`, content: header('Destroy') + toYaml(destroy) },
  ];
}

/** YAML text, each pinned `uses:` followed by its version as a comment. */
function toYaml(workflow: unknown): string {
  const text = stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false });
  return text.replace(/^(\s*(?:- )?uses: )([\w.-]+\/[\w.-]+)@([0-9a-f]{40})$/gm, (line, prefix: string, action: string, sha: string) => {
    const pin = ACTION_PINS.find((p: ActionPin) => p.action === action && p.sha === sha);
    return pin === undefined ? line : `${prefix}${action}@${sha} # ${pin.version}`;
  });
}
