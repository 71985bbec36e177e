import { AwsCallError } from '../../../lib/operations/aws-call-error';
import { isNoSuchEntity, PreflightCheck, runPreflightCheck } from '../../../lib/operations/preflight/preflight-check';
import { labConfig } from '../../support/fixtures';
import { awsError, checkContext } from './fake-account';

const failing = (error: unknown): PreflightCheck => ({
  name: 'Demo',
  permissions: ['demo:Read', 'demo:List'],
  run: async () => {
    throw error;
  },
});

describe('runPreflightCheck', () => {
  const context = checkContext(labConfig());

  test('a denied call is a NOT CHECKED row, naming the call and what to allow; the rest goes on', async () => {
    expect(await runPreflightCheck(failing(new AwsCallError('demo:Read', awsError('AccessDeniedException', 'no'))), context)).toEqual([
      { check: 'Demo', result: 'NOT CHECKED', figure: 'not checked: demo:Read was denied', fix: 'allow demo:Read, demo:List to the deploying identity to run this check' },
    ]);
  });

  test('throttling and other AWS errors are NOT CHECKED rows too, with what AWS said', async () => {
    expect(await runPreflightCheck(failing(new AwsCallError('demo:Read', awsError('ThrottlingException', 'slow down'))), context)).toEqual([
      { check: 'Demo', result: 'NOT CHECKED', figure: 'not checked: demo:Read was throttled', fix: 'run the preflight again in a minute' },
    ]);
    expect((await runPreflightCheck(failing(new AwsCallError('demo:Read', awsError('InternalFailure', 'oops'))), context))[0]).toMatchObject({
      figure: 'not checked: demo:Read failed (InternalFailure)',
      fix: 'AWS said: demo:Read failed: InternalFailure: oops',
    });
  });

  test('an endpoint that answers not as AWS does (an HTML page, an emulator without the API): NOT CHECKED, in words, not the SDK\'s parse error', async () => {
    const html = Object.assign(new SyntaxError("Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response"), {
      $metadata: { httpStatusCode: 200 },
    });
    const [row] = await runPreflightCheck(failing(new AwsCallError('demo:Read', html)), context);
    expect(row).toEqual({
      check: 'Demo',
      result: 'NOT CHECKED',
      figure: 'not checked: demo:Read was not answered as the AWS API answers',
      fix: expect.stringMatching(/^The endpoint answered, but not as the AWS API does \(an HTML page, a proxy's error, or an emulator without this API\): check AWS_ENDPOINT_URL/),
    });
    expect(row.fix).not.toMatch(/Deserialization|\$response|SyntaxError/);
  });

  test('no credentials, expired credentials, unreachable AWS, and defects are thrown (exit 2)', async () => {
    for (const name of ['CredentialsProviderError', 'ExpiredToken']) {
      await expect(runPreflightCheck(failing(new AwsCallError('demo:Read', awsError(name, 'x'))), context)).rejects.toBeInstanceOf(AwsCallError);
    }
    const unreachable = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    await expect(runPreflightCheck(failing(new AwsCallError('demo:Read', unreachable)), context)).rejects.toBeInstanceOf(AwsCallError);
    await expect(runPreflightCheck(failing(new TypeError('bug')), context)).rejects.toThrow('bug');
  });
});

test("isNoSuchEntity: the SDK's NoSuchEntityException and the wire code NoSuchEntity, nothing else", () => {
  expect(isNoSuchEntity(new AwsCallError('iam:GetRole', awsError('NoSuchEntityException', 'x')))).toBe(true);
  expect(isNoSuchEntity(new AwsCallError('iam:GetRole', awsError('NoSuchEntity', 'x')))).toBe(true);
  expect(isNoSuchEntity(new AwsCallError('iam:GetRole', awsError('AccessDenied', 'x')))).toBe(false);
  expect(isNoSuchEntity(awsError('NoSuchEntityException', 'not wrapped'))).toBe(false);
});
