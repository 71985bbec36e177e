import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LabConfigError } from '../../lib/config/load-lab-config';
import { loadDeployableLabPlan } from '../../lib/cost/load-deployable-lab-plan';
import { OperationExitCode, runOperation } from '../../lib/operations/run-operation';
import { preflightOperation } from '../../lib/operations/preflight/preflight-operation';
import { runEstimate } from '../../scripts/estimate';
import { runRoster } from '../../scripts/roster';

/** A class whose five thresholds leave no room for the two leftover ones: cdktf synth rejects it. */
const TOO_MANY_THRESHOLDS = [
  'expiresOn: 2099-12-31',
  'budget: { alertEmails: [instructor@example.com], thresholdPercents: [20, 40, 60, 80, 100] }',
  'roster:',
  '  participants:',
  ...[1, 2, 3].map((i) => `    - { id: p0${i}, principalArn: "arn:aws:iam::123456789012:role/p0${i}" }`),
  '',
].join('\n');
const REASON = 'budget.thresholdPercents (20, 40, 60, 80, 100) leaves no room for the 2 leftover thresholds';

function project(): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'lab-deployable-'));
  writeFileSync(path.join(cwd, 'lab.yaml'), TOO_MANY_THRESHOLDS);
  return cwd;
}

describe('a configuration cdktf synth rejects for its budget is rejected by every command', () => {
  test('loadDeployableLabPlan throws it with the source and the reason', () => {
    const cwd = project();
    expect(() => loadDeployableLabPlan({ env: {}, cwd })).toThrow(LabConfigError);
    expect(() => loadDeployableLabPlan({ env: {}, cwd })).toThrow(REASON);
  });

  test('estimate and roster: exit 1 with the reason, nothing on stdout', () => {
    for (const command of [runEstimate, (argv: readonly string[], deps: { env: Record<string, string>; cwd: string; stdout: (t: string) => void; stderr: (t: string) => void }) => runRoster(argv, { env: deps.env, cwd: deps.cwd, out: deps.stdout, err: deps.stderr })]) {
      let out = '';
      let err = '';
      const code = command([], { env: {}, cwd: project(), stdout: (t) => (out += t), stderr: (t) => (err += t) });
      expect([code, out]).toEqual([1, '']);
      expect(err).toContain(REASON);
    }
  });

  test('preflight (every command run by runOperation): exit 2 before any AWS call, with the reason', async () => {
    let stderr = '';
    const code = await runOperation(preflightOperation, [], {
      env: {},
      cwd: project(),
      createSession: () => {
        throw new Error('no AWS session for a rejected configuration');
      },
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t) },
    });
    expect(code).toBe(OperationExitCode.CANNOT_ASK);
    expect(stderr).toContain(REASON);
  });
});
