#!/usr/bin/env node
// `npx lab-class deploy|destroy|status|workflow`: the class runner, as `npm run class --` but with nothing else on stdout.
'use strict';
require('./run-built.cjs')('class');
