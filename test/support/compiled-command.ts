import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');

/** What a command's process sees of AWS with no credentials anywhere and instance metadata off: nothing goes to the network. */
export function envWithoutAwsCredentials(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CompiledCommand {
  /** The command's working folder and HOME, empty at the start of the file: a test writes its lab.yaml here. */
  readonly home: string;
  /** Runs the command in {@link home} with {@link envWithoutAwsCredentials} and `env` on top. */
  run(args: readonly string[], env?: Readonly<Record<string, string>>): CommandResult;
}

/**
 * The real entry point `scripts/<name>.ts` with the real SDK clients, compiled as scripts/build.mjs
 * compiles it, for the test file that calls this (it registers its own beforeAll and afterAll). The
 * output stays in node_modules/.cache, where it resolves the project's packages, away from the
 * shared dist/ other commands rebuild.
 */
export function compiledCommand(name: string): CompiledCommand {
  let outDir = '';
  let cli = '';
  let home = '';
  beforeAll(() => {
    // A fresh `npm ci` leaves no node_modules/.cache until something writes there.
    const cache = path.join(ROOT, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    outDir = mkdtempSync(path.join(cache, `${name}-cli-`));
    cli = path.join(outDir, `${name}.js`);
    buildSync({
      absWorkingDir: ROOT,
      entryPoints: [`scripts/${name}.ts`],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: cli,
      logLevel: 'warning',
    });
    home = mkdtempSync(path.join(tmpdir(), `${name}-home-`));
  });
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });
  return {
    get home() {
      return home;
    },
    run(args, env = {}) {
      const result = spawnSync(process.execPath, [cli, ...args], { cwd: home, encoding: 'utf8', env: { ...envWithoutAwsCredentials(home), ...env } });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
  };
}
