// Prints one plain closing line, "jest: N passed, N failed, N skipped", that CI logs and
// people can read at a glance (jest's own summary puts totals after the counts). Each failed
// test follows it by name with the head of its failure: CI's log keeps the end of the output,
// and jest's own failure reports come at the top of a long run, where they are cut.
const FAILURE_LINES = 12;

const plain = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const out = [`\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`];
    for (const file of results.testResults) {
      if (file.testExecError) out.push(`failed to run ${file.testFilePath}: ${plain(file.testExecError.message).split('\n').slice(0, FAILURE_LINES).join('\n  ')}`);
      for (const test of file.testResults) {
        if (test.status !== 'failed') continue;
        const head = plain(test.failureMessages.join('\n')).split('\n').filter((line) => line.trim() !== '' && !/^\s*at .*(node_modules|node:internal|new Promise)/.test(line)).slice(0, FAILURE_LINES);
        out.push(`failed: ${test.fullName} (${file.testFilePath})\n  ${head.join('\n  ')}`);
      }
    }
    process.stdout.write(`${out.join('\n')}\n`);
  }
}
module.exports = SummaryReporter;
