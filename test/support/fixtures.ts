import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LabConfig } from '../../lib/config/lab-config';
import { LabConfigError, parseLabConfig } from '../../lib/config/load-lab-config';
import type { LabPlan } from '../../lib/plan/lab-plan';
import { resolveLab } from '../../lib/plan/resolve-lab';

/** A resource block of synthesized Terraform JSON. */
export type TfBlock = Record<string, unknown> & {
  depends_on?: string[];
  lifecycle?: Record<string, unknown>;
};

/** Synthesized Terraform JSON of one stack. */
export interface StackJson {
  readonly terraform: Record<string, unknown>;
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly resource: Record<string, Record<string, TfBlock>>;
  readonly data?: Record<string, Record<string, TfBlock>>;
  readonly output: Record<string, { value: unknown; description?: string }>;
}

/** The problems `input` is rejected with, by the loader or by the plan; fails if it is accepted. */
export function configProblems(input: unknown): readonly string[] {
  try {
    resolveLab(parseLabConfig(input));
  } catch (error) {
    if (error instanceof LabConfigError) return error.problems;
    throw error;
  }
  throw new Error('configuration was accepted');
}

/** A valid configuration: the defaults with `overrides` applied (validated like a real one, its plan included). */
export function labConfig(overrides: Record<string, unknown> = {}): LabConfig {
  const config = parseLabConfig(overrides);
  resolveLab(config);
  return config;
}

/** The plan of a valid configuration: the defaults with `overrides` applied. */
export function labPlan(overrides: Record<string, unknown> = {}): LabPlan {
  return resolveLab(parseLabConfig(overrides));
}

/** The plan of `config`. */
export function planOf(config: LabConfig): LabPlan {
  return resolveLab(config);
}

/**
 * Synthesizes the lab's stacks for `config` as `cdktf synth` does (a whole-app synth, which turns
 * cross-stack references into remote state and outputs) and returns them as parsed JSON, by stack name.
 */
export function synthLab(config: LabConfig = labConfig()): Record<string, StackJson> {
  return JSON.parse(synthCached(config).stacks) as Record<string, StackJson>;
}

/** The stacks each stack depends on, as cdktf records them in `manifest.json` (what cdktf-cli orders by). */
export function stackDependencies(config: LabConfig = labConfig()): Record<string, string[]> {
  return synthCached(config).dependencies;
}

interface Synthesized {
  readonly stacks: string;
  readonly dependencies: Record<string, string[]>;
}

// Synthesis is the slow part of most tests, and the same configuration always gives the same JSON
// (test/safety/deterministic-synth.integration.test.ts proves it). Results are kept in memory for the test file and
// on disk for every other test file and worker of the run, keyed by the configuration and the
// contents of lib/ and package-lock.json, so a changed construct or dependency is synthesized afresh.
const synthCache = new Map<string, Synthesized>();

const ROOT = path.resolve(__dirname, '..', '..');
const DISK_CACHE = path.join(ROOT, 'node_modules', '.cache', 'lab-synth');
let sourceFingerprint: string | undefined;

