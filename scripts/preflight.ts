import { preflightOperation } from '../lib/operations/preflight/preflight-operation';
import { runOperation } from '../lib/operations/run-operation';

// Runs as dist/scripts/preflight.js (compiled by `npm run preflight`): `npm run preflight -- --help`.
void runOperation(preflightOperation, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
