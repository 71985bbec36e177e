#!/usr/bin/env node
// Drives cdktf's own terminal wrapper, spawnPty of @cdktf/cli-core (what `cdktf deploy` and
// `cdktf destroy` run terraform init/apply/destroy through), on the Node that runs this file, with
// the terminal module that the package.json override installs. Each check prints one line; exit 0
// when all pass, 1 otherwise. Used by test/cli/cdktf-terminal.test.ts and scripts/ci/node-matrix.sh.
//
// Usage: node scripts/ci/pty-probe.cjs [project folder, default: this repository]
'use strict';
const path = require('node:path');

const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..'));
/** The folder of cdktf-cli's bundle: its require('@cdktf/node-pty-prebuilt-multiarch') resolves from there. */
const cliBundle = path.join(root, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cmds');
const { spawnPty } = require(path.join(root, 'node_modules', '@cdktf', 'cli-core', 'src', 'lib', 'models', 'pty-process.js'));

const TIMEOUT_MS = 10_000;

/**
 * Runs `script` with sh in a pty through spawnPty; `react(output, actions)` is called on each chunk.
 * @returns {Promise<{ exitCode: number, output: string }>}
 */
function runInPty(script, react = () => {}, env = process.env) {
  return new Promise((resolve, reject) => {
    let output = '';
    const { exitCode, actions } = spawnPty({ file: 'sh', args: ['-c', script], options: { cwd: root, env } }, (data) => {
      output += data;
      react(output, actions);
    });
    const timer = setTimeout(() => {
      actions.stop();
      reject(new Error(`no exit within ${TIMEOUT_MS} ms; output so far: ${JSON.stringify(output)}`));
    }, TIMEOUT_MS);
    exitCode.then((code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, output });
    });
  });
}

/** Each check: a name and a function that throws when the behaviour is not there. */
const CHECKS = [
  [
    'cdktf-cli loads the terminal module of the override',
    async () => {
      const pkg = require(require.resolve('@cdktf/node-pty-prebuilt-multiarch/package.json', { paths: [cliBundle] }));
      if (pkg.name !== '@lydell/node-pty') throw new Error(`resolves to ${pkg.name}@${pkg.version}, not @lydell/node-pty`);
      require(require.resolve('@cdktf/node-pty-prebuilt-multiarch', { paths: [cliBundle] }));
      return `${pkg.name}@${pkg.version}`;
    },
  ],
  [
    'the child runs on a terminal, in the given folder, with the given environment',
    async () => {
      const env = { ...process.env, PTY_PROBE: 'from-parent' };
      // Judged by the exit code (output after it may be lost: see the next check); the output is for the report.
      const script = `echo "tty=$(test -t 0 && test -t 1 && echo yes) pwd=$PWD probe=$PTY_PROBE"; test -t 0 && test -t 1 && [ "$PWD" = '${root}' ] && [ "$PTY_PROBE" = from-parent ] && exit 5; exit 6`;
      const { exitCode, output } = await runInPty(script, undefined, env);
      const expected = `tty=yes pwd=${root} probe=from-parent`;
      if (exitCode !== 5) throw new Error(`exit ${exitCode} (5: on a terminal, in ${root}, with PTY_PROBE=from-parent), output ${JSON.stringify(output)}`);
      return expected;
    },
  ],
  [
    "terraform's approval question is answered through writeLine, and the exit code comes back",
    async () => {
      const question = 'Do you want to perform these actions?\\n  Enter a value: ';
      let answered = false;
      // The answer comes back in the exit code, not in output after it: node-pty may report the exit
      // before the last output (microsoft/node-pty#72), which made this check fail now and then.
      const { exitCode, output } = await runInPty(`printf '${question}'; read answer; [ "$answer" = yes ] && exit 7; exit 8`, (out, actions) => {
        if (!answered && out.includes('Enter a value:')) {
          answered = true;
          actions.writeLine('yes');
        }
      });
      if (!answered || exitCode !== 7) throw new Error(`exit ${exitCode} (7: the answer was yes, 8: it was not), output ${JSON.stringify(output)}`);
      return 'the answer arrived, exit 7';
    },
  ],
  [
    'stop() interrupts the child (Ctrl-C through the terminal)',
    async () => {
      let stopped = false;
      // The trap's own exit code says the interrupt arrived (output after the exit may be lost, see above).
      const { exitCode, output } = await runInPty("trap 'exit 131' INT; echo ready; while :; do sleep 1; done", (out, actions) => {
        if (!stopped && out.includes('ready')) {
          stopped = true;
          actions.stop();
        }
      });
      if (!stopped || exitCode !== 131) throw new Error(`exit ${exitCode} (131: the INT trap ran), output ${JSON.stringify(output)}`);
      return 'interrupted: the INT trap exited 131';
    },
  ],
];

(async () => {
  let failed = 0;
  for (const [name, check] of CHECKS) {
    try {
      const detail = await check();
      console.log(`ok   ${name} (${detail})`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`pty probe on Node ${process.version}: ${CHECKS.length - failed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
})();
