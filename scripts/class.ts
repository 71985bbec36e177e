import { runClassCommand } from '../lib/class/class-command';

// Runs as dist/scripts/class.js (compiled by `npm run class`): `npm run class -- --help`.
void runClassCommand(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
