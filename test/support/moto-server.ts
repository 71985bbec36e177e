import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { Discovery, findOnPath, MisconfiguredTool } from './required-tool';

/**
 * moto, the AWS emulator, in server mode: one process on a free loopback port, started and stopped by
 * the test that uses it.
 *
 * @see https://docs.getmoto.org/en/latest/docs/server_mode.html
 */

/** The environment variable naming moto: a Python interpreter that has moto, or a `moto_server` command. */
export const MOTO_SERVER_ENV = 'MOTO_SERVER';

/** How to get moto, as a failure or a skip line says it (5.2.1 is the version the emulator tier is proven with). */
export const MOTO_INSTALL_HINT = `pip install "moto[server]==5.2.1" for the python3 on PATH, or set ${MOTO_SERVER_ENV} to a Python that has it`;

/** How to start moto: `command` followed by `args`, then `-H <host> -p <port>`. */
export interface MotoCommand {
  /** The executable. */
  readonly command: string;
  /** Arguments before the host and port. */
  readonly args: readonly string[];
}

/** Where moto was found, or why it cannot be used. */
export type MotoDiscovery = Discovery<{ readonly available: true } & MotoCommand>;

/** True when `python` imports moto's server (Flask and the rest of `moto[server]`). */
function hasMotoServer(python: string): boolean {
  return spawnSync(python, ['-c', 'import moto.server'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
}

/**
 * Finds moto: `$MOTO_SERVER` (a Python interpreter, run as `<python> -m moto.server`, or any other
 * executable, run as is, such as `moto_server`), else a `python3` on PATH that imports `moto.server`.
 *
 * @throws MisconfiguredTool when `$MOTO_SERVER` is set but unusable: an explicit choice that fails is an error, not a skip
 */
export function discoverMoto(env: NodeJS.ProcessEnv = process.env): MotoDiscovery {
  const configured = env[MOTO_SERVER_ENV];
  if (configured !== undefined && configured !== '') {
    const executable = path.isAbsolute(configured) || configured.includes('/') ? configured : findOnPath(configured, env.PATH ?? '');
    if (executable === undefined || !existsSync(executable)) {
      throw new MisconfiguredTool(`${MOTO_SERVER_ENV} (${JSON.stringify(configured)}) must name an executable: not found`);
    }
    if (/^python[0-9.]*$/.test(path.basename(executable))) {
      if (!hasMotoServer(executable)) {
        throw new MisconfiguredTool(`${MOTO_SERVER_ENV} (${JSON.stringify(configured)}) must be a Python with moto's server: \`import moto.server\` failed (${MOTO_INSTALL_HINT})`);
      }
      return { available: true, command: executable, args: ['-m', 'moto.server'] };
    }
    return { available: true, command: executable, args: [] };
  }
  const python = findOnPath('python3', env.PATH ?? '');
  if (python === undefined) return { available: false, tool: 'moto', reason: `no ${MOTO_SERVER_ENV} and no python3 on PATH`, install: MOTO_INSTALL_HINT };
  if (!hasMotoServer(python)) {
    return { available: false, tool: 'moto', reason: `${python} cannot import moto.server and ${MOTO_SERVER_ENV} is unset`, install: MOTO_INSTALL_HINT };
  }
  return { available: true, command: python, args: ['-m', 'moto.server'] };
}

/** A port nothing listens on right now, on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** One running moto server. */
export class MotoServer {
  /**
   * Starts moto on a free loopback port with AWS's managed IAM policies loaded (without them every
   * managed-policy attachment fails) and resolves once it answers.
   */
  public static async start(moto: MotoCommand, options: { readonly timeoutMs?: number } = {}): Promise<MotoServer> {
    const port = await freePort();
    const child = spawn(moto.command, [...moto.args, '-H', '127.0.0.1', '-p', String(port)], {
      env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group, so stop() ends moto and anything it started, and nothing else.
      detached: true,
    });
    const server = new MotoServer(child, `http://127.0.0.1:${port}`);
    try {
      await server.waitUntilAnswering(options.timeoutMs ?? 60_000);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  private stderrTail = '';
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    /** The server's base URL, `http://127.0.0.1:<port>`. */
    public readonly url: string,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
    });
    child.once('exit', () => {
      this.exited = true;
      process.off('exit', this.killOnExit);
    });
    // Should jest end this process without afterAll (a crash, a timeout), moto must not outlive it.
    process.on('exit', this.killOnExit);
  }

  private readonly killOnExit = () => {
    if (!this.exited && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };

  /** The process id of the server (the leader of its process group). */
  public get pid(): number | undefined {
    return this.child.pid;
  }

  private async waitUntilAnswering(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`moto exited before it answered:\n${this.stderrTail}`);
      try {
        const response = await fetch(`${this.url}/moto-api/`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`moto did not answer on ${this.url} within ${timeoutMs} ms:\n${this.stderrTail}`);
  }

  /** Forgets every resource (moto keeps its state in memory, per server process). */
  public async reset(): Promise<void> {
    const response = await fetch(`${this.url}/moto-api/reset`, { method: 'POST' });
    if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
  }

  /** Stops this server's process group (moto and its children) and waits until moto has exited. */
  public async stop(): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-(this.child.pid as number), name);
      } catch {
        // Already gone.
      }
    };
    signal('SIGTERM');
    const killTimer = setTimeout(() => signal('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killTimer);
  }
}
