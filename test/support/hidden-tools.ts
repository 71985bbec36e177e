import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * For the tests of the tool requirement itself (issue 18): jest run on one real suite, as a contributor
 * or CI runs it, on a machine that lacks a tool. The tool is hidden by a PATH of symlinks, never by
 * changing the machine.
 */

const ROOT = path.resolve(__dirname, '..', '..');

/** The folders {@link pathWithout} made (a thousand symlinks each). */
const made: string[] = [];

/** Removes the folders {@link pathWithout} made: for afterAll. */
export function removePathsWithout(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A PATH of one folder holding a symlink to the first of every name on `pathVar` but `hidden`: the
 * same programs, less the hidden ones.
 */
export function pathWithout(hidden: readonly string[], pathVar = process.env.PATH ?? ''): string {
  const dir = mkdtempSync(path.join(tmpdir(), `lab-path-without-${hidden.join('-')}-`));
  made.push(dir);
  for (const folder of pathVar.split(path.delimiter).filter(Boolean)) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      if (hidden.includes(name) || existsSync(path.join(dir, name))) continue;
      symlinkSync(path.join(folder, name), path.join(dir, name));
    }
  }
  return dir;
}

/** What one jest run printed, and how it ended. */
export interface JestRun {
  /** Its exit code. */
  readonly code: number | null;
  /** stdout and stderr together, as a terminal would show them. */
  readonly output: string;
}

/** Variables the runs set themselves: whatever the outer run has, each run starts without them. */
const CLEARED = ['CI', 'TERRAFORM_BIN', 'TF_PROVIDER_MIRROR', 'MOTO_SERVER', 'LAB_SKIP_REPORT_DIR', 'JEST_WORKER_ID', 'FORCE_COLOR'];

/**
 * Runs the project's jest with `config` on `files` (paths from the project folder) with this
 * process's environment less {@link CLEARED}, plus `env`.
 */
export function runJest(config: string, files: readonly string[], env: Readonly<Record<string, string>>): Promise<JestRun> {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CLEARED) delete fullEnv[name];
  Object.assign(fullEnv, env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', config, '--color=false', ...files], {
      cwd: ROOT,
      env: fullEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
