import { App } from 'cdktf';
import type { LabConfig } from './lib/config/lab-config';
import { describeConfiguration, LabConfigError, loadLabConfig } from './lib/config/load-lab-config';
import { AppOutput } from './lib/private/app-output';

const app = new App();
const output = new AppOutput();
let config: LabConfig | undefined;
try {
  const loaded = loadLabConfig({ context: app.node.tryGetContext('lab') });
  output.notice(describeConfiguration(loaded));
  loaded.warnings.forEach((warning) => output.warning(warning));
  config = loaded.config;
} catch (error) {
  if (!(error instanceof LabConfigError)) throw error;
  output.rejected(error);
  process.exitCode = 1;
}

if (config !== undefined) {
  // Loaded only once the configuration is valid: the stacks pull in the provider resource classes,
  // most of a synth's start-up time, which a rejected configuration should not wait for.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthLabApp } = require('./lib/lab-app') as typeof import('./lib/lab-app');
  synthLabApp(app, config);
}
