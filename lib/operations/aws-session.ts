import type { AwsCredentialIdentityProvider, DeserializeMiddleware, MiddlewareStack } from '@smithy/types';
import type { LabAccount } from '../plan/lab-environment';
import { NOT_THE_AWS_API } from './aws-call-error';

/** Client settings every command passes to the AWS SDK. */
export interface AwsClientSettings {
  /** Region the client calls. */
  readonly region: string;
  /** Credentials of an assumed role. @default - the SDK's default credential chain */
  readonly credentials?: AwsCredentialIdentityProvider;
  /** Attempts per call, first included. */
  readonly maxAttempts: number;
  /** `adaptive` backs off client-side when AWS throttles (a class of 30 asks many times at once). */
  readonly retryMode: 'standard' | 'adaptive';
}

/** A client class of the AWS SDK v3, e.g. `EC2Client`. */
export type AwsClientClass<C> = new (settings: AwsClientSettings) => C;

/**
 * The AWS clients of one command run: one region, the SDK's default credential chain (environment,
 * profiles, SSO, instance roles), one client per service and region, the same retry settings.
 * `AWS_ENDPOINT_URL` (and `AWS_ENDPOINT_URL_<SERVICE>`) are honoured by the SDK itself, which is how
 * the tests point commands at a local emulator.
 *
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
export interface AwsSession {
  /** The lab's region. */
  readonly region: string;
  /** The client of `clientClass` for the lab's region. */
  client<C>(clientClass: AwsClientClass<C>): C;
  /** The client of `clientClass` for another region (an S3 state bucket elsewhere, a global service). */
  clientIn<C>(clientClass: AwsClientClass<C>, region: string): C;
  /**
   * The session in a participant's own account: the same region and settings, with the credentials
   * of `account.roleArn` assumed from this session's (refreshed before they expire).
   * @see https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-credential-providers/#fromtemporarycredentials
   */
  forAccount(account: LabAccount): AwsSession;
}

/** The session name of the commands' assumed roles in participants' accounts (it shows in CloudTrail). */
export const ACCOUNT_SESSION_NAME = 'eks-workshop-lab-operation';

/** Attempts per AWS call (the SDK's default is 3). */
export const AWS_MAX_ATTEMPTS = 5;

/**
 * Makes `client` fail a call whose answer is an HTML page (a proxy's or a captive portal's, a web
 * server at AWS_ENDPOINT_URL) before the SDK parses it. The SDK's XML services (STS, EC2, IAM) parse
 * such a page as an empty, successful answer: an identity without an account, no zones, a role that
 * seems to exist. The body decides, not the `Content-Type` alone: AWS never labels an answer
 * `text/html`, but an emulator may (moto's JSON and XML answers are `text/html` when its handler sets
 * no type). The check sits inside the SDK's deserializer (a lower priority in the same step), so it
 * sees the raw HTTP response first; a body it read is handed on as bytes, which the SDK accepts.
 */
export function refuseHtmlAnswers(client: unknown): void {
  const stack = (client as { middlewareStack?: MiddlewareStack<object, object> }).middlewareStack;
  const refuse: DeserializeMiddleware<object, object> = (next) => async (args) => {
    const result = await next(args);
    const response = result.response as { statusCode?: number; headers?: Record<string, string>; body?: unknown } | undefined;
    const type = Object.entries(response?.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
    if (response === undefined || !/^\s*text\/html/i.test(type)) return result;
    const body = await bodyBytes(response.body);
    if (/^\s*<(!doctype\s+html|html[\s>])/i.test(new TextDecoder().decode(body.subarray(0, 512)))) {
      throw Object.assign(new Error(`the endpoint answered with an HTML page (HTTP ${response.statusCode ?? '?'}), not as the AWS API does`), { name: NOT_THE_AWS_API });
    }
    response.body = body;
    return result;
  };
  stack?.add(refuse, { step: 'deserialize', priority: 'low', name: 'labRefuseHtmlAnswers' });
}

/** The whole of an HTTP response body: bytes already, or a Node stream read to its end. */
async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (body === undefined || body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/**
 * Creates the session for `region`, with the SDK's default credentials or `credentials`. No AWS call
 * is made until a client is used.
 */
export function createAwsSession(region: string, credentials?: AwsCredentialIdentityProvider): AwsSession {
  const clients = new Map<AwsClientClass<unknown>, Map<string, unknown>>();
  const accounts = new Map<string, AwsSession>();
  const clientIn = <C>(clientClass: AwsClientClass<C>, clientRegion: string): C => {
    const byRegion = clients.get(clientClass) ?? new Map<string, unknown>();
    clients.set(clientClass, byRegion);
    let client = byRegion.get(clientRegion) as C | undefined;
    if (client === undefined) {
      client = new clientClass({
        region: clientRegion,
        maxAttempts: AWS_MAX_ATTEMPTS,
        retryMode: 'adaptive',
        ...(credentials === undefined ? {} : { credentials }),
      });
      refuseHtmlAnswers(client);
      byRegion.set(clientRegion, client);
    }
    return client;
  };
  const forAccount = (account: LabAccount): AwsSession => {
    let session = accounts.get(account.roleArn);
    if (session === undefined) {
      // Loaded only for a class of accounts per participant: the other commands never pay for it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { fromTemporaryCredentials } = require('@aws-sdk/credential-providers') as typeof import('@aws-sdk/credential-providers');
      session = createAwsSession(
        region,
        fromTemporaryCredentials({
          params: { RoleArn: account.roleArn, RoleSessionName: ACCOUNT_SESSION_NAME },
          ...(credentials === undefined ? {} : { masterCredentials: credentials }),
          clientConfig: { region, maxAttempts: AWS_MAX_ATTEMPTS },
        }),
      );
      accounts.set(account.roleArn, session);
    }
    return session;
  };
  return { region, client: (clientClass) => clientIn(clientClass, region), clientIn, forAccount };
}
