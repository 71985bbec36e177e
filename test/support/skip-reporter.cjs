// @ts-check
/**
 * A jest reporter, registered after 'default' in all three jest configs, that ends every run with the
 * list of what was skipped and why (issue 18):
 *
 * - every skipped, pending or todo test, by file, and a file skipped whole (jest drops the console
 *   output of such a file, so its own `!!! SKIPPED` line never shows);
 * - every skip a test file registered through test/support/required-tool.ts: a missing tool (with how
 *   to get it) or a known gap of this machine kind (with its reason);
 * - or `nothing skipped`.
 *
 * Test files reach it through a folder it creates when jest constructs it, before any worker starts
 * (workers inherit the environment at their start): its path is in LAB_SKIP_REPORT_DIR, and each
 * process appends JSON lines to its own file there.
 *
 * Under CI (the environment variable CI set to anything but '', 'false' or '0', the rule of
 * required-tool.ts's isCi) a skipped test fails the run (jest turns a reporter's getLastError into
 * exit code 1): there every tool must be present and nothing may be left out but known gaps, which skip
 * no test. A run filtered with -t/--testNamePattern is exempt: skipping is what it asked for.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SKIP_REPORT_DIR_ENV = 'LAB_SKIP_REPORT_DIR';

/** @param {NodeJS.ProcessEnv} env */
function isCi(env) {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== 'false' && value !== '0';
}

/**
 * @typedef {{ kind: 'missing-tool' | 'known-gap', file?: string, what: string, reason: string }} SkipRecord
 * @typedef {{ file: string, wholeFile: boolean, tests: string[], records: SkipRecord[] }} FileSkips
 */

/** @param {string} dir @returns {SkipRecord[]} the records in `dir`, each once */
function readRecords(dir) {
  /** @type {Map<string, SkipRecord>} */
  const seen = new Map();
  if (!fs.existsSync(dir)) return [];
  for (const name of fs.readdirSync(dir).sort()) {
    for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const record = /** @type {SkipRecord} */ (JSON.parse(line));
      seen.set(JSON.stringify([record.kind, record.file, record.what, record.reason]), record);
    }
  }
  return [...seen.values()];
}

/**
 * The end-of-run list.
 * @param {FileSkips[]} files by file, in order
 * @param {SkipRecord[]} unattributed records without a file
 * @param {(file: string) => string} relative
 */
function formatSkips(files, unattributed, relative) {
  const tests = files.reduce((n, f) => n + f.tests.length, 0);
  const records = files.reduce((n, f) => n + f.records.length, 0) + unattributed.length;
  if (tests === 0 && records === 0) return 'Skipped in this run: nothing skipped';
  const lines = [`Skipped in this run: ${tests} test${tests === 1 ? '' : 's'}, ${records} registered skip${records === 1 ? '' : 's'}`];
  /** @param {SkipRecord} r */
  const recordLine = (r) =>
    r.kind === 'known-gap'
      ? `    known gap (skipped under CI too): ${r.what}: ${r.reason}`
      : `    missing tool (fails under CI): ${r.what}: ${r.reason}`;
  for (const f of files) {
    if (f.tests.length === 0 && f.records.length === 0) continue;
    lines.push(`  ${relative(f.file)}${f.wholeFile ? ` (whole file skipped: ${f.tests.length} tests)` : ''}`);
    lines.push(...f.records.map(recordLine));
    if (f.tests.length > 0 && f.records.length === 0) lines.push('    no reason registered (test/support/required-tool.ts)');
    if (!f.wholeFile) lines.push(...f.tests.map((t) => `    skipped: ${t}`));
  }
  if (unattributed.length > 0) {
    lines.push('  (file unknown)');
    lines.push(...unattributed.map(recordLine));
  }
  return lines.join('\n');
}

class SkipReporter {
  /**
   * @param {import('@jest/reporters').Config.GlobalConfig} globalConfig
   */
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
    // A nested jest (a test that runs jest) makes its own folder: never the parent's.
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-skips-'));
    process.env[SKIP_REPORT_DIR_ENV] = this.dir;
    process.once('exit', () => fs.rmSync(this.dir, { recursive: true, force: true }));
    /** @type {Map<string, FileSkips>} */
    this.files = new Map();
    /** @type {Error | undefined} */
    this.error = undefined;
  }

  onRunStart() {
    // Watch mode runs again with the same reporter: start each run empty.
    this.files.clear();
    this.error = undefined;
    for (const name of fs.readdirSync(this.dir)) fs.rmSync(path.join(this.dir, name), { force: true });
  }

  /**
   * @param {unknown} _test
   * @param {import('@jest/test-result').TestResult} result
   */
  onTestResult(_test, result) {
    const tests = result.testResults
      .filter((t) => t.status === 'pending' || t.status === 'skipped' || t.status === 'todo')
      .map((t) => `${[...t.ancestorTitles, t.title].join(' > ')}${t.status === 'todo' ? ' (todo)' : ''}`);
    this.files.set(result.testFilePath, { file: result.testFilePath, wholeFile: result.skipped, tests, records: [] });
  }

  onRunComplete() {
    const records = readRecords(this.dir);
    /** @type {SkipRecord[]} */
    const unattributed = [];
    for (const record of records) {
      const file = record.file === undefined ? undefined : this.files.get(record.file);
      if (file === undefined && record.file !== undefined) {
        this.files.set(record.file, { file: record.file, wholeFile: false, tests: [], records: [record] });
      } else if (file === undefined) unattributed.push(record);
      else file.records.push(record);
    }
    const files = [...this.files.values()].sort((a, b) => a.file.localeCompare(b.file));
    const rootDir = this.globalConfig.rootDir;
    const list = formatSkips(files, unattributed, (file) => path.relative(rootDir, file));

    const filtered = this.globalConfig.testNamePattern !== undefined && this.globalConfig.testNamePattern !== '';
    const skippedTests = files.flatMap((f) => f.tests.map((t) => `${path.relative(rootDir, f.file)}: ${t}`));
    const missing = records.filter((r) => r.kind === 'missing-tool');
    if (isCi(process.env) && !filtered && (skippedTests.length > 0 || missing.length > 0)) {
      this.error = new Error(
        `under CI (CI=${process.env.CI}) nothing may be skipped but known gaps: ${[...skippedTests, ...missing.map((r) => `${r.what} (${r.reason})`)].join('; ')}`,
      );
    }
    const error = this.error;
    // After jest's summary, which its SummaryReporter (always the last reporter) prints synchronously
    // once this method has returned: the run ends with the list. The error is set now, as jest reads
    // getLastError right after the reporters' onRunComplete.
    setImmediate(() => {
      process.stderr.write(`\n${list}\n${error === undefined ? '' : `Skip reporter: ${error.message}\n`}`);
    });
  }

  getLastError() {
    return this.error;
  }
}

module.exports = SkipReporter;
module.exports.formatSkips = formatSkips;
module.exports.isCi = isCi;
module.exports.SKIP_REPORT_DIR_ENV = SKIP_REPORT_DIR_ENV;
