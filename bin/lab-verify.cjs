#!/usr/bin/env node
// `npx lab-verify`: whether the deployed labs work (`--json` for JSON), as `npm run verify` but with nothing else on stdout.
'use strict';
require('./run-built.cjs')('verify');
