import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The real entry point, scripts/preflight.ts, with the real SDK clients, compiled like
 * scripts/build.mjs does (kept in node_modules so it resolves the project's packages, away from the
 * shared dist/ other commands rebuild).
 */
describe('scripts/preflight.ts (the compiled command, real SDK, no AWS reachable)', () => {
  jest.setTimeout(30_000);
  let outDir: string;
  let cli: string;
  let home: string;

  beforeAll(() => {
    const cache = path.join(ROOT, 'node_modules', '.cache');
    // jest may run before tsc has created the folder (its build info lives there).
    mkdirSync(cache, { recursive: true });
    outDir = mkdtempSync(path.join(cache, 'preflight-cli-'));
    cli = path.join(outDir, 'preflight.js');
    buildSync({
      absWorkingDir: ROOT,
      entryPoints: ['scripts/preflight.ts'],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: cli,
      logLevel: 'warning',
    });
    home = mkdtempSync(path.join(tmpdir(), 'preflight-home-'));
  });

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  /** Runs the command with no AWS credentials anywhere and instance metadata off, so nothing goes to the network. */
  function run(args: string[], env: Record<string, string> = {}) {
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
        ...env,
      },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  test('--help: exit 0 with the usage', () => {
    const result = run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run preflight -- \[--participant <id>\] \[--json\]/);
  });

  test('no AWS credentials: exit 2, the SDK error and how to provide credentials, no table', () => {
    writeFileSync(path.join(home, 'lab.yaml'), 'labName: k8s-nov\nregion: eu-west-1\npublicAccessCidrs: [203.0.113.0/24]\n');
    const result = run([]);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'configuration: lab.yaml: lab k8s-nov, region eu-west-1 [Europe (Ireland)], single lab',
      'Checking the account in eu-west-1 for lab k8s-nov...',
      expect.stringMatching(/^Cannot run the preflight: lab k8s-nov in eu-west-1: sts:GetCallerIdentity failed: CredentialsProviderError: Could not load credentials/),
      'No AWS credentials were found: set AWS_PROFILE (after `aws sso login` if it is an SSO profile) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
      '',
    ]);
    expect(result.code).toBe(2);
  });
});
