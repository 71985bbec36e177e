import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runClassCommand } from '../../lib/class/class-command';
import { StackKind } from '../../lib/plan/stack-plan';
import { classConfig, planOf } from '../support/fixtures';
import { discoverTerraformTools, TerraformTools, writeMirrorCliConfig } from '../support/terraform-tools';

/**
 * The class runner with the real terraform and the mirrored AWS provider, offline: stacks that require
 * the AWS provider and hold only `terraform_data` (nothing to ask AWS), local state. Shows the provider
 * installed once and linked, read-only, into every stack's `.terraform`, the lock file accepted, and a
 * deploy, status and destroy with terraform's real exit codes and output.
 */
const discovery = discoverTerraformTools();
if (!discovery.available && process.env.CI !== undefined && !['', 'false', '0'].includes(process.env.CI)) {
  // Under CI a missing tool is a failure, never a skip.
  throw new Error(`the class runner's terraform test needs terraform and the AWS provider mirror: ${discovery.reason}`);
}
if (!discovery.available) console.warn(`\n!!! SKIPPED: the class runner with the real terraform (${discovery.reason})\n`);
const describeTerraform = discovery.available ? describe : describe.skip;

describeTerraform('npm run class with the real terraform (offline, terraform_data only)', () => {
  const tools = discovery as TerraformTools;
  const config = classConfig(2);
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lab-class-terraform-'));
    writeFileSync(path.join(dir, 'lab.json'), JSON.stringify(config));
    for (const stack of planOf(config).stacks) {
      const stackDir = path.join(dir, 'cdktf.out', 'stacks', stack.name);
      mkdirSync(stackDir, { recursive: true });
      const aws = stack.kind !== StackKind.WORKLOADS;
      writeFileSync(
        path.join(stackDir, 'cdk.tf.json'),
        JSON.stringify({
          terraform: {
            ...(aws ? { required_providers: { aws: { source: 'hashicorp/aws', version: tools.awsVersion } } } : {}),
            backend: { local: { path: `../../../terraform.${stack.name}.tfstate` } },
          },
          resource: { terraform_data: { marker: { input: stack.name } } },
        }),
      );
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runClassCommand([...argv, '--no-synth'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        LAB_CONFIG: 'lab.json',
        TERRAFORM_BIN: tools.terraform,
        // The user's CLI configuration: the machine's mirror (the seed init installs from it).
        TF_CLI_CONFIG_FILE: writeMirrorCliConfig(tools, dir, 'user.tfrc', path.join(dir, 'user-plugin-cache')),
      },
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      handleSignals: false,
    });
    return { code, stdout, stderr };
  };

  test('deploy: every stack links the one provider copy; status deployed; destroy; status destroyed', async () => {
    const deploy = await run(['deploy']);
    expect([deploy.code, deploy.stderr]).toEqual([0, expect.stringMatching(/^providers: 1 installed once into class-runs\/providers/m)]);
    expect(deploy.stdout).toMatch(/^deploy: 2\/2 participants deployed; shared: eks-workshop-network deployed$/m);
    const shared = path.join(dir, 'class-runs', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', tools.awsVersion);
    for (const stack of ['eks-workshop-network', 'eks-workshop-p01-cluster', 'eks-workshop-p02-cluster']) {
      const platform = path.join(dir, 'cdktf.out', 'stacks', stack, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', tools.awsVersion);
      const [entry] = readdirSync(platform);
      expect([stack, lstatSync(path.join(platform, entry)).isSymbolicLink(), readlinkSync(path.join(platform, entry))]).toEqual([stack, true, path.join(shared, entry)]);
    }
    const status = await run(['status']);
    expect(status.stdout).toMatch(/^2 deployed \(states: local files in /m);

    const destroy = await run(['destroy']);
    expect(destroy.code).toBe(0);
    expect(destroy.stdout).toMatch(/^destroy: 2\/2 participants destroyed; shared: eks-workshop-network destroyed$/m);
    expect((await run(['status'])).stdout).toMatch(/^2 destroyed \(states: local files in /m);
  }, 300_000);
});
