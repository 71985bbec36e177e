import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathWithout, removePathsWithout, runJest } from '../support/hidden-tools';
import { TERRAFORM_INSTALL_HINT } from '../support/terraform-tools';

// The requirement itself (issue 18), on the integration tier's real terraform suites: with terraform
// hidden, CI fails each of them, naming terraform and how to get it; without CI they are skipped and
// the end-of-run list says so. A configured but broken TERRAFORM_BIN or TF_PROVIDER_MIRROR fails
// either way.

const CONFIG = 'jest.integration.config.js';
const SUITES = {
  'test/stacks/offline-plan.integration.test.ts': 'offline terraform validate/plan checks',
  'test/stacks/s3-state-backend.integration.test.ts': 'S3 backend locking checks with terraform against a fake S3',
  'test/stacks/workloads-meta-arguments.integration.test.ts': "terraform validate of the workloads stack's meta-arguments",
};
const MISSING = `terraform: no terraform on PATH and TERRAFORM_BIN is unset; get it: ${TERRAFORM_INSTALL_HINT}`;

/** The tests `file` declares (`test(` at the start of a line), so the counts below follow the suites as they grow. */
function testsIn(file: string): number {
  return (readFileSync(path.join(__dirname, '..', '..', file), 'utf8').match(/^\s*test(\.each\([^)]*\))?\(/gm) ?? []).length;
}

afterAll(removePathsWithout);

describe('terraform hidden (not on PATH, TERRAFORM_BIN unset)', () => {
  jest.setTimeout(180_000);
  let PATH: string;
  beforeAll(() => {
    PATH = pathWithout(['terraform']);
  });

  test('under CI every terraform suite fails, naming terraform and how to get it, and nothing is planned', async () => {
    const run = await runJest(CONFIG, Object.keys(SUITES), { PATH, CI: 'true' });
    expect(run.code).toBe(1);
    for (const [file, what] of Object.entries(SUITES)) {
      expect(run.output).toContain(`FAIL ${file}`);
      expect(run.output).toContain(`RequiredToolMissing: ${what} cannot run: ${MISSING}. Under CI (CI=true) a missing tool fails the run`);
    }
    expect(run.output).toMatch(/^Test Suites: 3 failed, 3 total$/m);
    expect(run.output).toMatch(/^Tests: +0 total$/m);
  });

  test('without CI they are skipped, exit 0, and the end-of-run list names each skip (a file skipped whole too)', async () => {
    const run = await runJest(CONFIG, Object.keys(SUITES), { PATH });
    expect(run.code).toBe(0);
    const list = run.output.slice(run.output.indexOf('Skipped in this run:'));
    const offline = testsIn('test/stacks/offline-plan.integration.test.ts');
    const meta = testsIn('test/stacks/workloads-meta-arguments.integration.test.ts');
    // The S3 suite skips its two terraform tests and runs the rest.
    const skipped = offline + meta + 2;
    expect(list).toMatch(new RegExp(`^Skipped in this run: ${skipped} tests, 3 registered skips$`, 'm'));
    expect(list).toContain(`test/stacks/offline-plan.integration.test.ts (whole file skipped: ${offline} tests)`);
    expect(list).toContain(`test/stacks/workloads-meta-arguments.integration.test.ts (whole file skipped: ${meta} tests)`);
    for (const what of Object.values(SUITES)) expect(list).toContain(`missing tool (fails under CI): ${what}: ${MISSING}`);
    // The suite's other checks (state configuration validation) still ran.
    expect(run.output).toMatch(new RegExp(`^Tests: +${skipped} skipped, 8 passed, ${skipped + 8} total$`, 'm'));
  });
});

describe('a configured but broken terraform or mirror fails without CI too', () => {
  jest.setTimeout(180_000);

  test('TERRAFORM_BIN naming nothing', async () => {
    const run = await runJest(CONFIG, ['test/stacks/workloads-meta-arguments.integration.test.ts'], { TERRAFORM_BIN: '/nonexistent/terraform' });
    expect(run.code).toBe(1);
    expect(run.output).toContain('MisconfiguredTool: TERRAFORM_BIN ("/nonexistent/terraform") must name a terraform that runs: no such file');
  });

  test('TF_PROVIDER_MIRROR without the AWS provider', async () => {
    const mirror = mkdtempSync(path.join(tmpdir(), 'lab-empty-mirror-'));
    const run = await runJest(CONFIG, ['test/stacks/offline-plan.integration.test.ts'], { TF_PROVIDER_MIRROR: mirror });
    expect(run.code).toBe(1);
    expect(run.output).toContain(`MisconfiguredTool: TF_PROVIDER_MIRROR (${JSON.stringify(mirror)}) must be a filesystem mirror holding registry.terraform.io/hashicorp/aws/<version>: it holds none`);
  });
});
