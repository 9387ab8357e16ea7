// Prints one plain closing line, "jest: N passed, N failed, N skipped", that CI logs and
// people can read at a glance (jest's own summary puts totals after the counts).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
