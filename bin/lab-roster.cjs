#!/usr/bin/env node
// `npx lab-roster`: who gets which cluster (`--format csv` for CSV), as `npm run roster` but with nothing else on stdout.
'use strict';
require('./run-built.cjs')('roster');
