import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { CostEstimateError, estimateLabCost } from '../cost/estimate-lab-cost';
import { partitionOf } from '../iam/partition';
import { AWS_REGIONS } from './aws-regions';
import { didYouMean } from './did-you-mean';
import { kubernetesVersionProblems, kubernetesVersionWarning } from './eks-kubernetes-versions';
import { cidrsOverlap, parseIpv4Cidr } from '../network/ipv4-cidr';
import { largestThatFits, privateSubnetFit } from '../network/address-plan';
import { PREFIX_RESERVED_EIGHTHS, PRIVATE_SUBNET_NEW_BITS, SubnetLayoutKind } from '../network/subnet-layout';
import {
  LabConfig,
  labConfigSchema,
  MAX_CLUSTER_NAME_LENGTH,
  resolveLabConfig,
  RosterConfig,
  StateBackend,
} from './lab-config';

/** Thrown when the configuration is invalid; `problems` has one sentence per problem. */
export class LabConfigError extends Error {
  /** One message per problem, each naming the field, the value and the rule. */
  public readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid lab configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'LabConfigError';
    this.problems = problems;
  }
}

/** Environment variables the loader reads, highest precedence of all sources. */
export const CONFIG_ENV_VARS = {
  /** Path of a JSON or YAML configuration file, read instead of {@link DEFAULT_CONFIG_FILE}. */
  file: 'LAB_CONFIG',
  /** Overrides `labName`. */
  labName: 'LAB_NAME',
  /** Overrides `kubernetesVersion`. */
  kubernetesVersion: 'LAB_KUBERNETES_VERSION',
  /** Overrides `adminPrincipalArns` (comma-separated). */
  adminPrincipalArns: 'LAB_ADMIN_PRINCIPAL_ARNS',
  /** Overrides `expiresOn`. */
  expiresOn: 'LAB_EXPIRES_ON',
} as const;

/**
 * The configuration file read when `LAB_CONFIG` is not set, in the project folder (git-ignored;
 * `lab.example.yaml` is the committed example). A fixed place, so every command of a class (synth,
 * deploy, destroy, roster, estimate, preflight, leftovers) reads the same file without a variable that
 * one shell has and another lacks.
 */
export const DEFAULT_CONFIG_FILE = 'lab.yaml';

/**
 * Region variables of the AWS SDK and CLI. They never choose the lab's region: every command and the
 * stacks pass the configured region explicitly, so a shell's default region cannot move a class (or
 * make `destroy` look in the wrong region). When they name another region, the loader says so.
 */
const AWS_REGION_ENV_VARS = ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const;

/** Which sources a loaded configuration came from. */
export interface ConfigSource {
  /**
   * The configuration file that was read, as given (LAB_CONFIG) or {@link DEFAULT_CONFIG_FILE}.
   * @default - none: no LAB_CONFIG and no lab.yaml
   */
  readonly file?: string;
  /** Why that file: named by LAB_CONFIG, or the project's lab.yaml. @default - no file */
  readonly fileOrigin?: 'LAB_CONFIG' | 'default';
  /** A lab.yaml that exists but was not read because LAB_CONFIG names another file. @default - none */
  readonly ignoredDefaultFile?: string;
  /** Whether cdktf.json's context `lab` set any field. */
  readonly context: boolean;
  /** The environment variables that set fields, e.g. `LAB_NAME`. */
  readonly environment: readonly string[];
}

/** Where the loader reads from. */
export interface LoadLabConfigOptions {
  /** The `lab` object of `cdktf.json`'s `context`. @default - none */
  readonly context?: unknown;
  /** Environment to read `LAB_CONFIG`, `AWS_REGION`, ... from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory a relative `LAB_CONFIG` path is resolved against. @default process.cwd() */
  readonly cwd?: string;
  /** The date support warnings are computed for. @default - now */
  readonly today?: Date;
}

/** A loaded configuration and the warnings the instructor should see. */
export interface LoadedLabConfig {
  /** The validated configuration with every default resolved. */
  readonly config: LabConfig;
  /** Non-fatal findings (e.g. a Kubernetes version near the end of standard support). */
  readonly warnings: readonly string[];
  /** Where the configuration came from. */
  readonly source: ConfigSource;
}

type Layer = Record<string, unknown>;

