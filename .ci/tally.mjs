// Adds up the JSON reports of vitest and Playwright into one plain closing line.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let unreadable = 0;
for (const file of process.argv.slice(2)) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    // A suite that died mid-way may leave no report, or half of one: say so, and fail.
    console.error(`tally: cannot read ${file}: ${error.message}`);
    unreadable++;
    continue;
  }
  if ('numPassedTests' in report) {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  } else if (report.stats) {
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped${unreadable ? `, ${unreadable} report(s) unreadable` : ''}`);
process.exit(failed > 0 || unreadable > 0 || passed === 0 ? 1 : 0);
