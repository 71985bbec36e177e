import { planOf } from '../support/fixtures';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cdktfJsonLabContext, loadLabConfig } from '../../lib/config/load-lab-config';
import { rosterSummary, rosterSummaryCsv } from '../../lib/fleet/roster-summary';
import { envWithoutAwsCredentials } from '../support/compiled-command';

/**
 * The commands whose output scripts read, run the ways the README gives (`npx lab-<name>`, or
 * `npm run -s <name>`): stdout must be exactly the JSON or CSV, without npm's
 * "> eks-workshop-lab@0.1.0 ..." banner that a plain `npm run <name>` prints there first. npx takes
 * about 3 s to start here, so only one case goes through it; the others run the bin file itself.
 */
const ROOT = path.resolve(__dirname, '..', '..');

let home: string;
beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'lab-machine-output-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** `command ...args` in the project folder, with no AWS credentials or instance metadata reachable. */
function run(command: string, args: string[]) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: envWithoutAwsCredentials(home),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('machine-readable output of the bin entries', () => {
  jest.setTimeout(60_000);

  test('every bin entry names a file that exists and starts with a shebang', () => {
    const { bin } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(bin).sort()).toEqual(['lab-class', 'lab-estimate', 'lab-leftovers', 'lab-preflight', 'lab-roster', 'lab-verify']);
    for (const file of Object.values(bin)) expect(readFileSync(path.join(ROOT, file), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  test('npx lab-estimate --json: stdout is one JSON document; the warning goes to stderr', () => {
    const r = run('npx', ['lab-estimate', '--json']);
    expect(r.code).toBe(0);
    const estimate = JSON.parse(r.stdout) as { caveat: string; region: string };
    expect(estimate.region).toBe('us-west-2');
    expect(estimate.caveat).toMatch(/^prices are us-east-1 list prices of \d{4}-\d{2}-\d{2}/);
    expect(r.stderr).toMatch(/^WARNING: publicAccessCidrs includes 0\.0\.0\.0\/0/m);
  });

  test('npm run -s roster -- --format csv: stdout is the header and one row per cluster, nothing else', () => {
    const r = run('npm', ['run', '-s', 'roster', '--', '--format', 'csv']);
    expect(r.code).toBe(0);
    // Exactly the CSV the library makes of the same configuration: no line before or after it.
    const { config } = loadLabConfig({ context: cdktfJsonLabContext(ROOT), env: {}, cwd: ROOT });
    expect(r.stdout).toBe(rosterSummaryCsv(rosterSummary(planOf(config))));
    expect(r.stdout.split('\n')[0]).toMatch(/^participant,principalArn,accountId,clusterName,region,/);
  });

  test.each(['leftovers', 'preflight', 'verify'])('lab-%s --json without credentials: exit 2, stdout is the JSON error', (name) => {
    const r = run(process.execPath, [path.join(ROOT, 'bin', `lab-${name}.cjs`), '--json']);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as { error: string }).error).toMatch(/CredentialsProviderError: Could not load credentials/);
  });

  test('bad arguments keep their exit code through the launcher', () => {
    const r = run(process.execPath, [path.join(ROOT, 'bin', 'lab-roster.cjs'), '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('roster: --format ("xml") must be json or csv');
  });

  test('lab-class: --help prints the usage alone on stdout; an unknown command keeps exit 2 through the launcher', () => {
    const help = run(process.execPath, [path.join(ROOT, 'bin', 'lab-class.cjs'), '--help']);
    expect([help.code, help.stdout.split('\n')[0]]).toEqual([0, 'usage: npm run class -- <deploy|destroy|status|workflow> [options]']);
    const bad = run(process.execPath, [path.join(ROOT, 'bin', 'lab-class.cjs'), 'launch']);
    expect([bad.code, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toContain('class: unknown command "launch"');
  });
});
