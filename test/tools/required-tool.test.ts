import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AWS_CLI_INSTALL_HINT, discoverAwsCli } from '../support/aws-cli';
import { isCi, knownGap, MisconfiguredTool, MissingTool, requireTool, RequiredToolMissing, SKIP_REPORT_DIR_ENV } from '../support/required-tool';
import { discoverTerraform, discoverTerraformTools, MIRROR_CANDIDATES, MIRROR_INSTALL_HINT, TERRAFORM_INSTALL_HINT } from '../support/terraform-tools';
import { discoverOpenssl, OPENSSL_INSTALL_HINT } from '../support/test-certificates';

// The rules of test/support/required-tool.ts and of each discovery, without hiding anything from the
// machine: fake tools in temporary folders, and environments passed in. The same rules on the real
// suites, with tools hidden: test/tools/*-hidden.integration.test.ts.

const bin = mkdtempSync(path.join(tmpdir(), 'lab-required-tool-'));
/** A folder holding one executable `name` that runs `script` (sh). */
function fakeTool(name: string, script: string): string {
  const dir = mkdtempSync(path.join(bin, `${name}-`));
  writeFileSync(path.join(dir, name), `#!/bin/sh\n${script}\n`);
  chmodSync(path.join(dir, name), 0o755);
  return dir;
}
const TERRAFORM: MissingTool = { available: false, tool: 'terraform', reason: 'not here', install: 'get it somewhere' };

describe('isCi: CI set to anything but empty, false or 0', () => {
  const reporter = createRequire(__filename)('../support/skip-reporter.cjs') as { isCi: (env: NodeJS.ProcessEnv) => boolean };
  test.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['FALSE', false],
    ['0', false],
    ['true', true],
    ['1', true],
    ['yes', true],
  ])('CI=%p: %p, in required-tool.ts and in the skip reporter alike', (value, expected) => {
    const env = value === undefined ? {} : { CI: value };
    expect([isCi(env), reporter.isCi(env)]).toEqual([expected, expected]);
  });
});

