#!/usr/bin/env node
// `npx lab-estimate`: what the configured lab or class costs (`--json` for JSON), as `npm run estimate` but with nothing else on stdout.
'use strict';
require('./run-built.cjs')('estimate');
