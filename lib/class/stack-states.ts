import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { StateBackend, StateConfig } from '../config/lab-config';
import { AwsCallError, awsCall, AwsFailureKind, errorParts } from '../operations/aws-call-error';

/** How much of a stack Terraform's state holds, against what `cdktf.out` says it should. */
export enum StackStatus {
  /** Every managed resource of the synthesized stack is in its state. */
  DEPLOYED = 'deployed',
  /** Some, not all (a failed or interrupted apply or destroy). */
  PARTLY_DEPLOYED = 'partly deployed',
  /** No state, or a state without managed resources. */
  DESTROYED = 'destroyed',
  /** The state could not be read (denied, not JSON). */
  UNKNOWN = 'unknown',
}

/** One stack's state, summed up. */
export interface StackState {
  /** The stack. */
  readonly stack: string;
  /** Where the state is: a file or `s3://bucket/key`. */
  readonly location: string;
  /** Deployed, partly, destroyed or unknown. */
  readonly status: StackStatus;
  /** Managed resources in the state. */
  readonly resources: number;
  /** Managed resources the synthesized stack declares. */
  readonly expected: number;
  /** Why it is unknown. @default - none */
  readonly reason?: string;
}

/** A Terraform state file (format version 4), as far as it is read here. */
interface StateFile {
  readonly resources?: ReadonlyArray<{ readonly mode?: string; readonly type?: string; readonly name?: string }>;
}

/** The synthesized stack (`cdk.tf.json`), as far as it is read here. */
interface SynthesizedStack {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The `type.name` addresses of the managed resources in a synthesized stack's JSON. */
export function synthesizedAddresses(json: string): Set<string> {
  const stack = JSON.parse(json) as SynthesizedStack;
  return new Set(Object.entries(stack.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)));
}

/**
 * The status of one stack from its state's text (undefined: no state) and the addresses its
 * synthesized JSON declares.
 *
 * @see https://developer.hashicorp.com/terraform/language/state
 */
export function stackStatus(stack: string, location: string, stateText: string | undefined, expected: ReadonlySet<string>): StackState {
  const base = { stack, location, expected: expected.size };
  if (stateText === undefined || stateText.trim() === '') return { ...base, status: StackStatus.DESTROYED, resources: 0 };
  let state: StateFile;
  try {
    state = JSON.parse(stateText) as StateFile;
  } catch {
    return { ...base, status: StackStatus.UNKNOWN, resources: 0, reason: 'the state is not JSON' };
  }
  const held = new Set((state.resources ?? []).filter((r) => r.mode === 'managed').map((r) => `${r.type}.${r.name}`));
  if (held.size === 0) return { ...base, status: StackStatus.DESTROYED, resources: 0 };
  const complete = [...expected].every((address) => held.has(address));
  return { ...base, status: complete ? StackStatus.DEPLOYED : StackStatus.PARTLY_DEPLOYED, resources: held.size };
}

/** Reads stacks' states, each once per run. */
export interface StackStateReader {
  /** Where the states are, for people. */
  readonly description: string;
  /** The state of `stack`, judged against `cdktf.out/stacks/<stack>/cdk.tf.json`. */
  read(stack: string): Promise<StackState>;
}

/** Where a stack's state text comes from: the text, or undefined when there is none yet. */
type StateSource = (stack: string) => Promise<{ readonly location: string; readonly text?: string; readonly unreadable?: string }>;

/**
 * The reader for the configured backend: the local files `terraform.<stack>.tfstate` in the project
 * folder, or the objects `<keyPrefix>/<stack>.tfstate` in the S3 bucket (where
 * lib/stacks/lab-state-backend.ts puts them). An S3 denial is `unknown`; missing or expired
 * credentials and an unreachable endpoint are thrown (the run cannot ask at all).
 */
export function stackStateReader(options: {
  readonly state: StateConfig;
  readonly projectDir: string;
  readonly outDir: string;
  readonly s3: (region: string) => S3Client;
}): StackStateReader {
  const { state } = options;
  const source: StateSource =
    state.backend === StateBackend.LOCAL
      ? async (stack) => {
          const file = path.join(options.projectDir, `terraform.${stack}.tfstate`);
          try {
            return { location: file, text: await readFile(file, 'utf8') };
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { location: file };
            return { location: file, unreadable: errorParts(error).message };
          }
        }
      : async (stack) => {
          const key = `${state.keyPrefix}/${stack}.tfstate`;
          const location = `s3://${state.bucket}/${key}`;
          try {
            const object = await awsCall('s3:GetObject', () => options.s3(state.region).send(new GetObjectCommand({ Bucket: state.bucket, Key: key })));
            return { location, text: object.Body === undefined ? '' : await object.Body.transformToString() };
          } catch (error) {
            if (!(error instanceof AwsCallError)) throw error;
            if (error.awsErrorName === 'NoSuchKey') return { location };
            if ([AwsFailureKind.NO_CREDENTIALS, AwsFailureKind.EXPIRED_CREDENTIALS, AwsFailureKind.UNREACHABLE].includes(error.kind)) throw error;
            return { location, unreadable: `${error.operation}: ${error.awsErrorName}` };
          }
        };
  const cache = new Map<string, Promise<StackState>>();
  const read = async (stack: string): Promise<StackState> => {
    const expected = synthesizedAddresses(await readFile(path.join(options.outDir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    const found = await source(stack);
    if (found.unreadable !== undefined) {
      return { stack, location: found.location, status: StackStatus.UNKNOWN, resources: 0, expected: expected.size, reason: found.unreadable };
    }
    return stackStatus(stack, found.location, found.text, expected);
  };
  return {
    description: state.backend === StateBackend.LOCAL ? `local files in ${options.projectDir}` : `s3://${state.bucket}/${state.keyPrefix}/ (${state.region})`,
    read: (stack) => {
      let result = cache.get(stack);
      if (result === undefined) {
        result = read(stack);
        cache.set(stack, result);
      }
      return result;
    },
  };
}
