import { spawnSync } from 'node:child_process';
import { Discovery, findOnPath } from './required-tool';

/**
 * The AWS CLI, which the destroy-time volume wait runs (`aws ec2 describe-volumes`) and whose
 * `aws eks get-token` the verify command's token is compared with. It must honour `AWS_ENDPOINT_URL`
 * (v1 >= 1.29, v2 >= 2.13) for the emulator round trips.
 */

/** How to get the AWS CLI, as a failure or a skip line says it. */
export const AWS_CLI_INSTALL_HINT = 'pip install "awscli>=1.29", or the AWS CLI v2 >= 2.13 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html), on PATH';

/** The oldest release of each major version that honours AWS_ENDPOINT_URL. */
const MINIMUM: Readonly<Record<string, readonly [number, number]>> = { '1': [1, 29], '2': [2, 13] };

/** The AWS CLI found on PATH. */
export interface AwsCli {
  readonly available: true;
  /** Its path. */
  readonly aws: string;
  /** What `aws --version` says, e.g. `aws-cli/1.45.11`. */
  readonly version: string;
}

/** Finds `aws` on PATH and checks that it runs and is new enough. */
export function discoverAwsCli(env: NodeJS.ProcessEnv = process.env): Discovery<AwsCli> {
  const tool = 'the AWS CLI';
  const aws = findOnPath('aws', env.PATH ?? '');
  if (aws === undefined) return { available: false, tool, reason: 'no aws on PATH', install: AWS_CLI_INSTALL_HINT };
  const result = spawnSync(aws, ['--version'], { encoding: 'utf8', env, timeout: 60_000 });
  // v1 printed its version on stderr before 1.18, on stdout since; v2 on stdout.
  const said = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const version = /aws-cli\/(\d+)\.(\d+)\.\d+/.exec(said);
  if (result.error !== undefined || result.status !== 0 || version === null) {
    const why = result.error?.message ?? `\`aws --version\` exited with ${result.status ?? result.signal}: ${said.trim().split('\n').slice(-3).join(' ')}`;
    return { available: false, tool, reason: `the aws on PATH (${aws}) does not run: ${why}`, install: AWS_CLI_INSTALL_HINT };
  }
  const [major, minor] = [Number(version[1]), Number(version[2])];
  const minimum = MINIMUM[String(major)];
  if (minimum === undefined || minor < minimum[1]) {
    return { available: false, tool, reason: `the aws on PATH (${aws}) is ${version[0]}, which ignores AWS_ENDPOINT_URL`, install: AWS_CLI_INSTALL_HINT };
  }
  return { available: true, aws, version: version[0] };
}
