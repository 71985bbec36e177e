import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EKSClient } from '@aws-sdk/client-eks';
import { eksToken, stsHostname } from '../../../lib/operations/verify/eks-token';
import { discoverAwsCli } from '../../support/aws-cli';
import { eksTokenProblem, TestCredentials } from '../../support/eks-token-verifier';
import { requireTool } from '../../support/required-tool';

const CREDENTIALS: TestCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
// The hash the SDK's clients carry, as verify takes it from its EKS client.
const SIGNER = { credentials: CREDENTIALS, sha256: new EKSClient({ region: 'us-west-2' }).config.sha256 };
const NOW = new Date('2026-12-01T10:02:05Z');

const decode = (token: string) => Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8');

// Under CI a missing AWS CLI fails this file; elsewhere the comparison is skipped, loudly. A CLI that is
// there but fails get-token fails the test: that is no reason to skip.
const awsCli = requireTool('the comparison with aws eks get-token', discoverAwsCli());
const withCli = awsCli ? test : test.skip;

/** `aws eks get-token`'s token, run with `credentials` and no other configuration. */
function awsCliToken(aws: string, cluster: string, region: string, credentials: TestCredentials): string {
  const home = mkdtempSync(path.join(tmpdir(), 'aws-cli-'));
  const result = spawnSync(aws, ['eks', 'get-token', '--cluster-name', cluster, '--region', region, '--output', 'json'], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      AWS_CONFIG_FILE: path.join(home, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'),
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      ...(credentials.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: credentials.sessionToken }),
    },
  });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`${aws} eks get-token exited with ${result.status ?? result.signal}:\n${result.stderr}`);
  return (JSON.parse(result.stdout) as { status: { token: string } }).status.token;
}

describe('eksToken: a bearer token as aws eks get-token makes it', () => {
  test('a presigned GET of STS GetCallerIdentity on the regional endpoint, x-k8s-aws-id signed, 60 s, base64url without padding', async () => {
    const token = await eksToken(SIGNER, { clusterName: 'k8s-nov-alice', region: 'us-west-2', now: NOW });
    expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = new URL(decode(token));
    expect(url.host).toBe('sts.us-west-2.amazonaws.com');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20261201/us-west-2/sts/aws4_request',
      'X-Amz-Date': '20261201T100205Z',
      'X-Amz-Expires': '60',
      'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  test('passes the authenticator\'s rules and a signature check for its own cluster only', async () => {
    const token = await eksToken(SIGNER, { clusterName: 'k8s-nov-alice', region: 'eu-west-1', now: NOW });
    expect(eksTokenProblem(token, 'k8s-nov-alice', CREDENTIALS, NOW)).toBeUndefined();
    expect(eksTokenProblem(token, 'k8s-nov-bob', CREDENTIALS, NOW)).toMatch(/SignatureDoesNotMatch/);
    expect(eksTokenProblem(token, 'k8s-nov-alice', { ...CREDENTIALS, secretAccessKey: 'other' }, NOW)).toMatch(/SignatureDoesNotMatch/);
    expect(eksTokenProblem(token, 'k8s-nov-alice', CREDENTIALS, new Date(NOW.getTime() + 16 * 60_000))).toMatch(/expired/);
  });

  test('temporary credentials: the session token travels in the URL', async () => {
    const credentials = { ...CREDENTIALS, sessionToken: 'IQoJb3JpZ2luX2VjE/+token=' };
    const token = await eksToken({ ...SIGNER, credentials }, { clusterName: 'c', region: 'us-west-2', now: NOW });
    expect(new URL(decode(token)).searchParams.get('X-Amz-Security-Token')).toBe(credentials.sessionToken);
    expect(eksTokenProblem(token, 'c', credentials, NOW)).toBeUndefined();
  });

  test('China regions sign for the amazonaws.com.cn STS endpoint', () => {
    expect(stsHostname('cn-north-1')).toBe('sts.cn-north-1.amazonaws.com.cn');
    expect(stsHostname('us-gov-west-1')).toBe('sts.us-gov-west-1.amazonaws.com');
  });

  withCli('the same bytes as aws eks get-token for the same credentials and signing time (with and without a session token)', async () => {
    const aws = (awsCli as NonNullable<typeof awsCli>).aws;
    for (const credentials of [CREDENTIALS, { ...CREDENTIALS, sessionToken: 'tok/en+=' }]) {
      const cli = awsCliToken(aws, 'k8s-nov-alice', 'ap-southeast-2', credentials);
      // The CLI signs at its own "now": sign ours at the same second to compare byte for byte.
      const date = new URL(decode(cli)).searchParams.get('X-Amz-Date') as string;
      const at = new Date(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
      const ours = await eksToken({ ...SIGNER, credentials }, { clusterName: 'k8s-nov-alice', region: 'ap-southeast-2', now: at });
      expect(decode(ours)).toBe(decode(cli));
      expect(ours).toBe(cli);
      // The independent verifier accepts the CLI's token too: it checks what the authenticator checks.
      expect(eksTokenProblem(cli, 'k8s-nov-alice', credentials, at)).toBeUndefined();
    }
  });
});
