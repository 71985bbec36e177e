import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CredentialsProviderError } from '@smithy/core/config';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsCall, AwsCallError, AwsFailureKind, classifyAwsFailure } from '../../lib/operations/aws-call-error';
import { createAwsSession } from '../../lib/operations/aws-session';
import { mapInFlight, TimeoutError, withTimeout } from '../../lib/operations/concurrency';
import { Operation, OperationContext, OperationExitCode, runOperation } from '../../lib/operations/run-operation';
import { textTable } from '../../lib/operations/text-table';

/** A fake operation: its `run` does what the test says, and records what it was given. */
function operation(run: (context: OperationContext) => Promise<{ problems: number }>): Operation<{ problems: number }> {
  return {
    name: 'demo',
    usage: 'Usage: npm run demo -- [--json] [--deep]\n',
    cannotAsk: 'Cannot demo',
    permissions: () => ['demo:Read'],
    options: { deep: { type: 'boolean' } },
    run,
    exitCode: (r) => (r.problems === 0 ? OperationExitCode.OK : OperationExitCode.FINDINGS),
    formatText: (r) => `${r.problems} problems\n`,
  };
}

async function run(op: Operation<{ problems: number }>, argv: string[], lab = 'labName: demo\npublicAccessCidrs: [203.0.113.0/24]\n') {
  const cwd = mkdtempSync(path.join(tmpdir(), 'run-operation-'));
  writeFileSync(path.join(cwd, 'lab.yaml'), lab);
  let stdout = '';
  let stderr = '';
  const regions: string[] = [];
  const code = await runOperation(op, argv, {
    cwd,
    env: {},
    createSession: (region) => {
      regions.push(region);
      return createAwsSession(region);
    },
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    now: new Date('2026-12-01T10:00:00Z'),
  });
  return { code, stdout, stderr, regions };
}