/**
 * Reads the lab configuration from, lowest to highest precedence: built-in defaults, the `lab`
 * context of `cdktf.json`, the JSON or YAML file named by `LAB_CONFIG` (else `lab.yaml` in the project
 * folder, when it exists), then the `LAB_*` environment variables.
 *
 * @throws LabConfigError listing every problem, before anything is synthesized.
 */
export function loadLabConfig(options: LoadLabConfigOptions = {}): LoadedLabConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = configFile(env, cwd);
  const environment = envLayer(env);
  const context = options.context ?? {};
  const layers: Array<[string, unknown]> = [
    ['cdktf.json context "lab"', context],
    [file.label, file.layer],
    ['environment', environment.layer],
  ];
  const problems: string[] = [];
  let merged: Layer = {};
  for (const [source, layer] of layers) {
    if (!isPlainObject(layer)) {
      problems.push(`${source} (${show(layer)}) must be an object of configuration fields`);
      continue;
    }
    merged = mergeLayers(merged, layer);
  }
  if (problems.length > 0) throw new LabConfigError(problems);

  const today = options.today ?? new Date();
  const config = parseLabConfig(merged, today);
  const source: ConfigSource = {
    ...file.source,
    context: isPlainObject(context) && Object.keys(context).length > 0,
    environment: environment.variables,
  };
  const budgetSet = isPlainObject(merged.budget) && merged.budget.enabled !== undefined;
  return { config, warnings: [...configWarnings(config, today, budgetSet), ...regionEnvWarnings(config, source, env)], source };
}

/**
 * One line saying which configuration a command uses and what it describes, e.g.
 * `configuration: lab.yaml: lab k8s-nov, region us-west-2 [US West (Oregon)], class of 30 participants`.
 */
export function describeConfiguration(loaded: Pick<LoadedLabConfig, 'config' | 'source'>): string {
  const { config, source } = loaded;
  const from = [
    source.file === undefined
      ? `built-in defaults (no ${DEFAULT_CONFIG_FILE}, no ${CONFIG_ENV_VARS.file})`
      : source.fileOrigin === 'LAB_CONFIG'
        ? `${source.file} (from ${CONFIG_ENV_VARS.file}${source.ignoredDefaultFile ? `; ${source.ignoredDefaultFile} not read` : ''})`
        : source.file,
    ...(source.context ? ['cdktf.json context "lab"'] : []),
    ...source.environment.map((variable) => `${variable} from the environment`),
  ].join(' + ');
  const participants = config.roster?.participants.length;
  const what = participants === undefined ? 'single lab' : `class of ${participants} participant${participants === 1 ? '' : 's'}`;
  const regionName = AWS_REGIONS[config.region] === undefined ? '' : ` [${AWS_REGIONS[config.region]}]`;
  return `configuration: ${from}: lab ${config.labName}, region ${config.region}${regionName}, ${what}`;
}

/** AWS_REGION / AWS_DEFAULT_REGION naming another region than the lab's: said, never followed. */
function regionEnvWarnings(config: LabConfig, source: ConfigSource, env: Readonly<Record<string, string | undefined>>): string[] {
  const where = source.file === undefined ? 'the default; set region in lab.yaml to change it' : `from ${source.file}`;
  return AWS_REGION_ENV_VARS.filter((name) => env[name] !== undefined && env[name] !== '' && env[name] !== config.region).map(
    (name) =>
      `${name} (${env[name]}) in the environment differs from the lab's region ${config.region} (${where}): the lab uses ${config.region}; ` +
      'every command passes it explicitly, so the environment\'s region is not used',
  );
}

/**
 * Validates one merged configuration object and resolves its defaults.
 *
 * @throws LabConfigError listing every problem.
 */
export function parseLabConfig(input: unknown, today: Date = new Date()): LabConfig {
  const parsed = labConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new LabConfigError(parsed.error.issues.flatMap((issue) => describeIssue(issue, input)));
  }
  const config = resolveLabConfig(parsed.data);
  const problems = [...crossFieldProblems(config), ...kubernetesVersionProblems(config.kubernetesVersion, today)];
  if (problems.length > 0) throw new LabConfigError(problems);
  return config;
}

