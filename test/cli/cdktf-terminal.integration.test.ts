import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * cdktf-cli runs terraform init, apply and destroy in a pseudo-terminal. Its own dependency,
 * @cdktf/node-pty-prebuilt-multiarch 0.10.2, ships binaries up to Node 22's ABI only; package.json
 * replaces it with @lydell/node-pty (N-API, prebuilt per platform, no install script). These
 * checks run on the Node that runs jest; scripts/ci/node-matrix.sh runs the probe on 22, 24 and 26.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  overrides: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('the terminal module cdktf-cli spawns terraform through', () => {
  test("cdktf's own spawnPty works with the replacement: terminal, folder, environment, answers, exit codes, Ctrl-C", () => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'ci', 'pty-probe.cjs'), ROOT], { encoding: 'utf8', env, timeout: 60_000 });
    expect(result.stdout).toMatch(/^ok {3}cdktf-cli loads the terminal module of the override \(@lydell\/node-pty@1\.1\.0\)$/m);
    expect(result.stdout).toMatch(/^ok {3}terraform's approval question is answered through writeLine/m);
    expect(result.stdout).toMatch(/^ok {3}stop\(\) interrupts the child/m);
    expect(result.stdout).toMatch(/: 4 passed, 0 failed$/m);
    expect(result.status).toBe(0);
  }, 60_000);

  test('the override is one exact pin, the same spec as the top-level alias that cdktf-cli bundle resolves', () => {
    // cdktf-cli's bundle requires the module by its old name from its own folder, so it must be
    // hoisted: a top-level alias, and the override points cli-core's dependency at the same spec.
    expect(pkg.devDependencies['@cdktf/node-pty-prebuilt-multiarch']).toBe('npm:@lydell/node-pty@1.1.0');
    expect(pkg.overrides).toEqual({ '@cdktf/node-pty-prebuilt-multiarch': '$@cdktf/node-pty-prebuilt-multiarch' });
  });
});
