import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { envWithoutAwsCredentials } from '../support/compiled-command';

/**
 * The commands that read the plan or a live account load no cdktf and no provider classes: they read
 * the plan (lib/plan), never a construct. Each runs as `npm run <name>` runs it (dist/scripts/<name>.js
 * after scripts/build.mjs) with a class configuration; the AWS commands get as far as their first AWS
 * call (no credentials: exit 2), by which time every check, kind and client they use is loaded.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const RECORDER = path.join(__dirname, '..', 'support', 'record-loaded-modules.cjs');
const CDKTF_MODULE = /node_modules\/(cdktf|@cdktf\/[^/]+|constructs)\//;

const CLASS = {
  expiresOn: '2030-12-31',
  roster: { participants: [{ id: 'alice', principalArn: 'arn:aws:iam::123456789012:role/alice' }] },
  budget: { enabled: false },
};

describe('commands load no cdktf module', () => {
  let home = '';
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
    home = mkdtempSync(path.join(tmpdir(), 'load-no-cdktf-'));
    writeFileSync(path.join(home, 'lab.json'), JSON.stringify(CLASS));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  /** Runs dist/scripts/<name>.js in ROOT (as npm run does) and returns its exit code and the modules it loaded. */
  function run(name: string, args: readonly string[] = []): { code: number | null; stderr: string; modules: string[] } {
    const out = path.join(home, `${name}-modules.json`);
    const result = spawnSync(process.execPath, ['-r', RECORDER, path.join(ROOT, 'dist', 'scripts', `${name}.js`), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...envWithoutAwsCredentials(home),
        LAB_CONFIG: path.join(home, 'lab.json'),
        RECORD_LOADED_MODULES: out,
        // A closed port: should a credential appear after all, nothing leaves the machine.
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      },
    });
    return { code: result.status, stderr: result.stderr, modules: JSON.parse(readFileSync(out, 'utf8')) as string[] };
  }

  test.each([
    ['preflight', 2],
    ['verify', 2],
    ['leftovers', 2],
    ['estimate', 0],
    ['roster', 0],
  ])('npm run %s (exit %d): the AWS SDK or the plan, no cdktf', (name, code) => {
    const { code: actual, stderr, modules } = run(name);
    expect({ code: actual, stderr: actual === code ? '' : stderr }).toEqual({ code, stderr: '' });
    // It did get to its work: the plan was resolved (and the AWS commands loaded their SDK clients).
    expect(modules.some((m) => m.endsWith(path.join('dist', 'lib', 'plan', 'resolve-lab.js')))).toBe(true);
    if (code === 2) expect(modules.some((m) => /node_modules\/@aws-sdk\/client-/.test(m))).toBe(true);
    expect(modules.filter((m) => CDKTF_MODULE.test(m))).toEqual([]);
  });

  test('the recorder sees cdktf where it is loaded: the app itself (dist/main.js) loads it', () => {
    const out = path.join(home, 'main-modules.json');
    const result = spawnSync(process.execPath, ['-r', RECORDER, path.join(ROOT, 'dist', 'main.js')], {
      cwd: home,
      encoding: 'utf8',
      env: { ...envWithoutAwsCredentials(home), LAB_CONFIG: path.join(home, 'lab.json'), RECORD_LOADED_MODULES: out, CDKTF_OUTDIR: path.join(home, 'out') },
    });
    expect(result.status).toBe(0);
    const modules = JSON.parse(readFileSync(out, 'utf8')) as string[];
    expect(modules.filter((m) => CDKTF_MODULE.test(m)).length).toBeGreaterThan(100);
  });
});
