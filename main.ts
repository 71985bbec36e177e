import { App } from 'cdktf';
import type { LabConfig } from './lib/config/lab-config';
import { describeConfiguration, LabConfigError, loadLabConfig } from './lib/config/load-lab-config';

const app = new App();
let config: LabConfig;
try {
  const loaded = loadLabConfig({ context: app.node.tryGetContext('lab') });
  console.log(describeConfiguration(loaded));
  loaded.warnings.forEach((warning) => console.warn(`WARNING: ${warning}`));
  config = loaded.config;
} catch (error) {
  if (!(error instanceof LabConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// Loaded only once the configuration is valid: the stacks pull in the provider resource classes,
// most of a synth's start-up time, which a rejected configuration should not wait for.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { synthLabApp } = require('./lib/lab-app') as typeof import('./lib/lab-app');
synthLabApp(app, config);
