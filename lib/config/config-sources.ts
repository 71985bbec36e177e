import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LabConfigError } from './lab-config-error';
import { show } from './describe-issue';

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

/** One source's fields, before they are merged. */
export type Layer = Record<string, unknown>;

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
export function configFile(
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
  let parsed: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both. Loaded only when a file is given:
    // it is a tenth of a synth's start-up time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require('yaml') as typeof import('yaml');
    parsed = parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    throw new LabConfigError([`${label} must be valid JSON or YAML: ${firstLineOf(error)}`]);
  }
  if (parsed === null || parsed === undefined) {
    // An empty file (or comments only) would build the defaults without a word: us-west-2, open to 0.0.0.0/0.
    throw new LabConfigError([
      `${label} is empty (no configuration fields): copy lab.example.yaml (a single lab) or class.example.yaml (a class) into it and edit it, ` +
        'or delete it to use the built-in defaults',
    ]);
  }
  return parsed;
}

/**
 * The first line of an error's message. Not `instanceof Error`: errors from Node's fs come from
 * another realm under Jest's VM contexts, and would print as `Error: ...`.
 */
function firstLineOf(error: unknown): string {
  const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  return message.split('\n')[0];
}

export function envLayer(env: Readonly<Record<string, string | undefined>>): { readonly layer: Layer; readonly variables: string[] } {
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
export function mergeLayers(lower: Layer, higher: Layer): Layer {
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

/** Whether `value` is an object of fields (not null, not a list). */
export function isPlainObject(value: unknown): value is Layer {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

