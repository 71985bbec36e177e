import { compiledCommand } from '../../support/compiled-command';

/** The real entry point, scripts/verify.ts, compiled, with the real SDK clients and no AWS reachable. */
describe('scripts/verify.ts (the compiled command, real SDK, no AWS reachable)', () => {
  jest.setTimeout(30_000);
  const command = compiledCommand('verify');

  test('--help: exit 0 with the usage', () => {
    const result = command.run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run verify -- \[--participant <id>\] \[--timeout <seconds>\] \[--json\]/);
  });

  test('no AWS credentials: exit 2 and the SDK error, not a crash or a report', () => {
    const result = command.run([]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Cannot verify the labs: lab eks-workshop in us-west-2: \S+ failed: CredentialsProviderError: Could not load credentials/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(2);
  });
});