/** Rules that relate two or more fields; they run once every field is valid on its own. */
function crossFieldProblems(config: LabConfig): string[] {
  const problems: string[] = [];
  const { minSize, desiredSize, maxSize } = config.nodeGroup;
  if (minSize > maxSize) {
    // One sentence: no desiredSize can satisfy both bounds until they are in order.
    problems.push(`nodeGroup.minSize (${minSize}) must be <= maxSize (${maxSize}), with desiredSize (${desiredSize}) between them`);
  } else {
    if (minSize > desiredSize) {
      problems.push(`nodeGroup.minSize (${minSize}) must be <= desiredSize (${desiredSize})`);
    }
    if (desiredSize > maxSize) {
      problems.push(`nodeGroup.desiredSize (${desiredSize}) must be <= maxSize (${maxSize})`);
    }
  }
  if (config.serviceCidr !== undefined) {
    const service = parseIpv4Cidr(config.serviceCidr);
    const vpc = parseIpv4Cidr(config.vpcCidr);
    if (typeof service !== 'string' && typeof vpc !== 'string' && cidrsOverlap(service, vpc)) {
      problems.push(
        `serviceCidr (${show(config.serviceCidr)}) must not overlap vpcCidr (${show(config.vpcCidr)}): ` +
          'Service cluster IPs would shadow addresses of the VPC, and EKS rejects the cluster',
      );
    }
  }
  if (config.availabilityZones.length === 0) {
    problems.push(
      `availabilityZones (missing) must be set for region ${config.region}: its zone names differ per account (aws ec2 describe-availability-zones)`,
    );
  }
  config.availabilityZones.forEach((az, i) => {
    if (!new RegExp(`^${config.region}[a-z]$`).test(az)) {
      problems.push(
        `availabilityZones[${i}] (${show(az)}) must be an availability zone of region ${config.region}, such as ${config.region}a`,
      );
    }
  });
  duplicates(config.availabilityZones).forEach((az) =>
    problems.push(`availabilityZones (${show(az)}) must not list the same zone twice`),
  );
  const partition = partitionOf(config.region);
  const principals: Array<[string, string]> = [
    ...config.adminPrincipalArns.map((arn, i): [string, string] => [`adminPrincipalArns[${i}]`, arn]),
    ...(config.roster?.instructorPrincipalArns ?? []).map((arn, i): [string, string] => [`roster.instructorPrincipalArns[${i}]`, arn]),
    ...(config.roster?.participants ?? []).map((p, i): [string, string] => [`roster.participants[${i}].principalArn`, p.principalArn]),
  ];
  const firstField = new Map<string, string>();
  for (const [field, arn] of principals) {
    if (arn.split(':')[1] !== partition) {
      problems.push(`${field} (${show(arn)}) must be in partition ${partition} of region ${config.region}`);
    }
    const earlier = firstField.get(arn);
    if (earlier === undefined) {
      firstField.set(arn, field);
    } else {
      // One cluster would get two access entries for it (EKS answers 409), or two participants
      // would reach each other's clusters.
      problems.push(`${field} (${show(arn)}) must not repeat ${earlier}: every principal may appear once`);
    }
  }
  if (config.state.backend === StateBackend.S3 && partitionOf(config.state.region) !== partition) {
    problems.push(`state.region (${show(config.state.region)}) must be in the same partition as region ${config.region}`);
  }
  problems.push(...budgetProblems(config));
  if (config.roster !== undefined) problems.push(...rosterProblems(config, config.roster));
  else problems.push(...addressProblems(config, SubnetLayoutKind.WORKSHOP, 'nodeGroup.maxSize', String(config.nodeGroup.maxSize)));
  return problems;
}

/**
 * Whether the labs' nodes fit their private subnets in the worst case (see lib/network/address-plan.ts):
 * the shared network for a class, the lab's own network otherwise.
 */
