// Preloaded with `node -r` by test/cli/commands-load-no-cdktf.integration.test.ts: when the process
// exits, writes the file name of every CommonJS module it loaded to $RECORD_LOADED_MODULES.
'use strict';
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  writeFileSync(process.env.RECORD_LOADED_MODULES, JSON.stringify(Object.keys(require.cache)));
});
