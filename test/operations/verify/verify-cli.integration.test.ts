import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The real entry point, scripts/verify.ts, with the real SDK clients, compiled like scripts/build.mjs
 * does (kept in node_modules so it resolves the project's packages, away from the shared dist/).
 */
describe('scripts/verify.ts (the compiled command, real SDK, no AWS reachable)', () => {
  jest.setTimeout(30_000);
  let outDir: string;
  let cli: string;
  let home: string;

  beforeAll(() => {
    mkdirSync(path.join(ROOT, 'node_modules', '.cache'), { recursive: true });
    outDir = mkdtempSync(path.join(ROOT, 'node_modules', '.cache', 'verify-cli-'));
    cli = path.join(outDir, 'verify.js');
    buildSync({
      absWorkingDir: ROOT,
      entryPoints: ['scripts/verify.ts'],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: cli,
      logLevel: 'warning',
    });
    home = mkdtempSync(path.join(tmpdir(), 'verify-home-'));
  });

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  /** Runs the command with no AWS credentials anywhere and instance metadata off, so nothing goes to the network. */
  function run(args: string[]) {
    const result = spawnSync(process.execPath, [cli, ...args], {
      cwd: home,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        AWS_CONFIG_FILE: path.join(home, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  test('--help: exit 0 with the usage', () => {
    const result = run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run verify -- \[--participant <id>\] \[--timeout <seconds>\] \[--json\]/);
  });

  test('no AWS credentials: exit 2 and the SDK error, not a crash or a report', () => {
    const result = run([]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Cannot verify the labs: lab eks-workshop in us-west-2: \S+ failed: CredentialsProviderError: Could not load credentials/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(2);
  });
});
