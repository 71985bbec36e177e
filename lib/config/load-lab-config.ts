import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { AWS_REGIONS } from './aws-regions';
import { cdktfJsonLabContext, CONFIG_ENV_VARS, ConfigSource, configFile, DEFAULT_CONFIG_FILE, envLayer, isPlainObject, Layer, mergeLayers } from './config-sources';
import { configWarnings, regionEnvWarnings } from './config-warnings';
import { crossFieldProblems } from './cross-field-rules';
import { describeIssue, show } from './describe-issue';
import { kubernetesVersionProblems } from './eks-kubernetes-versions';
import { LabConfig, resolveLabConfig } from './lab-config';
import { labConfigSchema } from './lab-config-schema';
import { describeRejection, LabConfigError } from './lab-config-error';

export { cdktfJsonLabContext, CONFIG_ENV_VARS, DEFAULT_CONFIG_FILE, describeRejection, LabConfigError };
export type { ConfigSource };

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
  try {
    return loadFrom(env, cwd, options);
  } catch (error) {
    if (!(error instanceof LabConfigError)) throw error;
    throw error.from(describeAttemptedSource(env, cwd, options.context));
  }
}

/** Where the loader read from, as far as it got: for the line of a rejected configuration. */
function describeAttemptedSource(env: Readonly<Record<string, string | undefined>>, cwd: string, context: unknown): string {
  const named = env[CONFIG_ENV_VARS.file];
  const file: Pick<ConfigSource, 'file' | 'fileOrigin'> =
    named !== undefined && named !== ''
      ? { file: named, fileOrigin: 'LAB_CONFIG' }
      : existsSync(path.join(cwd, DEFAULT_CONFIG_FILE))
        ? { file: DEFAULT_CONFIG_FILE, fileOrigin: 'default' }
        : {};
  return describeSource({
    ...file,
    context: isPlainObject(context) && Object.keys(context).length > 0,
    environment: envLayer(env).variables,
  });
}

function loadFrom(env: Readonly<Record<string, string | undefined>>, cwd: string, options: LoadLabConfigOptions): LoadedLabConfig {
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
  const from = describeSource(source);
  const participants = config.roster?.participants.length;
  const what = participants === undefined ? 'single lab' : `class of ${participants} participant${participants === 1 ? '' : 's'}`;
  const regionName = AWS_REGIONS[config.region] === undefined ? '' : ` [${AWS_REGIONS[config.region]}]`;
  return `configuration: ${from}: lab ${config.labName}, region ${config.region}${regionName}, ${what}`;
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

/** Which sources a configuration came from, as the `configuration:` line names them. */
export function describeSource(source: ConfigSource): string {
  return [
    source.file === undefined
      ? `built-in defaults (no ${DEFAULT_CONFIG_FILE}, no ${CONFIG_ENV_VARS.file})`
      : source.fileOrigin === 'LAB_CONFIG'
        ? `${source.file} (from ${CONFIG_ENV_VARS.file}${source.ignoredDefaultFile ? `; ${source.ignoredDefaultFile} not read` : ''})`
        : source.file,
    ...(source.context ? ['cdktf.json context "lab"'] : []),
    ...source.environment.map((variable) => `${variable} from the environment`),
  ].join(' + ');
}
