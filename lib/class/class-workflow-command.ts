import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { StateBackend } from '../config/lab-config';
import { OperationExitCode } from '../operations/run-operation';
import type { LoadedLabPlan } from '../plan/load-lab-plan';
import { classWorkflows, MAX_MATRIX_JOBS, participantBatches } from './class-workflow';
import type { ProgressOutput } from './progress-line';

/** What the problems of writing workflows for `loaded` are (each with its fix), given the role ARN. */
export function workflowProblems(loaded: LoadedLabPlan, roleArn: string | undefined): string[] {
  const { config, source } = loaded;
  const problems: string[] = [];
  if (config.roster === undefined) problems.push('the configuration describes a single lab: the workflows are for a class (roster.participants); run npm run class -- deploy from one machine');
  if (config.state.backend !== StateBackend.S3) {
    problems.push(
      'state.backend is local: GitHub Actions jobs run on machines that are thrown away, and each job must see the states the others wrote; ' +
        'set state.backend: s3 with an existing, versioned bucket (docs/running-a-class.md#state-in-s3)',
    );
  }
  if (roleArn === undefined) problems.push('no role for the jobs to assume: set class.workflowRoleArn, or pass --role-arn arn:aws:iam::<account>:role/<name>');
  else if (!/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(roleArn)) problems.push(`--role-arn (${JSON.stringify(roleArn)}) must be an IAM role ARN`);
  else if (config.roster !== undefined && !config.bootstrapCreatorAdmin && ![...config.roster.instructorPrincipalArns, ...config.adminPrincipalArns].includes(roleArn)) {
    problems.push(
      `${roleArn} must be in roster.instructorPrincipalArns (or adminPrincipalArns): the jobs deploy the workloads and run verify with its access to each cluster`,
    );
  }
  if (source.environment.length > 0) {
    problems.push(`the configuration takes ${source.environment.join(', ')} from the environment, which the jobs would not have: put the fields in the configuration file`);
  }
  if (source.file === undefined) problems.push('no configuration file: the jobs need one committed with the workflows (LAB_CONFIG=<file>)');
  return problems;
}

/**
 * Whether git ignores `file` in the repository at `repo`: `git check-ignore` exits 0 for an ignored
 * path, 1 for one it would track, 128 outside a repository (or without git), where nothing is ignored yet.
 */
function ignoredByGit(file: string, repo: string): boolean {
  return spawnSync('git', ['check-ignore', '--quiet', file], { cwd: repo, stdio: 'ignore' }).status === 0;
}

/**
 * `npm run class -- workflow --out DIR`: writes (or with `--check`, compares) the class's deploy and
 * destroy workflows under `DIR/.github/workflows/`.
 */
export function classWorkflowCommand(
  loaded: LoadedLabPlan,
  options: { readonly out: string; readonly roleArn?: string; readonly check: boolean; readonly cwd: string; readonly stdout: ProgressOutput; readonly stderr: ProgressOutput },
): number {
  const roleArn = options.roleArn ?? loaded.config.class.workflowRoleArn;
  const problems = workflowProblems(loaded, roleArn);
  const out = path.resolve(options.cwd, options.out);
  const projectPath = path.relative(out, options.cwd) || '.';
  if (projectPath.startsWith('..') || path.isAbsolute(projectPath)) problems.push(`--out (${options.out}) must be the repository root, a folder containing the project ${options.cwd}`);
  const configFile = loaded.source.file === undefined ? undefined : path.resolve(options.cwd, loaded.source.file);
  if (configFile !== undefined && path.relative(out, configFile).startsWith('..')) problems.push(`the configuration file ${configFile} must be inside the repository (${out})`);
  else if (configFile !== undefined && ignoredByGit(configFile, out)) {
    problems.push(
      `the configuration file ${path.relative(out, configFile)} is ignored by git (lab.yaml is, on purpose: it is a laptop's), so the jobs' checkout would not have it: ` +
        'keep the class in a file of its own, e.g. LAB_CONFIG=classes/<name>.yaml npm run class -- workflow --out <repository root>',
    );
  }
  if (problems.length > 0) {
    options.stderr.write(`class: cannot write the workflows:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return OperationExitCode.CANNOT_ASK;
  }
  const files = classWorkflows(loaded.plan, {
    roleArn: roleArn as string,
    projectPath: projectPath.split(path.sep).join('/'),
    configPath: path.relative(options.cwd, configFile as string).split(path.sep).join('/'),
  });
  if (options.check) {
    const stale = files.filter((f) => {
      const file = path.join(out, f.path);
      return !existsSync(file) || readFileSync(file, 'utf8') !== f.content;
    });
    if (stale.length > 0) {
      options.stderr.write(
        `class: ${stale.map((f) => f.path).join(', ')} ${stale.length === 1 ? 'does' : 'do'} not match the configuration: regenerate with npm run class -- workflow --out <repository root> and commit\n`,
      );
      return OperationExitCode.FINDINGS;
    }
    options.stdout.write(`the workflows match the configuration (${files.map((f) => f.path).join(', ')})\n`);
    return OperationExitCode.OK;
  }
  for (const file of files) {
    const target = path.join(out, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  const ids = loaded.plan.labs.length;
  const batches = participantBatches(
    loaded.plan.labs.map((l) => l.participant?.id as string),
    loaded.config.class.workflowMaxParallel,
  );
  const size = Math.ceil(ids / batches.length);
  const lines = [
    ...files.map((f) => `wrote ${path.join(out, f.path)}`),
    `${ids} participants in ${batches.length} batch${batches.length === 1 ? '' : 'es'} of up to ${size} (at most ${MAX_MATRIX_JOBS} per matrix), ${loaded.config.class.workflowMaxParallel} jobs at once, each job ${size} participants at once`,
    `commit them with ${path.relative(out, configFile as string)} (the jobs read it through LAB_CONFIG); one-time setup: docs/running-a-class.md#github-actions`,
  ];
  if (size > loaded.config.class.parallel) {
    lines.push(`WARNING: a batch of ${size} is more than class.parallel (${loaded.config.class.parallel}): each job works in waves and may outlive its 1-hour credentials; raise class.workflowMaxParallel or class.parallel`);
  }
  options.stdout.write(`${lines.join('\n')}\n`);
  return OperationExitCode.OK;
}
