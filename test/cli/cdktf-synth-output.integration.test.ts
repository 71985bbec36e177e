import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * What a person sees from `npx cdktf synth`: the project's cdktf (cdktf-cli with
 * patches/cdktf-cli+0.21.0.patch) running the real app, with its output piped as in CI or `| less`.
 * The environment holds only PATH and a fresh HOME, so cdktf's own defaults are what is tested.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const CDKTF = path.join(ROOT, 'node_modules', '.bin', 'cdktf');

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'lab-cdktf-output-'));
  mkdirSync(path.join(scratch, 'home'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the project's cdktf with `args` in `cwd`, stdout and stderr piped (not a terminal). */
function cdktf(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(CDKTF, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: process.env.PATH ?? '', HOME: path.join(scratch, 'home'), ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, all: `${result.stdout}\n${result.stderr}` };
}

/** How many lines of `text` are exactly `line`. */
const count = (text: string, line: string) => text.split('\n').filter((l) => l === line).length;

describe('npx cdktf synth of the project', () => {
  jest.setTimeout(120_000);

  test('default lab: the warning once and unlabelled, no line labelled ERROR, no spinner frames', () => {
    const out = path.join(scratch, 'default.out');
    const r = cdktf(['synth', '--output', out], ROOT);
    expect(r.code).toBe(0);
    expect(r.all.split('\n').filter((l) => l.startsWith('WARNING: publicAccessCidrs includes 0.0.0.0/0'))).toHaveLength(1);
    // cdktf labels the app's stderr and its own failures (the offline telemetry request) [ERROR].
    expect(r.all).not.toMatch(/ERROR/);
    // Piped output: no cursor movement or colour, the final screen only.
    expect(r.all).not.toMatch(/\u001b\[/);
    expect(r.all).not.toMatch(/Synthesizing/);
    expect(r.stdout).toMatch(/Generated Terraform code for the stacks: eks-workshop-cluster,\s+eks-workshop-workloads/);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks)).toEqual(['eks-workshop-cluster', 'eks-workshop-workloads']);
  });

  test("rejected configuration: each problem once, then only cdktf's three lines; exit 1, no stack", () => {
    const file = path.join(scratch, 'bad.yaml');
    writeFileSync(file, 'labName: Bad_Name\nvpcCidr: 10.42.0.0/33\n');
    const out = path.join(scratch, 'bad.out');
    const r = cdktf(['synth', '--output', out], ROOT, { LAB_CONFIG: file });
    expect(r.code).toBe(1);
    expect(count(r.all, 'Invalid lab configuration:')).toBe(1);
    expect(count(r.all, '  - labName ("Bad_Name") must be lower-case letters, digits and hyphens, starting with a letter')).toBe(1);
    expect(count(r.all, '  - vpcCidr ("10.42.0.0/33") must be an IPv4 CIDR such as 10.42.0.0/16')).toBe(1);
    expect(r.all).not.toMatch(/\[ERROR\]/);
    // cdktf-cli's own report of the failed app, without repeating the app's output.
    expect(r.stderr.split('\n').filter((l) => l.trim() !== '')).toEqual([
      'ERROR: cdktf encountered an error while synthesizing',
      'Synth command: node scripts/build.mjs && node dist/main.js',
      'Error:         non-zero exit code 1',
    ]);
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(false);
    expect(existsSync(path.join(out, 'stacks')) ? readdirSync(path.join(out, 'stacks')) : []).toEqual([]);
  });

  describe("the environment cdktf gives the app (and terraform): the patch's defaults", () => {
    let project: string;
    beforeAll(() => {
      // A one-line app that prints what it was given, next to the project's node_modules.
      project = path.join(scratch, 'env-probe');
      mkdirSync(project);
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
      writeFileSync(path.join(project, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js', sendCrashReports: 'false' }));
      writeFileSync(
        path.join(project, 'app.js'),
        "const e = process.env;\nconsole.log('probe-env ' + JSON.stringify([e.CHECKPOINT_DISABLE, e.DISABLE_VERSION_CHECK, e.CI]));\nnew (require('cdktf').App)().synth();\n",
      );
    });
    const probe = (env: Record<string, string> = {}) => {
      const r = cdktf(['synth'], project, env);
      expect(r.code).toBe(0);
      // With CI=false ink draws spinner frames, so the line may start after cursor movements.
      return JSON.parse(/probe-env (\[.*\])$/m.exec(r.stdout)?.[1] ?? 'null') as unknown;
    };

    test('unset: no telemetry, no version check, plain output when not a terminal', () => {
      expect(probe()).toEqual(['1', 'true', 'true']);
    });

    test('set, even to empty: left as it is', () => {
      expect(probe({ CHECKPOINT_DISABLE: '', DISABLE_VERSION_CHECK: 'false', CI: 'false' })).toEqual(['', 'false', 'false']);
    });
  });
});
