import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');

/** A configuration file of no fields: the built-in defaults. */
function emptyConfigFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lab-empty-config-')), 'lab.yaml');
  // An explicit empty object: an empty file is rejected as a configuration nobody wrote.
  writeFileSync(file, '{}\n');
  return file;
}

/** Runs main.ts the way cdktf.json's "app" does, with a fresh output directory. */
async function runMain(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string; outdir: string }> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'lab-main-'));
  const { app } = JSON.parse(readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string };
  try {
    // cdktf runs the "app" command through a shell, too.
    const { stdout, stderr } = await run('/bin/sh', ['-c', app], {
      cwd: ROOT,
      // An empty LAB_CONFIG unless the test names one: a developer's lab.yaml in the project folder is not read.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CDKTF_OUTDIR: outdir, LAB_CONFIG: emptyConfigFile(), ...env },
    });
    return { code: 0, stdout, stderr, outdir };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, outdir };
  }
}

describe('main.ts', () => {
  jest.setTimeout(60_000);

  test('invalid configuration: exits 1 with every problem on stdout (cdktf labels stderr [ERROR]), and writes no stack', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-bad-config-'));
    writeFileSync(path.join(dir, 'lab.yaml'), 'nodeGroup:\n  minSize: 4\nvpcCidr: 10.42.0.0/33\n');
    const { code, stdout, stderr, outdir } = await runMain({ LAB_CONFIG: path.join(dir, 'lab.yaml'), AWS_REGION: 'us-east-1' });
    expect(code).toBe(1);
    expect(stdout).toBe(
      `configuration: ${path.join(dir, 'lab.yaml')} (from LAB_CONFIG): rejected, 1 problem\n` +
        'Invalid lab configuration:\n  - vpcCidr ("10.42.0.0/33") must be an IPv4 CIDR such as 10.42.0.0/16\n',
    );
    expect(stdout).not.toContain('nodeGroup.minSize'); // cross-field rules wait until every field is valid
    expect(stderr).toBe('');
    // cdktf's App creates the empty stacks folder when constructed; no stack may be in it.
    expect(readdirSync(path.join(outdir, 'stacks'))).toEqual([]);
    expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  });

  test('valid configuration: writes the cluster and workloads stacks for the configured lab', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-config-'));
    writeFileSync(path.join(dir, 'lab.yaml'), 'region: eu-west-1\n');
    const { code, stdout, stderr, outdir } = await runMain({ LAB_NAME: 'from-env', LAB_CONFIG: path.join(dir, 'lab.yaml'), AWS_REGION: 'us-east-1' });
    expect(code).toBe(0);
    // The loader's warning, on stdout where cdktf prints it as it is.
    expect(stdout).toMatch(/^WARNING: publicAccessCidrs includes 0\.0\.0\.0\/0/m);
    expect(stderr).toBe('');
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks)).toEqual(['from-env-cluster', 'from-env-workloads']);
    const stack = JSON.parse(readFileSync(path.join(outdir, 'stacks', 'from-env-cluster', 'cdk.tf.json'), 'utf8'));
    expect(stack.provider.aws[0].region).toBe('eu-west-1');
  });

  test('a synth needs no terraform: it never runs one (cdktf runs `terraform version` for some constructs, e.g. moved blocks)', async () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'lab-no-terraform-'));
    symlinkSync(process.execPath, path.join(bin, 'node'));
    // A terraform that records every call and fails, first on PATH.
    writeFileSync(path.join(bin, 'terraform'), `#!/bin/sh\necho "$*" >> "${bin}/terraform-calls"\nexit 127\n`);
    chmodSync(path.join(bin, 'terraform'), 0o755);
    const { code, outdir } = await runMain({ PATH: `${bin}:/usr/bin:/bin` });
    expect(existsSync(path.join(bin, 'terraform-calls')) ? readFileSync(path.join(bin, 'terraform-calls'), 'utf8') : '').toBe('');
    expect(code).toBe(0);
    expect(readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['eks-workshop-cluster', 'eks-workshop-workloads']);
  });
  test('the class example synthesizes without a word on stderr, even with every pending Node deprecation thrown (cdktf labels stderr [ERROR])', async () => {
    // cdktf 0.21.0's TerraformOutput calls util.isArray, deprecated at runtime from Node 22 (DEP0044):
    // every class synth (its network stack has a list output) printed a warning there.
    // patches/cdktf+0.21.0.patch replaces the call. This fails without it on Node 22 and later (CI runs
    // this tier on 22, 24 and 26); Node 20 does not deprecate util.isArray, so there it cannot.
    const { code, stdout, stderr, outdir } = await runMain({
      LAB_CONFIG: path.join(ROOT, 'class.example.yaml'),
      NODE_OPTIONS: '--pending-deprecation --throw-deprecation',
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/class of 2 participants/);
    expect(readdirSync(path.join(outdir, 'stacks')).sort()).toEqual([
      'k8s-nov-alice-cluster',
      'k8s-nov-alice-workloads',
      'k8s-nov-bob-cluster',
      'k8s-nov-bob-workloads',
      'k8s-nov-network',
    ]);
  });
});
