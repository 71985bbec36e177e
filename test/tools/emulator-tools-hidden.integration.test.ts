import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AWS_CLI_INSTALL_HINT } from '../support/aws-cli';
import { pathWithout, removePathsWithout, runJest } from '../support/hidden-tools';
import { MOTO_INSTALL_HINT } from '../support/moto-server';
import { TERRAFORM_INSTALL_HINT } from '../support/terraform-tools';

// The requirement itself (issue 18), on the emulator tier: with moto, terraform or the AWS CLI
// hidden, CI fails the suite at load, naming the tool and how to get it, before moto or terraform
// starts; without CI it is skipped and the end-of-run list says so. The smallest round-trip suite,
// the deliberate breaks, stands for the three (they share emulatorToolsOrSkip).
//
// The tools not hidden are stand-ins that pass discovery (nothing runs them: the suite stops at load),
// so each run lacks exactly the hidden tool, whatever this machine has (the Node matrix puts a failing
// python3 first on PATH).

const CONFIG = 'jest.emulator.config.js';
const SUITE = 'test/emulator/deliberate-breaks.test.ts';
const WHAT = 'emulator round trips with deliberate breaks (destroy order, a name, a tag)';
const MISSING = {
  moto: `moto: no MOTO_SERVER and no python3 on PATH; get it: ${MOTO_INSTALL_HINT}`,
  terraform: `terraform: no terraform on PATH and TERRAFORM_BIN is unset; get it: ${TERRAFORM_INSTALL_HINT}`,
  aws: `the AWS CLI: no aws on PATH; get it: ${AWS_CLI_INSTALL_HINT}`,
} as const;
type Tool = keyof typeof MISSING;

const standIns = mkdtempSync(path.join(tmpdir(), 'lab-emulator-stand-ins-'));
/** A folder holding one stand-in `name` that prints `says`. */
function standIn(name: string, says: string): string {
  const dir = path.join(standIns, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, name), `#!/bin/sh\necho "${says}"\n`);
  chmodSync(path.join(dir, name), 0o755);
  return dir;
}
const TERRAFORM = standIn('terraform', 'Terraform v1.11.4');
const AWS = standIn('aws', 'aws-cli/1.45.11 Python/3.11.7');
const MOTO = path.join(standIn('moto_server', 'moto'), 'moto_server');
const MIRROR = path.join(standIns, 'mirror');
mkdirSync(path.join(MIRROR, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64'), { recursive: true });

/** The environment of a run that lacks `hidden` and has the other tools (stand-ins). */
function lacking(hidden: readonly Tool[]): Record<string, string> {
  const hide = { moto: 'python3', terraform: 'terraform', aws: 'aws' };
  const present = (tool: Tool) => !hidden.includes(tool);
  const PATH = [...(present('terraform') ? [TERRAFORM] : []), ...(present('aws') ? [AWS] : []), pathWithout(hidden.map((tool) => hide[tool]))].join(path.delimiter);
  return { PATH, TF_PROVIDER_MIRROR: MIRROR, ...(present('moto') ? { MOTO_SERVER: MOTO } : {}) };
}

afterAll(removePathsWithout);

describe.each([
  ['moto (no python3 with moto on PATH, MOTO_SERVER unset)', 'moto'],
  ['terraform (not on PATH, TERRAFORM_BIN unset)', 'terraform'],
  ['the AWS CLI', 'aws'],
] as const)('%s hidden', (_name, tool) => {
  jest.setTimeout(180_000);

  test('under CI the emulator suite fails at load, naming it and how to get it, before any moto or terraform work', async () => {
    const run = await runJest(CONFIG, [SUITE], { ...lacking([tool]), CI: 'true' });
    expect(run.code).toBe(1);
    expect(run.output).toContain(`RequiredToolMissing: ${WHAT} cannot run: ${MISSING[tool]}. Under CI (CI=true)`);
    // Only the hidden tool is named.
    for (const other of (Object.keys(MISSING) as Tool[]).filter((t) => t !== tool)) expect(run.output).not.toContain(MISSING[other]);
    expect(run.output).toMatch(/^Tests: +0 total$/m);
    expect(run.output).not.toContain('[emulator deliberate breaks]');
  });
});

describe('all three hidden, without CI', () => {
  jest.setTimeout(180_000);

  test('the suite is skipped whole, exit 0, and the end-of-run list names every missing tool', async () => {
    const run = await runJest(CONFIG, [SUITE], lacking(['moto', 'terraform', 'aws']));
    expect(run.code).toBe(0);
    const list = run.output.slice(run.output.indexOf('Skipped in this run:'));
    expect(list).toContain(`${SUITE} (whole file skipped: 3 tests)`);
    expect(list).toContain(`missing tool (fails under CI): ${WHAT}: ${MISSING.moto}; ${MISSING.terraform}; ${MISSING.aws}`);
  });
});

describe('a configured but broken MOTO_SERVER fails without CI too', () => {
  jest.setTimeout(180_000);

  test('MOTO_SERVER naming nothing', async () => {
    const run = await runJest(CONFIG, [SUITE], { ...lacking([]), MOTO_SERVER: '/nonexistent/moto_server' });
    expect(run.code).toBe(1);
    expect(run.output).toContain('MisconfiguredTool: MOTO_SERVER ("/nonexistent/moto_server") must name an executable: not found');
  });
});
