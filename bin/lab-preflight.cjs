#!/usr/bin/env node
// `npx lab-preflight`: what the AWS account must allow before a deploy (`--json` for JSON), as `npm run preflight` but with nothing else on stdout.
'use strict';
require('./run-built.cjs')('preflight');
