/**
 * One measurement, run in a fresh Node process by scripts/bench.ts: loads the modules, builds the
 * app, synthesizes it into a temporary folder, and prints wall time, peak RSS and what was loaded as JSON.
 *
 * Usage: node scripts/build.mjs && node dist/scripts/bench-synth.js <which>, where which is
 * - `baseline`: a one-resource cdktf app (the AWS provider and a VPC), as a user writes it;
 * - `app` / `app-class:N` / `app-accounts:N`: the app `cdktf synth` runs (dist/main.js) for the
 *   default lab / a class of N participants in one account / N participants in accounts of their own;
 * - `lab-load`: loading the lab's modules, nothing synthesized (what a synth costs before it starts).
 */
const started = process.hrtime.bigint();

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * A class of `size` participants in one account (more than 128 are split over networks; the EKS
 * cluster quota raised to the class's size), or each in an account of their own.
 */
function classInput(size: number, accounts = false) {
  return {
    expiresOn: '2030-12-31',
    roster: {
      eksClusterQuota: Math.max(100, size),
      participants: Array.from({ length: size }, (_, i) => {
        const accountId = String(200000000001 + i);
        return accounts
          ? { id: `p${i + 1}`, accountId, principalArn: `arn:aws:iam::${accountId}:role/Learner` }
          : { id: `p${i + 1}`, principalArn: `arn:aws:iam::123456789012:role/participant-${i + 1}` };
      }),
    },
  };
}

function main(): void {
  const which = process.argv[2];
  const outdir = mkdtempSync(path.join(tmpdir(), `bench-${which.replace(/:/g, '-')}-`));
  // Modules are required inside the measurement on purpose: loading them is most of a synth's cost.
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (which === 'baseline') {
    const { App, TerraformStack } = require('cdktf') as typeof import('cdktf');
    const { AwsProvider } = require('@cdktf/provider-aws/lib/provider') as typeof import('@cdktf/provider-aws/lib/provider');
    const { Vpc } = require('@cdktf/provider-aws/lib/vpc') as typeof import('@cdktf/provider-aws/lib/vpc');
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'one-resource');
    new AwsProvider(stack, 'aws', { region: 'us-west-2' });
    new Vpc(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    app.synth();
  } else if (which === 'app' || /^app-(class|accounts):\d+$/.test(which)) {
    // What cdktf.json's "app" runs, with the configuration in a LAB_CONFIG file and its notices silenced.
    const config = path.join(outdir, 'lab.json');
    writeFileSync(config, JSON.stringify(which === 'app' ? {} : classInput(Number(which.split(':')[1]), which.startsWith('app-accounts'))));
    process.env.LAB_CONFIG = config;
    process.env.CDKTF_OUTDIR = path.join(outdir, 'out');
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    require(path.join(__dirname, '..', 'main.js'));
    process.stdout.write = write;
    if (process.exitCode !== undefined && process.exitCode !== 0) throw new Error(`dist/main.js exited ${process.exitCode}`);
  } else if (which === 'lab-load') {
    require('cdktf');
    require('../lib/config/load-lab-config');
    require('../lib/lab-app');
  } else {
    throw new Error(`unknown benchmark ${JSON.stringify(which)}: expected baseline, app, app-class:N, app-accounts:N or lab-load`);
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(outdir, { recursive: true, force: true });
  // The provider resource modules loaded, and the size of their JavaScript: what loading costs.
  const resources = new Set<string>();
  let providerBytes = 0;
  for (const file of Object.keys(require.cache)) {
    const match = /@cdktf\/provider-[a-z]+\/lib\/([a-z0-9-]+)\//.exec(file);
    if (match === null) continue;
    resources.add(match[0]);
    providerBytes += statSync(file).size;
  }
  // maxRSS is in KiB.
  console.log(
    JSON.stringify({ which, ms, peakRssMiB: process.resourceUsage().maxRSS / 1024, providerModules: resources.size, providerMiB: providerBytes / 2 ** 20 }),
  );
}

main();
