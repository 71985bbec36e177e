import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EstimateDeps, runEstimate } from '../../scripts/estimate';

/** Runs the CLI in-process in a folder holding `files`, with only `env`, capturing its output. */
function run(argv: string[], files: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  const cwd = mkdtempSync(path.join(tmpdir(), 'lab-estimate-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(path.join(cwd, name), typeof content === 'string' ? content : JSON.stringify(content));
    }
    let stdout = '';
    let stderr = '';
    const deps: EstimateDeps = { cwd, env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
    const code = runEstimate(argv, deps);
    return { code, stdout, stderr };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

const CLASS_OF_30 = {
  expiresOn: '2026-12-31',
  publicAccessCidrs: ['203.0.113.0/24'],
  budget: { enabled: false }, // no budget guard, and no warning about it
  roster: {
    participants: Array.from({ length: 30 }, (_, i) => ({ id: `p${i + 1}`, principalArn: `arn:aws:iam::123456789012:role/p${i + 1}` })),
  },
};

describe('runEstimate', () => {
  test('defaults: prints the table with the caveat and the loader warnings', () => {
    const { code, stdout, stderr } = run([]);
    expect(code).toBe(0);
    expect(stdout).toContain('prices are us-east-1 list prices of 2026-11-26; other regions differ (often 5-20% more)');
    expect(stdout).toMatch(/^Total +0\.4075 +9\.78$/m); // 0.4075006849 per hour: one pair of columns, the lab's
    expect(stderr).toMatch(/^WARNING: publicAccessCidrs includes 0\.0\.0\.0\/0/m);
  });

  test('reads the lab context of cdktf.json, as synth does, and prints JSON with --json', () => {
    const { code, stdout, stderr } = run(['--json'], { 'cdktf.json': { context: { lab: CLASS_OF_30 } } });
    expect(code).toBe(0);
    // Only the configuration line, on stderr: stdout is the JSON alone.
    expect(stderr).toBe(
      'configuration: built-in defaults (no lab.yaml, no LAB_CONFIG) + cdktf.json context "lab": lab eks-workshop, region us-west-2 [US West (Oregon)], class of 30 participants\n',
    );
    const json = JSON.parse(stdout);
    expect(json.caveat).toBe('prices are us-east-1 list prices of 2026-11-26; other regions differ (often 5-20% more)');
    expect(json.participants).toBe(30);
    expect(json.class.perHour).toBe(10.775021); // 30 * 0.3575006849 + 0.05, rounded to a millionth
    expect(json.networkSharing.savings.perHour).toBe(1.45); // 29 * 0.05
    expect(json.items.map((i: { item: string }) => i.item)).toContain('nat-gateways');
  });

  test('LAB_CONFIG overrides the context; AWS_REGION does not move the lab', () => {
    const { code, stdout } = run(
      ['--json'],
      { 'cdktf.json': { context: { lab: CLASS_OF_30 } }, 'lab.yaml': 'natGateways: per-az\nregion: us-east-1\n' },
      { LAB_CONFIG: 'lab.yaml', AWS_REGION: 'eu-west-1' },
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.regionDiffers).toBe(false);
    expect(json.caveat).toBe('prices are us-east-1 on-demand list prices of 2026-11-26');
    expect(json.networkSharing.natGatewaysPerNetwork).toBe(3);
    expect(json.class.perHour).toBe(10.875021); // 30 * 0.3575006849 + 3 * 0.05
  });

  test('an invalid configuration prints the loader message and exits 1', () => {
    const { code, stdout, stderr } = run([], { 'lab.json': { nodeGroup: { minSize: 4 } } }, { LAB_CONFIG: 'lab.json' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Invalid lab configuration:');
    expect(stderr).toContain('nodeGroup.minSize (4) must be <= desiredSize (3)');
  });

  test.each([
    ['a month that does not exist', { LAB_EXPIRES_ON: '2026-13-01' }, 'built-in defaults (no lab.yaml, no LAB_CONFIG) + LAB_EXPIRES_ON from the environment', /expiresOn \("2026-13-01"\) must be a date that exists \(there is no month 13\)/],
    ['a timestamp', { LAB_EXPIRES_ON: '2026-12-18T00:00:00Z' }, 'built-in defaults (no lab.yaml, no LAB_CONFIG) + LAB_EXPIRES_ON from the environment', /expiresOn \("2026-12-18T00:00:00Z"\) must be a date written YYYY-MM-DD/],
  ])('an expiresOn with %s: the configuration line, the field and the format, exit 1, no stack trace', (_name, env, source, problem) => {
    const { code, stdout, stderr } = run([], {}, env);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr.split('\n')[0]).toBe(`configuration: ${source}: rejected, 1 problem`);
    expect(stderr).toMatch(problem);
    expect(stderr).not.toMatch(/RangeError|\n\s+at /);
  });

  test('an unpriced instance type exits 1 naming nodeGroup.instanceTypes', () => {
    const { code, stderr } = run([], { 'lab.json': { nodeGroup: { instanceTypes: ['r5.large'] } } }, { LAB_CONFIG: 'lab.json' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/nodeGroup\.instanceTypes\[0\] \("r5\.large"\) has no price.*it knows m5\.large/);
  });

  test('a cdktf.json that is not JSON exits 1', () => {
    const { code, stderr } = run([], { 'cdktf.json': '{ context: ' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/cdktf\.json .* must be valid JSON/);
  });

  test('an unknown argument exits 2 with the usage; --help exits 0', () => {
    const bad = run(['--csv']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown argument "--csv"\nusage: npm run estimate/);
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run estimate/);
  });
});