function addressProblems(config: LabConfig, layout: SubnetLayoutKind, field: string, value: string): string[] {
  const vpc = parseIpv4Cidr(config.vpcCidr);
  // Without zones (reported on its own) there are no subnets to fill.
  if (typeof vpc === 'string' || config.availabilityZones.length === 0) return [];
  const prefix = vpc.prefix + PRIVATE_SUBNET_NEW_BITS[layout];
  const subnet = { prefix, prefixReservedAddresses: (2 ** (32 - prefix) * PREFIX_RESERVED_EIGHTHS[layout]) / 8 };
  const clusters = config.roster?.participants.length ?? 1;
  const demand = (overrides: { clusters?: number; maxSize?: number }) => ({
    clusters: overrides.clusters ?? clusters,
    maxNodesPerCluster: overrides.maxSize ?? config.nodeGroup.maxSize,
    instanceTypes: config.nodeGroup.instanceTypes,
    zones: config.availabilityZones.length,
  });
  const fit = privateSubnetFit(demand({}), subnet);
  if (fit.fits) return [];
  // What would fit, so the fix is a number rather than arithmetic to redo by hand.
  const fitsWith = (overrides: { clusters?: number; maxSize?: number }) => privateSubnetFit(demand(overrides), subnet).fits;
  const maxSize = largestThatFits((size) => fitsWith({ maxSize: size }), config.nodeGroup.maxSize);
  const where = `the private subnets of ${config.vpcCidr} (/${prefix} each)`;
  const larger = vpc.prefix > 16 ? ', use a larger vpcCidr (up to /16)' : '';
  if (config.roster === undefined) {
    return [
      `${field} (${value}) must fit ${where} in the worst case: at most ${maxSize} nodes fit; lower nodeGroup.maxSize to ${maxSize}${larger} ` +
        `(${fit.explanation})`,
    ];
  }
  const participants = largestThatFits((n) => fitsWith({ clusters: n }), clusters);
  const withMaxSize = maxSize > 0 ? `, lower nodeGroup.maxSize to ${maxSize}` : '';
  return [
    `${field} (${value}) must fit ${where} in the worst case: at most ${participants} participants fit at nodeGroup.maxSize ${config.nodeGroup.maxSize}; ` +
      `remove ${clusters - participants}${withMaxSize}${larger}, or split the class into two labs (${fit.explanation})`,
  ];
}

/** Rules of the budget guard that relate it to other fields. */
function budgetProblems(config: LabConfig): string[] {
  const { budget } = config;
  if (!budget.enabled) return [];
  const problems: string[] = [];
  if (budget.alertEmails.length === 0) {
    problems.push('budget.alertEmails (missing) must list at least one address when budget.enabled is true: the budget alerts by e-mail');
  }
  // A roster requires expiresOn on its own (rosterProblems).
  if (config.expiresOn === undefined && config.roster === undefined) {
    problems.push('budget.enabled (true) needs expiresOn (missing): the budget watches what the lab still costs on the days after it');
  }
  try {
    estimateLabCost(config);
  } catch (error) {
    // The budget's daily limit is the estimate's figure: without a price there is no limit to set.
    if (!(error instanceof CostEstimateError)) throw error;
    problems.push(`budget.enabled (true) needs the estimate's daily cost: ${error.message}; or set budget.enabled: false`);
  }
  return problems;
}

/** Rules of a class roster: unique ids, names that fit, and the quotas and address space it relies on. */
function rosterProblems(config: LabConfig, roster: RosterConfig): string[] {
  const problems: string[] = [];
  const firstIndex = new Map<string, number>();
  roster.participants.forEach(({ id }, i) => {
    const earlier = firstIndex.get(id);
    if (earlier !== undefined) {
      problems.push(`roster.participants[${i}].id (${show(id)}) must be unique: roster.participants[${earlier}] has it too`);
      return;
    }
    firstIndex.set(id, i);
    const clusterName = `${config.labName}-${id}`;
    if (clusterName.length > MAX_CLUSTER_NAME_LENGTH) {
      problems.push(
        `roster.participants[${i}].id (${show(id)}) makes the cluster name ${clusterName} ${clusterName.length} characters long: ` +
          `labName and id together must be at most ${MAX_CLUSTER_NAME_LENGTH - 1} (IAM role names are limited to 64)`,
      );
    }
  });
  if (config.expiresOn === undefined) {
    problems.push(
      'expiresOn (missing) must be set when there is a roster: every resource of the class is tagged expires-on so forgotten labs can be found',
    );
  }
  const count = roster.participants.length;
  if (count > roster.eksClusterQuota) {
    problems.push(
      `roster.participants (${count} participants) must not exceed roster.eksClusterQuota (${roster.eksClusterQuota}) EKS clusters per region: ` +
        'request a higher quota in Service Quotas and raise eksClusterQuota, or split the class across regions',
    );
  }
  problems.push(...addressProblems(config, SubnetLayoutKind.SHARED, 'roster.participants', `${count} participants`));
  return problems;
}

