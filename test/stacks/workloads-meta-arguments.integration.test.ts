import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { StackJson, TfBlock, labConfig, synthLab } from '../support/fixtures';
import { requireTool } from '../support/required-tool';
import { discoverTerraform } from '../support/terraform-tools';

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */

const run = promisify(execFile);
// Only terraform itself (terraform_data is built in, no provider): under CI its absence fails this
// file; elsewhere both checks are skipped, loudly. The same discovery as every terraform check.
const found = requireTool("terraform validate of the workloads stack's meta-arguments", discoverTerraform());
const describeTerraform = found ? describe : describe.skip;

/** `type.id` -> the address of its stand-in. */
const standIn = (address: string) => {
  const [type, id] = address.split('.');
  return `terraform_data.${type}__${id}`;
};

/**
 * The workloads stack with every resource replaced by a built-in `terraform_data` that keeps its
 * `depends_on` and `lifecycle` (addresses renamed): what Terraform itself says about the stack's
 * meta-arguments, without the kubernetes and random providers the offline mirror lacks.
 */
function metaArgumentsOnly(stack: StackJson): Record<string, unknown> {
  const resources: Record<string, TfBlock> = {};
  const rename = (text: string) => text.replace(/([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)/g, (match, type: string, id: string) => (stack.resource[type]?.[id] ? standIn(match) : match));
  for (const [type, blocks] of Object.entries(stack.resource)) {
    for (const [id, block] of Object.entries(blocks)) {
      const lifecycle = block.lifecycle as any;
      resources[`${type}__${id}`] = {
        ...(block.depends_on ? { depends_on: block.depends_on.map((d) => standIn(d)) } : {}),
        ...(lifecycle
          ? {
              lifecycle: {
                ...lifecycle,
                ...(lifecycle.replace_triggered_by ? { replace_triggered_by: lifecycle.replace_triggered_by.map((t: string) => rename(t)) } : {}),
              },
            }
          : {}),
      };
    }
  }
  return { resource: { terraform_data: resources } };
}

async function validate(terraform: string, config: Record<string, unknown>): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'workloads-meta-'));
  try {
    writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    try {
      // init parses the configuration too: an invalid one fails here already.
      await run(terraform, ['init', '-input=false', '-backend=false', '-no-color'], { cwd: dir, env });
      const { stdout } = await run(terraform, ['validate', '-no-color'], { cwd: dir, env });
      return { ok: true, output: stdout };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeTerraform("the workloads stack's depends_on and lifecycle are valid Terraform", () => {
  jest.setTimeout(120_000);
  // Read in the tests only: when terraform is missing this block is skipped and `found` is undefined.
  const terraform = () => (found as NonNullable<typeof found>).terraform;
  const stack = synthLab(labConfig())['eks-workshop-workloads'];

  test('terraform validate accepts them (the rollout Job is replaced by a plain address)', async () => {
    const config = metaArgumentsOnly(stack);
    const triggers = Object.values((config.resource as any).terraform_data).filter((r: any) => r.lifecycle?.replace_triggered_by);
    expect(triggers).toHaveLength(1);
    expect(await validate(terraform(), config)).toEqual({ ok: true, output: expect.stringMatching(/Success! The configuration is valid/) });
  });

  test('and the check is real: the interpolated form cdktf writes for a resource fails', async () => {
    const broken = JSON.parse(JSON.stringify(stack)) as StackJson;
    for (const block of Object.values(broken.resource.kubernetes_job_v1)) {
      const lifecycle = block.lifecycle as any;
      if (lifecycle?.replace_triggered_by) lifecycle.replace_triggered_by = lifecycle.replace_triggered_by.map((t: string) => `\${${t}}`);
    }
    const result = await validate(terraform(), metaArgumentsOnly(broken));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/Invalid character/);
  });
});
