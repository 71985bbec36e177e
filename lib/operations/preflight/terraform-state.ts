import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { StateBackend, StateConfig } from '../../config/lab-config';
import { AwsCallError, awsCall, AwsFailureKind, errorParts } from '../aws-call-error';

/**
 * The IAM permissions reading the state from S3 needs: s3:GetObject, and s3:ListBucket, without which S3
 * answers AccessDenied for a state not written yet instead of NoSuchKey. (The local backend needs none.)
 */
export const STATE_READER_PERMISSIONS: readonly string[] = ['s3:GetObject', 's3:ListBucket'];

/** Whether a stack's state could be read. */
export enum StateStatus {
  /** Read: {@link StackState.holds} answers. */
  FOUND = 'found',
  /** No state yet (before the first deploy, or after a destroy that removed it): it holds nothing. */
  MISSING = 'missing',
  /** It could not be read (denied, not JSON): whether it holds a name is unknown. */
  UNREADABLE = 'unreadable',
}

/** One stack's Terraform state, as far as names go. */
export interface StackState {
  /** The stack. */
  readonly stackName: string;
  /** Where it is: a file path or `s3://bucket/key`. */
  readonly location: string;
  /** Found, missing or unreadable. */
  readonly status: StateStatus;
  /** Why it could not be read. @default - none (found or missing) */
  readonly reason?: string;
  /** Managed resources in it (0 when missing or unreadable). */
  readonly resourceCount: number;
  /** Whether it holds a resource of Terraform type `type` whose `name` attribute is `name`. False unless FOUND. */
  holds(type: string, name: string): boolean;
}

/** Reads the state of a stack by name, once per stack. */
export interface StateReader {
  /** Where the states are, for people: `local files in <dir>` or `s3://bucket/prefix/`. */
  readonly description: string;
  /** The state of `stackName`. */
  read(stackName: string): Promise<StackState>;
}

/** A Terraform state file (format version 4), as far as it is read here. */
interface TerraformStateFile {
  readonly resources?: ReadonlyArray<{
    readonly mode?: string;
    readonly type?: string;
    readonly instances?: ReadonlyArray<{ readonly attributes?: { readonly name?: unknown } }>;
  }>;
}

/**
 * The `type name` keys of the managed resources in a Terraform state, from each instance's `name`
 * attribute, and how many managed resources it has; undefined when `text` is not a state.
 *
 * @see https://developer.hashicorp.com/terraform/language/state
 */
export function parseStateNames(text: string): { readonly names: ReadonlySet<string>; readonly resourceCount: number } | undefined {
  let parsed: TerraformStateFile;
  try {
    parsed = JSON.parse(text) as TerraformStateFile;
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const managed = (parsed.resources ?? []).filter((r) => r.mode === 'managed');
  const names = new Set<string>();
  for (const resource of managed) {
    for (const instance of resource.instances ?? []) {
      const name = instance.attributes?.name;
      if (typeof name === 'string') names.add(`${resource.type} ${name}`);
    }
  }
  return { names, resourceCount: managed.length };
}

function stackState(stackName: string, location: string, status: StateStatus, text?: string, reason?: string): StackState {
  if (status !== StateStatus.FOUND || text === undefined) {
    return { stackName, location, status, resourceCount: 0, holds: () => false, ...(reason === undefined ? {} : { reason }) };
  }
  // An empty file or object holds nothing, like a state without resources.
  const parsed = text.trim() === '' ? { names: new Set<string>(), resourceCount: 0 } : parseStateNames(text);
  if (parsed === undefined) {
    return { stackName, location, status: StateStatus.UNREADABLE, reason: 'it is not a Terraform state (not JSON)', resourceCount: 0, holds: () => false };
  }
  return { stackName, location, status, resourceCount: parsed.resourceCount, holds: (type, name) => parsed.names.has(`${type} ${name}`) };
}

function once(read: (stackName: string) => Promise<StackState>): (stackName: string) => Promise<StackState> {
  const cache = new Map<string, Promise<StackState>>();
  return (stackName) => {
    let state = cache.get(stackName);
    if (state === undefined) {
      state = read(stackName);
      cache.set(stackName, state);
    }
    return state;
  };
}

/**
 * The reader of the local backend: `terraform.<stack>.tfstate` in the project folder, where
 * lib/stacks/lab-state-backend.ts puts it.
 */
export function localStateReader(projectDir: string): StateReader {
  return {
    description: `local files in ${projectDir}`,
    read: once(async (stackName) => {
      const file = path.join(projectDir, `terraform.${stackName}.tfstate`);
      try {
        return stackState(stackName, file, StateStatus.FOUND, await readFile(file, 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return stackState(stackName, file, StateStatus.MISSING);
        return stackState(stackName, file, StateStatus.UNREADABLE, undefined, errorParts(error).message);
      }
    }),
  };
}

/**
 * The reader of the S3 backend: the object `<keyPrefix>/<stack>.tfstate` in the bucket. NoSuchKey is a
 * state not written yet. A denial is UNREADABLE: without s3:ListBucket S3 answers AccessDenied for a
 * missing key too, so it cannot tell. No or expired credentials are rethrown.
 */
export function s3StateReader(s3: S3Client, state: Extract<StateConfig, { backend: StateBackend.S3 }>): StateReader {
  return {
    description: `s3://${state.bucket}/${state.keyPrefix}/ (${state.region})`,
    read: once(async (stackName) => {
      const key = `${state.keyPrefix}/${stackName}.tfstate`;
      const location = `s3://${state.bucket}/${key}`;
      try {
        const object = await awsCall('s3:GetObject', () => s3.send(new GetObjectCommand({ Bucket: state.bucket, Key: key })));
        const text = object.Body === undefined ? '' : await object.Body.transformToString();
        return stackState(stackName, location, StateStatus.FOUND, text);
      } catch (error) {
        if (!(error instanceof AwsCallError)) throw error;
        if (error.awsErrorName === 'NoSuchKey') return stackState(stackName, location, StateStatus.MISSING);
        if (error.kind === AwsFailureKind.NO_CREDENTIALS || error.kind === AwsFailureKind.EXPIRED_CREDENTIALS || error.kind === AwsFailureKind.UNREACHABLE) {
          throw error;
        }
        return stackState(stackName, location, StateStatus.UNREADABLE, undefined, `${error.operation}: ${error.awsErrorName}`);
      }
    }),
  };
}

/** The reader for the configured backend. */
export function stateReaderFor(state: StateConfig, projectDir: string, s3: (region: string) => S3Client): StateReader {
  return state.backend === StateBackend.LOCAL ? localStateReader(projectDir) : s3StateReader(s3(state.region), state);
}
