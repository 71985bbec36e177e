import { App } from 'cdktf';
import { runLabMain } from './lib/lab-main';

// What cdktf.json's "app" runs (after scripts/build.mjs): everything is in runLabMain.
process.exitCode = runLabMain({ app: new App() });
