import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** `cdktf.json`, as far as the runner reads it. */
interface CdktfJson {
  readonly app?: string;
  readonly output?: string;
  readonly context?: Record<string, unknown>;
}

/** Where the synthesized stacks are: `<project>/<cdktf.json output, default cdktf.out>`. */
export function synthOutDir(projectDir: string): string {
  const file = path.join(projectDir, 'cdktf.json');
  const json = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CdktfJson) : {};
  return path.resolve(projectDir, json.output ?? 'cdktf.out');
}

/** Thrown when the synth fails: nothing can run. */
export class SynthError extends Error {
  constructor(
    message: string,
    /** The app's last output lines. */
    public readonly lines: readonly string[],
  ) {
    super(message);
    this.name = 'SynthError';
  }
}

/**
 * Synthesizes the stacks once, as `cdktf synth` does: runs `cdktf.json`'s `app` command in the project
 * folder with `CDKTF_OUTDIR` and `CDKTF_CONTEXT_JSON` (cdktf.json's `context`), the variables cdktf-cli's
 * `SynthStack.synth` (@cdktf/cli-core, synth-stack.ts) sets, without cdktf-cli's own start-up. The
 * app's output goes to `logFile` (the runner prints the configuration line itself).
 *
 * @returns the output folder and the seconds it took
 * @throws SynthError with the app's last lines
 */
export async function synthesize(options: {
  readonly projectDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logFile: string;
}): Promise<{ readonly outDir: string; readonly seconds: number }> {
  const json = JSON.parse(readFileSync(path.join(options.projectDir, 'cdktf.json'), 'utf8')) as CdktfJson;
  if (json.app === undefined) throw new SynthError(`${path.join(options.projectDir, 'cdktf.json')} has no "app" command`, []);
  const outDir = synthOutDir(options.projectDir);
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const started = Date.now();
  const lines: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(json.app as string, [], {
      cwd: options.projectDir,
      shell: true,
      env: { ...options.env, CDKTF_OUTDIR: outDir, CDKTF_CONTEXT_JSON: JSON.stringify(json.context ?? {}) } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const take = (chunk: Buffer) => {
      log.write(chunk);
      lines.push(...chunk.toString().split('\n').filter((l) => l.trim() !== ''));
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) => {
      lines.push(error.message);
      resolve(127);
    });
    child.on('close', (exitCode) => resolve(exitCode));
  });
  await new Promise<void>((resolve) => log.end(() => resolve()));
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0) throw new SynthError(`the synth (${json.app}) failed with exit ${code} (log: ${options.logFile})`, lines.slice(-20));
  return { outDir, seconds };
}
