/** Client settings every command passes to the AWS SDK. */
export interface AwsClientSettings {
  /** Region the client calls. */
  readonly region: string;
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
}

/** Attempts per AWS call (the SDK's default is 3). */
export const AWS_MAX_ATTEMPTS = 5;

/** Creates the session for `region`. No AWS call is made until a client is used. */
export function createAwsSession(region: string): AwsSession {
  const clients = new Map<AwsClientClass<unknown>, Map<string, unknown>>();
  const clientIn = <C>(clientClass: AwsClientClass<C>, clientRegion: string): C => {
    const byRegion = clients.get(clientClass) ?? new Map<string, unknown>();
    clients.set(clientClass, byRegion);
    let client = byRegion.get(clientRegion) as C | undefined;
    if (client === undefined) {
      client = new clientClass({ region: clientRegion, maxAttempts: AWS_MAX_ATTEMPTS, retryMode: 'adaptive' });
      byRegion.set(clientRegion, client);
    }
    return client;
  };
  return { region, client: (clientClass) => clientIn(clientClass, region), clientIn };
}
