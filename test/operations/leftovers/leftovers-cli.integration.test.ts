import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compiledCommand } from '../../support/compiled-command';

/** The real entry point, scripts/leftovers.ts, compiled, with the real SDK clients and no AWS reachable. */
describe('scripts/leftovers.ts (the compiled command, real SDK, no AWS reachable)', () => {
  jest.setTimeout(30_000);
  const command = compiledCommand('leftovers');

  test('--help: exit 0 with the usage', () => {
    const result = command.run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run leftovers -- \[--participant <id>\] \[--json\]/);
  });

  test('no AWS credentials: exit 2 and the SDK error, not a crash or a clean report', () => {
    const result = command.run([]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Cannot check for leftovers: lab eks-workshop in us-west-2: \S+ failed: CredentialsProviderError: Could not load credentials/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(result.code).toBe(2);
  });

  test('unknown participant: exit 2 naming it', () => {
    writeFileSync(
      path.join(command.home, 'lab.json'),
      JSON.stringify({
        expiresOn: '2026-12-31',
        roster: { participants: [{ id: 'alice', principalArn: 'arn:aws:iam::123456789012:role/alice' }] },
        budget: { enabled: false }, // no budget guard, and no warning about it
      }),
    );
    const result = command.run(['--participant', 'zoe'], { LAB_CONFIG: 'lab.json' });
    expect(result.stderr.split('\n')).toEqual([
      'configuration: lab.json (from LAB_CONFIG): lab eks-workshop, region us-west-2 [US West (Oregon)], class of 1 participant',
      expect.stringMatching(/^WARNING: publicAccessCidrs includes 0\.0\.0\.0\/0/),
      'Cannot check for leftovers: --participant ("zoe") must be one of roster.participants: alice',
      '',
    ]);
    expect(result.code).toBe(2);
  });
});
