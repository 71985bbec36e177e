import { leftoversOperation } from '../lib/operations/leftovers/leftovers-operation';
import { runOperation } from '../lib/operations/run-operation';

// Runs as dist/scripts/leftovers.js (compiled by `npm run leftovers`): `npm run leftovers -- --help`.
void runOperation(leftoversOperation, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
