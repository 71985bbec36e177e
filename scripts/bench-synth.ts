/**
 * One measurement, run in a fresh Node process by scripts/bench.ts: loads the modules, builds the
 * app, synthesizes it into a temporary folder, and prints wall time and peak RSS as JSON.
 *
 * Usage: node scripts/build.mjs && node dist/scripts/bench-synth.js <baseline|cluster|lab|class:N>
 */
const started = process.hrtime.bigint();

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

function main(): void {
  const which = process.argv[2];
  const outdir = mkdtempSync(path.join(tmpdir(), `bench-${which}-`));
  // Modules are required inside the measurement on purpose: loading them is most of a synth's cost.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App, TerraformStack } = require('cdktf') as typeof import('cdktf');
  const app = new App({ outdir });
  if (which === 'baseline') {
    const { AwsProvider } = require('@cdktf/provider-aws/lib/provider') as typeof import('@cdktf/provider-aws/lib/provider');
    const { Vpc } = require('@cdktf/provider-aws/lib/vpc') as typeof import('@cdktf/provider-aws/lib/vpc');
    const stack = new TerraformStack(app, 'one-resource');
    new AwsProvider(stack, 'aws', { region: 'us-west-2' });
    new Vpc(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    app.synth();
  } else if (which === 'cluster') {
    const { parseLabConfig } = require('../lib/config/load-lab-config') as typeof import('../lib/config/load-lab-config');
    const { LabClusterStack } = require('../lib/stacks/lab-cluster-stack') as typeof import('../lib/stacks/lab-cluster-stack');
    const { labEnvironments } = require('../lib/fleet/lab-environment') as typeof import('../lib/fleet/lab-environment');
    const config = parseLabConfig({});
    const [environment] = labEnvironments(config);
    new LabClusterStack(app, environment.clusterStackName, { config, environment });
    app.synth();
  } else if (which === 'lab') {
    const { parseLabConfig } = require('../lib/config/load-lab-config') as typeof import('../lib/config/load-lab-config');
    const { synthLabApp } = require('../lib/lab-app') as typeof import('../lib/lab-app');
    synthLabApp(app, parseLabConfig({})); // what main.ts runs
  } else if (/^class:\d+$/.test(which)) {
    const { parseLabConfig } = require('../lib/config/load-lab-config') as typeof import('../lib/config/load-lab-config');
    const { synthLabApp } = require('../lib/lab-app') as typeof import('../lib/lab-app');
    const size = Number(which.split(':')[1]);
    // maxSize 3 so that 100 participants fit the shared network's address space.
    synthLabApp(
      app,
      parseLabConfig({
        expiresOn: '2026-12-31',
        nodeGroup: { maxSize: 3 },
        roster: {
          participants: Array.from({ length: size }, (_, i) => ({
            id: `p${i + 1}`,
            principalArn: `arn:aws:iam::123456789012:role/participant-${i + 1}`,
          })),
        },
      }),
    );
  } else {
    throw new Error(`unknown benchmark ${JSON.stringify(which)}: expected baseline, cluster, lab or class:N`);
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(outdir, { recursive: true, force: true });
  // maxRSS is in KiB.
  console.log(JSON.stringify({ which, ms, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

main();
