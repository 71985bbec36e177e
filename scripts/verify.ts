import { runOperation } from '../lib/operations/run-operation';
import { verifyOperation } from '../lib/operations/verify/verify-operation';

// Runs as dist/scripts/verify.js (compiled by `npm run verify`): `npm run verify -- --help`.
void runOperation(verifyOperation, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
