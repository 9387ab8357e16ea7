// The `ekyc` CLI from the benchmark's snapshot of dist/ (bin/ekyc.js without the path to dist/).
require(require('node:path').join(__dirname, '..', '.work', 'run', 'dist', 'main', 'cli', 'ekyc.js'))
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; });