/** A hash of everything a synth's output depends on besides the configuration. */
function fingerprint(): string {
  if (sourceFingerprint === undefined) {
    const hash = createHash('sha256');
    const files = readdirSync(path.join(ROOT, 'lib'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    for (const file of [...files, path.join(ROOT, 'package-lock.json')]) hash.update(file).update(readFileSync(file));
    sourceFingerprint = hash.digest('hex');
  }
  return sourceFingerprint;
}

function synthCached(config: LabConfig): Synthesized {
  const key = createHash('sha256').update(fingerprint()).update(JSON.stringify(config)).digest('hex');
  let cached = synthCache.get(key);
  if (cached) return cached;
  const file = path.join(DISK_CACHE, `${key}.json`);
  try {
    cached = JSON.parse(readFileSync(file, 'utf8')) as Synthesized;
  } catch {
    cached = synthLabUncached(config);
    mkdirSync(DISK_CACHE, { recursive: true });
    // Through a temporary file and a rename: another worker may read it at the same time.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(cached));
    renameSync(temporary, file);
  }
  synthCache.set(key, cached);
  return cached;
}

function synthLabUncached(config: LabConfig): Synthesized {
  // Loaded only here: a test file whose synths are all cached never loads cdktf and the providers.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { Testing } = require('cdktf') as typeof import('cdktf');
  const { allStacks, synthLabApp } = require('../../lib/lab-app') as typeof import('../../lib/lab-app');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const outdir = mkdtempSync(path.join(tmpdir(), 'lab-synth-'));
  try {
    // As main.ts does it (synthLabApp), so tests see exactly what `cdktf synth` writes.
    const stacks = allStacks(synthLabApp(Testing.app({ outdir }), resolveLab(config)));
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    return {
      stacks: JSON.stringify(
        Object.fromEntries(
          stacks.map((stack) => [stack.node.id, JSON.parse(readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'))]),
        ),
      ),
      dependencies: Object.fromEntries(Object.entries(manifest.stacks).map(([id, m]) => [id, m.dependencies])),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The cluster stack of `config`, synthesized. */
export function synthClusterStack(config: LabConfig = labConfig()): StackJson {
  return synthLab(config)[`${config.labName}-cluster`];
}

/** All resources of one Terraform type, by logical id. */
export function resourcesOf(stack: StackJson, type: string): Record<string, TfBlock> {
  return stack.resource[type] ?? {};
}

/** The only resource of `type` that matches `where`; fails if there is not exactly one. */
export function oneResource(stack: StackJson, type: string, where: (r: TfBlock) => boolean = () => true): [string, TfBlock] {
  const matches = Object.entries(resourcesOf(stack, type)).filter(([, r]) => where(r));
  if (matches.length !== 1) {
    throw new Error(`expected exactly one ${type} matching, found ${matches.length}: ${matches.map(([id]) => id).join(', ')}`);
  }
  return matches[0];
}

/** The `type.id` addresses a resource's `depends_on` names. */
export function dependsOn(block: TfBlock): string[] {
  return block.depends_on ?? [];
}

/** The logical id of the add-on with this EKS name. */
export function addonAddress(stack: StackJson, addonName: string): string {
  const [id] = oneResource(stack, 'aws_eks_addon', (r) => r.addon_name === addonName);
  return `aws_eks_addon.${id}`;
}

/** AWS resource types whose name is unique per account (IAM) or per region, and the attribute holding it. */
export const UNIQUE_NAME_ATTRIBUTES: Readonly<Record<string, string>> = {
  aws_eks_cluster: 'name',
  aws_iam_role: 'name',
  aws_iam_policy: 'name',
  aws_iam_instance_profile: 'name',
  aws_cloudwatch_log_group: 'name',
  aws_kms_alias: 'name',
  aws_launch_template: 'name',
  aws_security_group: 'name',
  aws_secretsmanager_secret: 'name',
  aws_s3_bucket: 'bucket',
  aws_budgets_budget: 'name', // unique per account, in every region
};

/** Every account- or region-unique name in `stack`, with its resource type. */
export function uniqueNames(stack: StackJson): Array<{ readonly type: string; readonly name: string }> {
  return Object.entries(UNIQUE_NAME_ATTRIBUTES).flatMap(([type, attribute]) =>
    Object.values(resourcesOf(stack, type)).map((r) => ({ type, name: String(r[attribute]) })),
  );
}

/** Account id of the fixtures' principals. */
export const FIXTURE_ACCOUNT = '123456789012';

/** The instructor of the fixture classes. */
export const INSTRUCTOR_ARN = `arn:aws:iam::${FIXTURE_ACCOUNT}:role/Instructor`;

/** The id of the `i`-th (0-based) participant of a fixture class: p01, p02, ... */
export function participantId(i: number): string {
  return `p${String(i + 1).padStart(2, '0')}`;
}

/** A valid class configuration of `participants` participants (ids p01.., one role each), plus `overrides`. */
export function classConfig(participants: number, overrides: Record<string, unknown> = {}): LabConfig {
  return labConfig({
    expiresOn: '2026-12-31',
    ...overrides,
    roster: {
      instructorPrincipalArns: [INSTRUCTOR_ARN],
      participants: Array.from({ length: participants }, (_, i) => ({
        id: participantId(i),
        principalArn: `arn:aws:iam::${FIXTURE_ACCOUNT}:role/participant-${participantId(i)}`,
      })),
      ...(overrides.roster as Record<string, unknown> | undefined),
    },
  });
}

/** The role of the IAM Identity Center permission set the fixture classes share. */
export const PERMISSION_SET_ROLE_ARN = `arn:aws:iam::${FIXTURE_ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Learner_0123456789abcdef`;

/**
 * A class of three: p01 with an IAM role of their own, p02 and p03 IAM Identity Center users of the one
 * permission set `Learner` (p02@example.com, p03@example.com), plus `overrides`.
 */
export function ssoClassConfig(overrides: Record<string, unknown> = {}): LabConfig {
  return classConfig(3, {
    ...overrides,
    roster: {
      participants: [
        { id: 'p01', principalArn: `arn:aws:iam::${FIXTURE_ACCOUNT}:role/participant-p01` },
        ...['p02', 'p03'].map((id) => ({ id, ssoUser: { permissionSetRoleArn: PERMISSION_SET_ROLE_ARN, userName: `${id}@example.com` } })),
      ],
      ...(overrides.roster as Record<string, unknown> | undefined),
    },
  });
}
