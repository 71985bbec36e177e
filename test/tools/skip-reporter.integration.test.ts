import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runJest } from '../support/hidden-tools';

// The end-of-run list (test/support/skip-reporter.cjs) on small suites written for the test: it comes
// after jest's summary, names each skipped test and registered skip, says 'nothing skipped' when so,
// and under CI fails a run that skipped a test, but not one whose only gap is a known gap.

const ROOT = path.resolve(__dirname, '..', '..');
const load = createRequire(__filename);
const REQUIRED_TOOL = path.join(ROOT, 'test', 'support', 'required-tool');

const dir = mkdtempSync(path.join(tmpdir(), 'lab-skip-reporter-'));
const suite = (name: string, body: string) => {
  writeFileSync(path.join(dir, name), body);
  return path.join(dir, name);
};
const PLAIN = suite('plain.test.ts', "test('runs', () => expect(1).toBe(1));\n");
const LITERAL_SKIP = suite('literal-skip.test.ts', "test('runs', () => expect(1).toBe(1));\ntest.skip('is left out', () => expect(1).toBe(2));\n");
const KNOWN_GAP = suite(
  'known-gap.test.ts',
  `import { knownGap } from ${JSON.stringify(REQUIRED_TOOL)};\nknownGap('the thing', 'no machine of this kind can do it');\ntest('runs', () => expect(1).toBe(1));\n`,
);
// The project's transform and the reporter, on a jest whose root is the folder above.
const CONFIG = JSON.stringify({
  rootDir: dir,
  testMatch: ['**/*.test.ts'],
  transform: Object.fromEntries(
    Object.entries(load(path.join(ROOT, 'jest.transform.js')) as Record<string, [string, unknown]>).map(([pattern, [transformer, options]]) => [pattern, [load.resolve(transformer), options]]),
  ),
  reporters: ['default', path.join(ROOT, 'test', 'support', 'skip-reporter.cjs')],
});

describe('the end-of-run list of skips', () => {
  jest.setTimeout(120_000);

  test("nothing skipped: it says so, after jest's summary", async () => {
    const run = await runJest(CONFIG, [PLAIN], { CI: 'true' });
    expect(run.code).toBe(0);
    expect(run.output.trimEnd().endsWith('Skipped in this run: nothing skipped')).toBe(true);
    expect(run.output.indexOf('Ran all test suites')).toBeLessThan(run.output.indexOf('Skipped in this run'));
  });

  test('a skipped test without CI: listed, with no reason registered, and the run passes', async () => {
    const run = await runJest(CONFIG, [LITERAL_SKIP], {});
    expect(run.code).toBe(0);
    expect(run.output).toContain(
      'Skipped in this run: 1 test, 0 registered skips\n  literal-skip.test.ts\n    no reason registered (test/support/required-tool.ts)\n    skipped: is left out',
    );
  });

  test('a skipped test under CI fails the run, naming it', async () => {
    const run = await runJest(CONFIG, [LITERAL_SKIP], { CI: 'true' });
    expect(run.code).toBe(1);
    expect(run.output).toContain('Skip reporter: under CI (CI=true) nothing may be skipped but known gaps: literal-skip.test.ts: is left out');
  });

  test('but not when the run asked for it with -t', async () => {
    const run = await runJest(CONFIG, [LITERAL_SKIP, '-t', 'runs'], { CI: 'true' });
    expect(run.code).toBe(0);
    expect(run.output).not.toContain('Skip reporter:');
  });

  test('a known gap under CI: listed with its reason, and the run passes', async () => {
    const run = await runJest(CONFIG, [KNOWN_GAP], { CI: 'true' });
    expect(run.code).toBe(0);
    expect(run.output).toContain('Skipped in this run: 0 tests, 1 registered skip\n  known-gap.test.ts\n    known gap (skipped under CI too): the thing: no machine of this kind can do it');
  });
});
