import type { LeftoverClients } from '../lib/leftovers/find-leftovers';
import { runLeftovers } from '../lib/leftovers/run-leftovers';

// Runs as dist/scripts/leftovers.js (compiled by `npm run leftovers`): `npm run leftovers -- --help`.

/** The real AWS clients, with the SDK's default credential chain. The SDK is loaded only when called. */
function awsClients(region: string): LeftoverClients {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EC2Client } = require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ResourceGroupsTaggingAPIClient } = require('@aws-sdk/client-resource-groups-tagging-api') as typeof import('@aws-sdk/client-resource-groups-tagging-api');
  return { ec2: new EC2Client({ region }), tagging: new ResourceGroupsTaggingAPIClient({ region }) };
}

void runLeftovers(process.argv.slice(2), { createClients: awsClients }).then((code) => {
  process.exitCode = code;
});
