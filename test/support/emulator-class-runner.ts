import { DeleteVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runClassCommand } from '../../lib/class/class-command';
import type { LabConfig } from '../../lib/config/lab-config';
import { EMULATOR_CREDENTIALS, EmulatorWorkspace } from './emulator-terraform';
import type { StackJson } from './fixtures';
import type { TerraformTools } from './terraform-tools';

/**
 * The class runner (`npm run class`) against the emulator: the runner's own code path (one synth's
 * output, the shared provider folder, per-stack init and apply or destroy, the schedule, the report),
 * with the emulator copies of the AWS stacks in the workspace's `cdktf.out` (hence `--no-synth`) and
 * each stack's terraform pointed at its own endpoint of the call recorder. The workloads stacks are
 * in `cdktf.out` as synthesized but never run (`--kinds network,cluster`): moto has no Kubernetes API.
 */
export class EmulatorClassRunner {
  /** Per stack: the volume the "EBS CSI driver" deletes once the destroy-time wait has reported it twice. */
  private readonly driver = new Map<string, { volumeId: string; sightings: number; ids: Set<string>; deletedAt: number; noneLeft: boolean; deletion?: Promise<unknown> }>();

  constructor(
    private readonly tools: TerraformTools,
    private readonly workspace: EmulatorWorkspace,
    private readonly config: LabConfig,
    private readonly ec2: EC2Client,
    private readonly extraEnv: Readonly<Record<string, string>>,
  ) {}

  /** Writes the configuration and the stacks the emulator does not run (as synthesized) next to the copies. */
  public prepare(notRun: Readonly<Record<string, StackJson>>): void {
    writeFileSync(path.join(this.workspace.root, 'class.json'), JSON.stringify(this.config));
    for (const [name, json] of Object.entries(notRun)) {
      const dir = path.join(this.workspace.root, 'cdktf.out', 'stacks', name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json));
    }
  }

  /** The next destroy of `stack` deletes `volumeId` after the wait reported it twice, as the driver would. */
  public deleteOnWait(stack: string, volumeId: string): void {
    this.driver.set(stack, { volumeId, sightings: 0, ids: new Set(), deletedAt: 0, noneLeft: false });
  }

  /** What the wait of `stack` showed: volume ids it waited for, sightings of the driver's volume, whether it saw none left. */
  public waitOf(stack: string): { readonly ids: string[]; readonly sightings: number; readonly noneLeft: boolean } {
    const seen = this.driver.get(stack);
    return { ids: [...(seen?.ids ?? [])].sort(), sightings: seen?.sightings ?? 0, noneLeft: seen?.noneLeft ?? false };
  }

  /** Runs `npm run class -- <argv> --no-synth --kinds network,cluster` in the workspace; prints and returns its report. */
  public async run(trip: string, argv: readonly string[]): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }> {
    let stdout = '';
    let stderr = '';
    const root = this.workspace.root;
    const code = await runClassCommand([...argv, '--no-synth', '--kinds', 'network,cluster'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: root,
        LAB_CONFIG: 'class.json',
        TERRAFORM_BIN: this.tools.terraform,
        // The seed inits install from the machine's mirror, as a user's CLI configuration would say.
        TF_CLI_CONFIG_FILE: path.join(root, 'mirror.tfrc'),
      },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      handleSignals: false,
      retryBaseSeconds: 2,
      environmentOf: (stack) => ({
        AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL: this.workspace.stack(stack).endpoint,
        AWS_CONFIG_FILE: path.join(root, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'no-aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...this.extraEnv,
      }),
      onOutputLine: (stack, line) => this.onLine(stack, line),
    });
    await Promise.all([...this.driver.values()].map((d) => d.deletion));
    process.stdout.write(`[emulator ${trip}] npm run class -- ${argv.join(' ')}: exit ${code}\n${stdout}`);
    return { code, stdout, stderr };
  }

  private onLine(stack: string, line: string): void {
    const driver = this.driver.get(stack);
    if (driver === undefined) return;
    const waiting = /\(local-exec\): waiting for the EBS CSI driver to delete: (.*)$/.exec(line);
    if (waiting) {
      const ids = waiting[1].split(/\s+/).filter(Boolean);
      ids.forEach((id) => driver.ids.add(id));
      if (ids.includes(driver.volumeId)) driver.sightings += 1;
      if (driver.sightings === 2 && driver.deletedAt === 0) {
        driver.deletedAt = Date.now();
        driver.deletion = this.ec2.send(new DeleteVolumeCommand({ VolumeId: driver.volumeId }));
      }
    }
    if (/\(local-exec\): EBS volumes of this lab: none left/.test(line)) driver.noneLeft = true;
  }
}

/** The row of `stack` in the runner's report. */
export function reportRow(stdout: string, stack: string): string {
  return stdout.split('\n').find((line) => line.split(/\s+/)[1] === stack) ?? `(no row for ${stack})`;
}
