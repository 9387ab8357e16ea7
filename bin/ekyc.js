#!/usr/bin/env node
// The `ekyc` command. Built output lives in dist/; `npm install` builds it.
require('../dist/main/cli/ekyc.js')
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; });
