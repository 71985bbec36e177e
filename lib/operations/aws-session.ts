import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { LabAccount } from '../plan/lab-environment';

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