/** @param budgetSet whether the configuration says `budget.enabled` itself (then no warning about the budget) */
function configWarnings(config: LabConfig, today: Date, budgetSet: boolean): string[] {
  const warnings: string[] = [];
  const versionWarning = kubernetesVersionWarning(config.kubernetesVersion, today, config.expiresOn);
  if (versionWarning) warnings.push(versionWarning);
  if (config.publicAccessCidrs.includes('0.0.0.0/0')) {
    warnings.push(
      'publicAccessCidrs includes 0.0.0.0/0: the API endpoint is reachable from the whole internet (IAM still guards it); list your classroom CIDRs to narrow it',
    );
  }
  if (config.roster !== undefined && !config.budget.enabled && !budgetSet) {
    warnings.push(
      'budget.alertEmails is empty, so the class has no budget guard (an AWS Budgets alert when it still costs money after expiresOn): ' +
        'list addresses in budget.alertEmails, or set budget.enabled: false to say so',
    );
  }
  if (config.expiresOn !== undefined && config.expiresOn < today.toISOString().slice(0, 10)) {
    warnings.push(`expiresOn (${config.expiresOn}) is in the past: the lab's resources will carry an expires-on tag that says they may be removed`);
  }
  return warnings;
}

/**
 * The `lab` object of the `context` in `<cwd>/cdktf.json`, for tools that run outside `cdktf synth`
 * (which hands the context to main.ts itself): `npm run roster`, `estimate` and `leftovers` then read
 * the same configuration the stacks were synthesized from.
 *
 * @returns undefined when there is no cdktf.json or it has no `lab` context
 * @throws LabConfigError when cdktf.json is not valid JSON
 */
export function cdktfJsonLabContext(cwd: string): unknown {
  const file = path.join(cwd, 'cdktf.json');
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LabConfigError([`cdktf.json (${file}) must be valid JSON: ${(error as Error).message}`]);
  }
  return (parsed as { context?: { lab?: unknown } } | null)?.context?.lab;
}

/** The configuration file to read: LAB_CONFIG's, else lab.yaml when it exists, else none. */
function configFile(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): { readonly label: string; readonly layer: unknown; readonly source: Pick<ConfigSource, 'file' | 'fileOrigin' | 'ignoredDefaultFile'> } {
  const named = env[CONFIG_ENV_VARS.file];
  const defaultExists = existsSync(path.join(cwd, DEFAULT_CONFIG_FILE));
  if (named !== undefined && named !== '') {
    const ignored = defaultExists && path.resolve(cwd, named) !== path.join(cwd, DEFAULT_CONFIG_FILE) ? { ignoredDefaultFile: DEFAULT_CONFIG_FILE } : {};
    return {
      label: `${CONFIG_ENV_VARS.file} file`,
      layer: readConfigFile(named, cwd, `${CONFIG_ENV_VARS.file} (${show(named)})`),
      source: { file: named, fileOrigin: 'LAB_CONFIG', ...ignored },
    };
  }
  if (!defaultExists) return { label: DEFAULT_CONFIG_FILE, layer: {}, source: {} };
  return {
    label: DEFAULT_CONFIG_FILE,
    layer: readConfigFile(DEFAULT_CONFIG_FILE, cwd, DEFAULT_CONFIG_FILE),
    source: { file: DEFAULT_CONFIG_FILE, fileOrigin: 'default' },
  };
}

/** The parsed content of `file`; `label` names it in errors (`LAB_CONFIG ("x.yaml")` or `lab.yaml`). */
function readConfigFile(file: string, cwd: string, label: string): unknown {
  const resolved = path.resolve(cwd, file);
  if (!existsSync(resolved)) {
    throw new LabConfigError([`${label} must name an existing file: ${resolved} does not exist`]);
  }
  let text: string;
  try {
    text = readFileSync(resolved, 'utf8');
  } catch (error) {
    // A directory (EISDIR) or a file we may not read (EACCES): say so instead of a stack trace.
    throw new LabConfigError([`${label} must name a readable file: ${firstLineOf(error)}`]);
  }
  try {
    // YAML is a superset of JSON, so one parser reads both. Loaded only when a file is given:
    // it is a tenth of a synth's start-up time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require('yaml') as typeof import('yaml');
    return parse(text, { prettyErrors: true, uniqueKeys: true }) ?? {};
  } catch (error) {
    throw new LabConfigError([`${label} must be valid JSON or YAML: ${firstLineOf(error)}`]);
  }
}

