#!/usr/bin/env node
// `npx lab-leftovers`: what is still in AWS for the lab (`--json` for JSON), as `npm run leftovers` but with nothing else on stdout.
'use strict';
require('./run-built.cjs')('leftovers');
