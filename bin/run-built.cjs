// Runs one of the project's commands (scripts/<name>.ts) as `npm run <name>` does: build dist/ with
// scripts/build.mjs, then run dist/scripts/<name>.js in the project folder. The bin entries in
// package.json call it, so `npx lab-estimate --json` prints only the command's own output on stdout,
// without the banner npm writes there before every `npm run` ("> eks-workshop-lab@0.1.0 estimate").
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');

/**
 * Builds and runs `dist/scripts/<name>.js` with this process's arguments, then exits with its code.
 * @param {string} name the command's file name under scripts/, without extension
 */
module.exports = function runBuilt(name) {
  // The build's own output (esbuild warnings) goes to stderr: stdout belongs to the command.
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) {
    process.stderr.write(`${name}: the build (scripts/build.mjs) failed${build.error ? `: ${build.error.message}` : ''}\n`);
    process.exit(build.status ?? 1);
  }
  // In the project folder, as npm run would: cdktf.json and a relative LAB_CONFIG are read from there.
  const run = spawnSync(process.execPath, [path.join(root, 'dist', 'scripts', `${name}.js`), ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.signal) process.kill(process.pid, run.signal);
  process.exit(run.status ?? 1);
};