/**
 * The first line of an error's message. Not `instanceof Error`: errors from Node's fs come from
 * another realm under Jest's VM contexts, and would print as `Error: ...`.
 */
function firstLineOf(error: unknown): string {
  const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  return message.split('\n')[0];
}

function envLayer(env: Readonly<Record<string, string | undefined>>): { readonly layer: Layer; readonly variables: string[] } {
  const layer: Layer = {};
  const variables: string[] = [];
  const set = (field: string, variable: string, convert: (v: string) => unknown = (v) => v) => {
    const value = env[variable];
    if (value === undefined || value === '') return;
    layer[field] = convert(value);
    variables.push(variable);
  };
  set('labName', CONFIG_ENV_VARS.labName);
  set('kubernetesVersion', CONFIG_ENV_VARS.kubernetesVersion);
  set('expiresOn', CONFIG_ENV_VARS.expiresOn);
  set('adminPrincipalArns', CONFIG_ENV_VARS.adminPrincipalArns, (v) =>
    v.split(',').map((s) => s.trim()).filter((s) => s !== ''),
  );
  return { layer, variables };
}

/** Objects merge key by key; anything else (arrays included) is replaced by the higher layer. */
function mergeLayers(lower: Layer, higher: Layer): Layer {
  const out: Layer = { ...lower };
  for (const [key, value] of Object.entries(higher)) {
    const current = out[key];
    const merged = isPlainObject(current) && isPlainObject(value) ? mergeLayers(current, value) : value;
    // Defined, not assigned: assigning a "__proto__" key (JSON and YAML both allow one) would swap the
    // prototype and drop the key unchecked, instead of reporting it as an unknown field.
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function describeIssue(issue: z.ZodIssue, input: unknown): string[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownFieldsAt(issue.path);
    return issue.keys.map((key) => {
      const suggestion = didYouMean(key, known);
      return `${fieldName([...issue.path, key])}: unknown field (${suggestion ?? 'check its spelling against docs/configuration.md'})`;
    });
  }
  const field = fieldName(issue.path);
  const value = valueAt(input, issue.path);
  // zod calls Infinity a float; name it, so `.inf` is not reported as "a fraction".
  const received = typeof value === 'number' && !Number.isFinite(value) ? String(value) : undefined;
  const rule =
    issue.code === 'invalid_type' ? `must be ${typeName(issue.expected)}, not ${received ?? typeName(issue.received)}` : issue.message;
  return [`${field} (${show(value)}) ${rule}`];
}

/** The field names the schema allows at `issuePath` (array indices skipped), for "did you mean" hints. */
function knownFieldsAt(issuePath: readonly PropertyKey[]): string[] {
  let schema: z.ZodTypeAny = labConfigSchema;
  const unwrap = (s: z.ZodTypeAny): z.ZodTypeAny => {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional) return unwrap(s._def.innerType);
    if (s instanceof z.ZodEffects) return unwrap(s._def.schema);
    return s;
  };
  for (const part of issuePath) {
    schema = unwrap(schema);
    if (typeof part === 'number' && schema instanceof z.ZodArray) schema = schema.element;
    else if (typeof part === 'string' && schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodTypeAny>)[part];
    if (schema === undefined) return [];
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : [];
}

function typeName(type: string): string {
  const names: Record<string, string> = { integer: 'a whole number', float: 'a fraction', array: 'a list', object: 'an object', nan: 'NaN' };
  return names[type] ?? (type === 'undefined' || type === 'null' ? type : `a ${type}`);
}

function fieldName(issuePath: readonly PropertyKey[]): string {
  if (issuePath.length === 0) return '(configuration)';
  return issuePath
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function valueAt(input: unknown, issuePath: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const part of issuePath) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  // JSON.stringify writes null for these; YAML's .inf and .nan (or 1e400 in JSON) produce them.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isPlainObject(value: unknown): value is Layer {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}