describe('requireTool', () => {
  let records: string;
  beforeEach(() => {
    records = mkdtempSync(path.join(bin, 'records-'));
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());
  const written = () => readdirSync(records).flatMap((name) => readFileSync(path.join(records, name), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown));

  test('a tool that is there: returned, nothing printed or registered, CI or not', () => {
    const found = { available: true as const, terraform: '/bin/terraform' };
    expect(requireTool('the checks', found, { CI: 'true', [SKIP_REPORT_DIR_ENV]: records })).toBe(found);
    expect(requireTool('the checks', found, { [SKIP_REPORT_DIR_ENV]: records })).toBe(found);
    expect(console.warn).not.toHaveBeenCalled();
    expect(written()).toEqual([]);
  });

  test('missing under CI: throws, naming the checks, the tool, why and how to get it; registers nothing', () => {
    expect(() => requireTool('the checks', TERRAFORM, { CI: 'true', [SKIP_REPORT_DIR_ENV]: records })).toThrow(
      new RequiredToolMissing('the checks cannot run: terraform: not here; get it: get it somewhere. Under CI (CI=true) a missing tool fails the run; without CI these checks would be skipped.'),
    );
    expect(written()).toEqual([]);
  });

  test('missing without CI: undefined, a loud !!! SKIPPED line, and a record for the end-of-run list naming this file', () => {
    expect(requireTool('the checks', TERRAFORM, { CI: 'false', [SKIP_REPORT_DIR_ENV]: records })).toBeUndefined();
    expect(console.warn).toHaveBeenCalledWith('\n!!! SKIPPED: the checks (terraform: not here; get it: get it somewhere)\n');
    expect(written()).toEqual([{ kind: 'missing-tool', file: __filename, what: 'the checks', reason: 'terraform: not here; get it: get it somewhere' }]);
  });

  test('a known gap: printed and registered under CI too, never thrown', () => {
    expect(() => knownGap('the workloads plan', 'no provider for it here', { CI: 'true', [SKIP_REPORT_DIR_ENV]: records })).not.toThrow();
    expect(console.warn).toHaveBeenCalledWith(expect.stringMatching(/^!!! SKIPPED: the workloads plan: no provider for it here/));
    expect(written()).toEqual([{ kind: 'known-gap', file: __filename, what: 'the workloads plan', reason: 'no provider for it here' }]);
  });
});

describe('finding terraform and the provider mirror', () => {
  const runs = fakeTool('terraform', 'echo Terraform v1.11.4');
  const fails = fakeTool('terraform', 'echo broken >&2; exit 3');
  const mirrorWith = (...versions: string[]) => {
    const mirror = mkdtempSync(path.join(bin, 'mirror-'));
    for (const version of versions) mkdirSync(path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', version, 'linux_amd64'), { recursive: true });
    return mirror;
  };

  test('TERRAFORM_BIN naming nothing, or a terraform that does not run, is an error in every environment', () => {
    for (const CI of ['true', '']) {
      expect(() => discoverTerraform({ CI, TERRAFORM_BIN: '/nonexistent/terraform', PATH: runs })).toThrow(
        new MisconfiguredTool('TERRAFORM_BIN ("/nonexistent/terraform") must name a terraform that runs: no such file. Point it at terraform, or unset it to use the terraform on PATH'),
      );
      expect(() => discoverTerraform({ CI, TERRAFORM_BIN: path.join(fails, 'terraform'), PATH: runs })).toThrow(/^TERRAFORM_BIN \(".*"\) must name a terraform that runs: `terraform version` exited with 3: broken\./);
    }
  });

  test('TERRAFORM_BIN first, else the first terraform on PATH', () => {
    expect(discoverTerraform({ TERRAFORM_BIN: path.join(runs, 'terraform'), PATH: '' })).toEqual({ available: true, terraform: path.join(runs, 'terraform') });
    expect(discoverTerraform({ PATH: [runs, fails].join(path.delimiter) })).toEqual({ available: true, terraform: path.join(runs, 'terraform') });
  });

  test('none on PATH, or one that does not run: missing, with how to get it', () => {
    expect(discoverTerraform({ PATH: '' })).toEqual({ available: false, tool: 'terraform', reason: 'no terraform on PATH and TERRAFORM_BIN is unset', install: TERRAFORM_INSTALL_HINT });
    expect(discoverTerraform({ PATH: fails })).toEqual({
      available: false,
      tool: 'terraform',
      reason: `the terraform on PATH (${path.join(fails, 'terraform')}) does not run: \`terraform version\` exited with 3: broken`,
      install: TERRAFORM_INSTALL_HINT,
    });
  });

  test('TF_PROVIDER_MIRROR without the AWS provider is an error in every environment, whether terraform is there or not', () => {
    const empty = mirrorWith();
    for (const env of [{ PATH: runs }, { PATH: '', CI: 'true' }]) {
      expect(() => discoverTerraformTools({ ...env, TF_PROVIDER_MIRROR: empty })).toThrow(
        new MisconfiguredTool(
          `TF_PROVIDER_MIRROR (${JSON.stringify(empty)}) must be a filesystem mirror holding registry.terraform.io/hashicorp/aws/<version>: it holds none. Point it at one, or unset it to search ${MIRROR_CANDIDATES.join(', ')}`,
        ),
      );
    }
  });

  test('the mirror: TF_PROVIDER_MIRROR, else the first usual folder that holds the AWS provider; its newest version', () => {
    const mirror = mirrorWith('5.9.0', '5.100.0', 'not-a-version');
    expect(discoverTerraformTools({ PATH: runs, TF_PROVIDER_MIRROR: mirror })).toEqual({ available: true, terraform: path.join(runs, 'terraform'), mirror, awsVersion: '5.100.0' });
    expect(discoverTerraformTools({ PATH: runs }, [mirrorWith(), mirror])).toEqual({ available: true, terraform: path.join(runs, 'terraform'), mirror, awsVersion: '5.100.0' });
  });

  test('no usual folder holds it: the mirror is missing, with how to get it; terraform missing is said first', () => {
    const empty = mirrorWith();
    expect(discoverTerraformTools({ PATH: runs }, [empty])).toEqual({
      available: false,
      tool: 'the AWS provider mirror',
      reason: `no registry.terraform.io/hashicorp/aws in ${empty} and TF_PROVIDER_MIRROR is unset`,
      install: MIRROR_INSTALL_HINT,
    });
    expect(discoverTerraformTools({ PATH: '' }, [empty])).toMatchObject({ available: false, tool: 'terraform' });
  });
});

describe('finding openssl and the AWS CLI', () => {
  test('openssl: on PATH and runs, else missing with how to get it', () => {
    expect(discoverOpenssl({ PATH: '' })).toEqual({ available: false, tool: 'openssl', reason: 'no openssl on PATH', install: OPENSSL_INSTALL_HINT });
    const fails = fakeTool('openssl', 'exit 1');
    expect(discoverOpenssl({ PATH: fails })).toMatchObject({ available: false, tool: 'openssl', reason: expect.stringMatching(/^the openssl on PATH \(.*\) does not run: /) });
    const runs = fakeTool('openssl', 'echo OpenSSL 3.0.0');
    expect(discoverOpenssl({ PATH: runs })).toEqual({ available: true, openssl: path.join(runs, 'openssl') });
  });

  test.each([
    ['aws-cli/1.45.11 Python/3.11.7', true],
    ['aws-cli/1.29.0 Python/3.11.7', true],
    ['aws-cli/2.13.0 Python/3.11.4', true],
    ['aws-cli/1.28.9 Python/3.11.7', false],
    ['aws-cli/2.12.7 Python/3.11.4', false],
  ])('the AWS CLI saying %s: usable %p (AWS_ENDPOINT_URL needs v1 >= 1.29 or v2 >= 2.13)', (version, usable) => {
    const dir = fakeTool('aws', `echo "${version} Linux/6 botocore/1"`);
    const found = discoverAwsCli({ PATH: dir });
    expect(found).toEqual(
      usable
        ? { available: true, aws: path.join(dir, 'aws'), version: version.split(' ')[0] }
        : { available: false, tool: 'the AWS CLI', reason: `the aws on PATH (${path.join(dir, 'aws')}) is ${version.split(' ')[0]}, which ignores AWS_ENDPOINT_URL`, install: AWS_CLI_INSTALL_HINT },
    );
  });

  test('the AWS CLI: none on PATH, or one that fails, is missing; an old v1 that prints its version on stderr counts', () => {
    expect(discoverAwsCli({ PATH: '' })).toEqual({ available: false, tool: 'the AWS CLI', reason: 'no aws on PATH', install: AWS_CLI_INSTALL_HINT });
    expect(discoverAwsCli({ PATH: fakeTool('aws', 'echo nope >&2; exit 2') })).toMatchObject({ available: false, reason: expect.stringMatching(/does not run: `aws --version` exited with 2: nope$/) });
    expect(discoverAwsCli({ PATH: fakeTool('aws', 'echo aws-cli/1.30.0 Python/3 >&2') })).toMatchObject({ available: true, version: 'aws-cli/1.30.0' });
  });
});
