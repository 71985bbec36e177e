import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compiledCommand } from '../../support/compiled-command';

/** The real entry point, scripts/preflight.ts, compiled, with the real SDK clients and no AWS reachable. */
describe('scripts/preflight.ts (the compiled command, real SDK, no AWS reachable)', () => {
  jest.setTimeout(30_000);
  const command = compiledCommand('preflight');

  test('--help: exit 0 with the usage', () => {
    const result = command.run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run preflight -- \[--participant <id>\] \[--json\]/);
  });

  test('no AWS credentials: exit 2, the SDK error and how to provide credentials, no table', () => {
    writeFileSync(path.join(command.home, 'lab.yaml'), 'labName: k8s-nov\nregion: eu-west-1\npublicAccessCidrs: [203.0.113.0/24]\n');
    const result = command.run([]);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'configuration: lab.yaml: lab k8s-nov, region eu-west-1 [Europe (Ireland)], single lab',
      'Checking the account in eu-west-1 for lab k8s-nov...',
      expect.stringMatching(/^Cannot run the preflight: lab k8s-nov in eu-west-1: sts:GetCallerIdentity failed: CredentialsProviderError: Could not load credentials/),
      'No AWS credentials were found: set AWS_PROFILE (after `aws sso login` if it is an SSO profile) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
      '',
    ]);
    expect(result.code).toBe(2);
  });
});
