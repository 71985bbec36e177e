import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The real entry point, scripts/leftovers.ts, with the real SDK clients, compiled like
 * scripts/build.mjs does (kept in node_modules so it resolves the project's packages, away from the
 * shared dist/ other commands rebuild).
 */
describe('scripts/leftovers.ts (the compiled command, real SDK, no AWS reachable)', () => {
  jest.setTimeout(30_000);
  let outDir: string;
  let cli: string;
  let home: string;

  beforeAll(() => {
    // A fresh `npm ci` leaves no node_modules/.cache until something writes there.
    mkdirSync(path.join(ROOT, 'node_modules', '.cache'), { recursive: true });
    outDir = mkdtempSync(path.join(ROOT, 'node_modules', '.cache', 'leftovers-cli-'));
    cli = path.join(outDir, 'leftovers.js');
    buildSync({
      absWorkingDir: ROOT,
      entryPoints: ['scripts/leftovers.ts'],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: cli,
      logLevel: 'warning',
    });
    home = mkdtempSync(path.join(tmpdir(), 'leftovers-home-'));
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
    expect(result.stdout).toMatch(/^Usage: npm run leftovers -- \[--participant <id>\] \[--json\]/);
  });

  test('no AWS credentials: exit 2 and the SDK error, not a crash or a clean report', () => {
    const result = run([]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Cannot check for leftovers: lab eks-workshop in us-west-2: \S+ failed: CredentialsProviderError: Could not load credentials/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(result.code).toBe(2);
  });

  test('unknown participant: exit 2 naming it', () => {
    writeFileSync(
      path.join(home, 'lab.json'),
      JSON.stringify({
        expiresOn: '2026-12-31',
        roster: { participants: [{ id: 'alice', principalArn: 'arn:aws:iam::123456789012:role/alice' }] },
        budget: { enabled: false }, // no budget guard, and no warning about it
      }),
    );
    const result = run(['--participant', 'zoe'], { LAB_CONFIG: 'lab.json' });
    expect(result.stderr.split('\n')).toEqual([
      'configuration: lab.json (from LAB_CONFIG): lab eks-workshop, region us-west-2 [US West (Oregon)], class of 1 participant',
      expect.stringMatching(/^WARNING: publicAccessCidrs includes 0\.0\.0\.0\/0/),
      'Cannot check for leftovers: --participant ("zoe") must be one of roster.participants: alice',
      '',
    ]);
    expect(result.code).toBe(2);
  });
});
