import { App } from 'cdktf';
import { LabConfigError, loadLabConfig } from './lib/config/load-lab-config';
import { synthLabApp } from './lib/lab-app';

const app = new App();
try {
  const { config, warnings } = loadLabConfig({ context: app.node.tryGetContext('lab') });
  warnings.forEach((warning) => console.warn(`WARNING: ${warning}`));
  synthLabApp(app, config);
} catch (error) {
  if (!(error instanceof LabConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
