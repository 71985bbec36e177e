import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { backoffSeconds, isRetryable } from './retryable-errors';
import { runTerraform, TerraformResult } from './terraform-cli';

/**
 * Providers installed once per run and shared read-only by every stack, so `terraform init` runs in
 * every stack at once without the race of a shared plugin cache.
 *
 * Terraform's plugin cache is not safe for concurrent inits: two inits that install the same provider
 * write the same cache file (https://github.com/hashicorp/terraform/issues/31964), which is why
 * cdktf-cli runs `terraform init` one stack after another ("to prohibit text file busy errors for the
 * cache files", `initializeStacksToRunInSerial` in @cdktf/cli-core's cdktf-project.ts). Here one
 * "seed" init per provider fills a cache folder (`TF_PLUGIN_CACHE_DIR`, with the user's own CLI
 * configuration, so their mirrors and credentials apply); the seeds run at once, each writing only its
 * own provider's folder. That
 * folder has the layout of an unpacked filesystem mirror; every stack's init then installs from it as
 * its only source (a CLI configuration of ours) and writes nothing there: Terraform links a provider
 * from a local directory into the stack's `.terraform` instead of copying it, so all stacks share one
 * copy on disk and the provider binary's pages in memory. Each stack starts from the seed's lock file,
 * so every stack uses the version the seed resolved and checks its hash.
 */

/** The providers a stack requires, after its override files: `name -> { source, version }`. */
export type RequiredProviders = Readonly<Record<string, unknown>>;

/** The `terraform.required_providers` of a Terraform JSON file, or {}. */
function requiredProvidersIn(file: string): Record<string, unknown> {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { terraform?: { required_providers?: Record<string, unknown> } };
  return { ...(json.terraform?.required_providers ?? {}) };
}

/**
 * The providers a synthesized stack requires, as Terraform would merge them: `cdk.tf.json`, then its
 * override files (`override.tf.json`, `*_override.tf.json`), each provider's entry replaced by the
 * override's.
 *
 * @see https://developer.hashicorp.com/terraform/language/files/override
 */
export function stackRequiredProviders(stackDir: string): RequiredProviders {
  const result = requiredProvidersIn(path.join(stackDir, 'cdk.tf.json'));
  const overrides = readdirSync(stackDir)
    .filter((f) => f === 'override.tf.json' || f.endsWith('_override.tf.json'))
    .sort();
  for (const file of overrides) Object.assign(result, requiredProvidersIn(path.join(stackDir, file)));
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
}

/** What {@link installProviders} prepared. */
export interface InstalledProviders {
  /** The CLI configuration every stack's terraform runs with: the shared folder as its only source. */
  readonly cliConfig: string;
  /** The folder holding the providers (an unpacked filesystem mirror). */
  readonly providerDir: string;
  /** The lock file for a stack's providers. */
  lockFileFor(stackDir: string): string;
  /** How many seed inits ran (one per provider). */
  readonly seeds: number;
  /** Their wall seconds (they run at once). */
  readonly seconds: number;
}

/** Thrown when a seed init fails: no stack can be initialized. */
export class ProviderInstallError extends Error {
  constructor(
    message: string,
    /** The seed's last output lines. */
    public readonly lines: readonly string[],
    /** Its log file. */
    public readonly logFile: string,
  ) {
    super(message);
    this.name = 'ProviderInstallError';
  }
}

/** A provider's identity for the cache: its source (Terraform's default namespace when unqualified) and version. */
function providerKey(name: string, entry: unknown): string {
  const spec = (typeof entry === 'object' && entry !== null ? entry : {}) as { source?: string; version?: string };
  const source = spec.source ?? `hashicorp/${name}`;
  return `${source.split('/').length === 1 ? `hashicorp/${source}` : source}@${spec.version ?? '*'}`;
}

/**
 * Installs the providers of `stackDirs` into `<workDir>/providers`: one seed init per distinct
 * provider (source and version), all at once, since no two of them write the same folder of the
 * cache; then writes the CLI configuration that makes every stack install from there only.
 *
 * @param env the environment of the seed inits: the user's, with their CLI configuration
 */