describe('runOperation', () => {
  test('reads lab.yaml, says so on stderr, passes its own options, prints text and picks the exit code', async () => {
    let seen: OperationContext | undefined;
    const result = await run(
      operation(async (context) => {
        seen = context;
        context.progress('asking...');
        return { problems: 2 };
      }),
      ['--deep'],
    );
    expect(result).toEqual({
      code: OperationExitCode.FINDINGS,
      stdout: '2 problems\n',
      stderr: 'configuration: lab.yaml: lab demo, region us-west-2 [US West (Oregon)], single lab\nasking...\n',
      regions: ['us-west-2'],
    });
    expect(seen?.args).toMatchObject({ deep: true, json: false });
    expect(seen?.now.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    // The folder lab.yaml was read from: where the local state files are too.
    expect(readFileSync(path.join(seen?.projectDir ?? '', 'lab.yaml'), 'utf8')).toMatch(/^labName: demo/);
  });

  test('--json: the report as JSON on stdout; --help: the usage, exit 0, nothing asked', async () => {
    const asked = jest.fn(async () => ({ problems: 0 }));
    expect(JSON.parse((await run(operation(asked), ['--json'])).stdout)).toEqual({ problems: 0 });
    expect(await run(operation(asked), ['--help'])).toMatchObject({ code: 0, stdout: 'Usage: npm run demo -- [--json] [--deep]\n' });
    expect(asked).toHaveBeenCalledTimes(1);
  });

  test('a bad command line or configuration: exit 2, nothing asked', async () => {
    const asked = jest.fn(async () => ({ problems: 0 }));
    const badFlag = await run(operation(asked), ['--deeper']);
    expect(badFlag.code).toBe(OperationExitCode.CANNOT_ASK);
    expect(badFlag.stderr).toMatch(/^demo: Unknown option '--deeper'.*\n\nUsage: npm run demo/s);
    const badConfig = await run(operation(asked), [], 'labName: Bad_Name\n');
    expect(badConfig).toMatchObject({ code: OperationExitCode.CANNOT_ASK, stdout: '' });
    // The configuration line first, as for an accepted configuration, then why it was rejected.
    expect(badConfig.stderr).toMatch(/^configuration: lab\.yaml: rejected, 1 problem\nCannot demo: Invalid lab configuration:\n {2}- labName \("Bad_Name"\)/);
    const single = await run(operation(asked), ['--participant', 'ana']);
    expect(single.stderr).toMatch(/Cannot demo: --participant \("ana"\) needs a roster: the configuration describes the single lab demo\n$/);
    expect(asked).not.toHaveBeenCalled();
  });

  test('an AWS failure: exit 2 with the operation, the error and the fix; with --json as JSON', async () => {
    const failing = operation(async () => {
      throw new AwsCallError('demo:Read', new CredentialsProviderError('Could not load credentials from any providers'));
    });
    const text = await run(failing, []);
    expect(text.code).toBe(OperationExitCode.CANNOT_ASK);
    expect(text.stderr.split('\n').slice(1)).toEqual([
      'Cannot demo: lab demo in us-west-2: demo:Read failed: CredentialsProviderError: Could not load credentials from any providers',
      expect.stringMatching(/^No AWS credentials were found: set AWS_PROFILE/),
      '',
    ]);
    expect(JSON.parse((await run(failing, ['--json'])).stdout).error).toMatch(/^lab demo in us-west-2: demo:Read failed: CredentialsProviderError/);
  });

  test('a defect of the command itself is said to be one, exit 2, not a crash', async () => {
    const broken = await run(
      operation(async () => {
        throw new TypeError('x is undefined');
      }),
      [],
    );
    expect(broken.code).toBe(OperationExitCode.CANNOT_ASK);
    expect(broken.stderr).toMatch(/Cannot demo: lab demo in us-west-2: TypeError: x is undefined \(an error of the demo command itself, please report it\)/);
  });
});

describe('classifyAwsFailure', () => {
  test.each([
    [new CredentialsProviderError('Could not load credentials from any providers'), AwsFailureKind.NO_CREDENTIALS],
    [{ name: 'ExpiredTokenException', message: 'The security token included in the request is expired' }, AwsFailureKind.EXPIRED_CREDENTIALS],
    [{ name: 'AccessDeniedException', message: 'User is not authorized' }, AwsFailureKind.ACCESS_DENIED],
    [{ name: 'UnauthorizedOperation', message: 'You are not authorized' }, AwsFailureKind.ACCESS_DENIED],
    [{ name: 'ThrottlingException', message: 'Rate exceeded' }, AwsFailureKind.THROTTLED],
    [Object.assign(new Error('getaddrinfo ENOTFOUND ec2.us-west-2.amazonaws.com'), { code: 'ENOTFOUND' }), AwsFailureKind.UNREACHABLE],
    [{ name: 'ValidationException', message: 'bad' }, AwsFailureKind.OTHER],
  ])('%o is %s', (error, kind) => {
    expect(classifyAwsFailure(error)).toBe(kind);
  });
});

describe('createAwsSession', () => {
  class FakeClient {
    constructor(public readonly settings: unknown) {}
  }

  test('one client per class and region, with the retry settings', () => {
    const session = createAwsSession('eu-west-1');
    const client = session.client(FakeClient);
    expect(session.client(FakeClient)).toBe(client);
    expect(client.settings).toEqual({ region: 'eu-west-1', maxAttempts: 5, retryMode: 'adaptive' });
    const other = session.clientIn(FakeClient, 'us-east-1');
    expect(other).not.toBe(client);
    expect(other.settings).toMatchObject({ region: 'us-east-1' });
  });

  describe('an endpoint that answers with an HTML page (a proxy, a captive portal)', () => {
    let server: Server;
    let url: string;
    const saved = { ...process.env };
    beforeAll(async () => {
      server = createServer((request, response) => {
        // STS's own answer when the test asks for XML (?xml), an HTML page otherwise.
        if (request.url?.includes('xml')) {
          // As moto answers: the API's XML, labelled text/html (its handler sets no type).
          response.writeHead(200, { 'content-type': request.url.includes('moto') ? 'text/html; charset=utf-8' : 'text/xml' });
          response.end(
            '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
              '<Arn>arn:aws:iam::123456789012:user/me</Arn><UserId>AIDA</UserId><Account>123456789012</Account>' +
              '</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
          );
          return;
        }
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!DOCTYPE html><html><body>Sign in to the network</body></html>');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    });
    afterAll(async () => {
      process.env = saved;
      await new Promise((resolve) => server.close(resolve));
    });

    test('an XML service (STS), which the SDK would parse as an empty answer, and a JSON one fail as NOT_THE_API, in words', async () => {
      process.env.AWS_ENDPOINT_URL = url;
      const session = createAwsSession('us-west-2');
      for (const call of [
        () => awsCall('sts:GetCallerIdentity', () => session.client(STSClient).send(new GetCallerIdentityCommand({}))),
        () => awsCall('tag:GetResources', () => session.client(ResourceGroupsTaggingAPIClient).send(new GetResourcesCommand({}))),
      ]) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AwsCallError);
        expect((error as AwsCallError).kind).toBe(AwsFailureKind.NOT_THE_API);
        expect((error as AwsCallError).message).toMatch(/failed: NotTheAwsApi: the endpoint answered with an HTML page \(HTTP 200\), not as the AWS API does$/);
      }
    });

    test("STS's own XML answer passes through untouched, also when an emulator labels it text/html", async () => {
      for (const endpoint of [`${url}/xml`, `${url}/moto-xml`]) {
        process.env.AWS_ENDPOINT_URL = endpoint;
        const answer = await createAwsSession('us-west-2').client(STSClient).send(new GetCallerIdentityCommand({}));
        expect([endpoint, answer.Account, answer.Arn]).toEqual([endpoint, '123456789012', 'arn:aws:iam::123456789012:user/me']);
      }
    });
  });
});

describe('concurrency', () => {
  test('mapInFlight keeps order and never runs more than the limit at once', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapInFlight([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  test('withTimeout gives the result in time, a TimeoutError and an aborted signal after', async () => {
    await expect(withTimeout('fast', 1000, async () => 'done')).resolves.toBe('done');
    let aborted = false;
    const slow = withTimeout('cluster p01', 20, (signal) => new Promise((resolve) => signal.addEventListener('abort', () => ((aborted = true), resolve('late')))));
    await expect(slow).rejects.toEqual(new TimeoutError('cluster p01', 20));
    expect(aborted).toBe(true);
  });
});

describe('textTable', () => {
  test('pads columns to their widest cell, the last one unpadded', () => {
    expect(textTable(['CHECK', 'FIGURE', 'RESULT'], [['vCPU quota', '12 of 32', 'PASS'], ['EKS clusters', '3 of 100', 'PASS']])).toBe(
      ['CHECK         FIGURE    RESULT', 'vCPU quota    12 of 32  PASS', 'EKS clusters  3 of 100  PASS'].join('\n'),
    );
  });
});