export async function installProviders(options: {
  readonly terraform: string;
  readonly stackDirs: readonly string[];
  readonly workDir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly logFile: string;
  /** Attempts of a seed init that fails with a transient error only. @default 1 */
  readonly attempts?: number;
  /** Waits between attempts. @default - none */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Seconds before a second attempt. @default 30 */
  readonly retryBaseSeconds?: number;
  /** Random in [0, 1), for the backoff's jitter. @default Math.random */
  readonly random?: () => number;
}): Promise<InstalledProviders> {
  const providerDir = path.join(options.workDir, 'providers');
  mkdirSync(providerDir, { recursive: true });
  const seeds = new Map<string, { readonly name: string; readonly entry: unknown }>();
  const keysOf = new Map<string, string[]>();
  for (const dir of options.stackDirs) {
    const required = stackRequiredProviders(dir);
    const keys = Object.entries(required).map(([name, entry]) => {
      const key = providerKey(name, entry);
      if (!seeds.has(key)) seeds.set(key, { name, entry });
      return key;
    });
    keysOf.set(dir, keys);
  }
  const started = Date.now();
  const ordered = [...seeds.entries()].sort(([a], [b]) => a.localeCompare(b));
  const results = await Promise.all(
    ordered.map(async ([key, { name, entry }], index) => {
      const seedDir = path.join(options.workDir, 'provider-seeds', String(index));
      mkdirSync(seedDir, { recursive: true });
      writeFileSync(path.join(seedDir, 'main.tf.json'), `${JSON.stringify({ terraform: { required_providers: { [name]: entry } } }, null, 2)}\n`);
      let result: TerraformResult;
      for (let attempt = 1; ; attempt++) {
        result = await runTerraform({
          terraform: options.terraform,
          args: ['init', '-input=false', '-no-color', '-backend=false'],
          cwd: seedDir,
          env: { ...options.env, TF_PLUGIN_CACHE_DIR: providerDir },
          logFile: options.logFile,
        });
        // A registry that did not answer, or a download cut off, is worth another try (as a stack's steps).
        if (result.code === 0 || attempt >= (options.attempts ?? 1) || !isRetryable(result.output)) break;
        await options.sleep?.(backoffSeconds(attempt + 1, options.retryBaseSeconds ?? 30, options.random) * 1000);
      }
      const lockFile = path.join(seedDir, '.terraform.lock.hcl');
      return { key, result, lock: result.code === 0 && existsSync(lockFile) ? readFileSync(lockFile, 'utf8') : '' };
    }),
  );
  const failed = results.find((r) => r.result.code !== 0);
  if (failed !== undefined) {
    throw new ProviderInstallError(
      `terraform init could not install the provider ${failed.key} (see ${options.logFile})`,
      failed.result.output.filter((l) => l.trim() !== '').slice(-8),
      options.logFile,
    );
  }
  // Each seed's lock file holds one provider block; a stack's lock file is the blocks of its providers.
  const blocks = new Map(results.map((r) => [r.key, r.lock.replace(/^#.*\n/gm, '').trim()]));
  const locks = new Map<string, string>();
  for (const [dir, keys] of keysOf) {
    const body = keys
      .map((key) => blocks.get(key) ?? '')
      .filter(Boolean)
      .join('\n\n');
    locks.set(dir, body === '' ? '' : `# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n\n${body}\n`);
  }
  const seconds = (Date.now() - started) / 1000;
  const cliConfig = path.join(options.workDir, 'providers.tfrc');
  writeFileSync(
    cliConfig,
    [
      '# Written by npm run class: every stack installs its providers from the folder the seed inits filled, and from nowhere else.',
      'provider_installation {',
      '  filesystem_mirror {',
      `    path = ${JSON.stringify(providerDir)}`,
      '  }',
      '  direct {',
      '    exclude = ["*/*/*"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return {
    cliConfig,
    providerDir,
    lockFileFor: (stackDir) => locks.get(stackDir) ?? '',
    seeds: seeds.size,
    seconds,
  };
}
