import { createHash, createHmac } from 'node:crypto';

/** The credentials a test signs with, and the fake STS behind a fake API server knows. */
export interface TestCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Query parameters aws-iam-authenticator accepts in a token's URL (its parameterWhitelist). */
const ALLOWED_PARAMETERS = new Set([
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
]);

/**
 * Why a token would not authenticate to cluster `clusterName`, or undefined when it would: the format
 * rules of aws-iam-authenticator's tokenVerifier.Verify (prefix, base64url, https, host
 * `sts.<region>.amazonaws.com`, path `/`, only allowed and single-valued parameters, Action
 * GetCallerIdentity, `x-k8s-aws-id` signed, X-Amz-Expires 0-900, X-Amz-Date within 15 minutes of
 * `now`), then what STS would check: the SigV4 signature recomputed here with node:crypto (independent
 * of the SDK's signer) from `credentials` and the header `x-k8s-aws-id: <clusterName>` the
 * authenticator sends.
 *
 * @see https://github.com/kubernetes-sigs/aws-iam-authenticator/blob/master/pkg/token/token.go
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */
export function eksTokenProblem(token: string, clusterName: string, credentials: TestCredentials, now: Date = new Date()): string | undefined {
  const prefix = 'k8s-aws-v1.';
  if (token.length > 4096) return 'token is too large';
  if (!token.startsWith(prefix)) return `token is missing expected "${prefix}" prefix`;
  const encoded = token.slice(prefix.length);
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return 'not base64url without padding';
  let url: URL;
  try {
    url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:') return `unexpected scheme ${url.protocol}`;
  const host = /^sts\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(url.host);
  if (host === null) return `unexpected hostname ${url.host}`;
  const region = host[1];
  if (url.pathname !== '/') return 'unexpected path';
  const params = new Map<string, string>();
  for (const key of new Set(url.searchParams.keys())) {
    if (!ALLOWED_PARAMETERS.has(key.toLowerCase())) return `non-whitelisted query parameter ${key}`;
    const values = url.searchParams.getAll(key);
    if (values.length !== 1) return 'query parameter with multiple values';
    params.set(key.toLowerCase(), values[0]);
  }
  if (params.get('action') !== 'GetCallerIdentity') return 'unexpected action parameter';
  const signedHeaders = (params.get('x-amz-signedheaders') ?? '').split(';');
  if (!signedHeaders.includes('x-k8s-aws-id')) return 'client did not sign the x-k8s-aws-id header';
  const expires = Number(params.get('x-amz-expires'));
  if (!Number.isInteger(expires) || expires < 0 || expires > 900) return `invalid X-Amz-Expires ${params.get('x-amz-expires')}`;
  const date = params.get('x-amz-date') ?? '';
  const signedAt = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (Number.isNaN(signedAt)) return `X-Amz-Date ${date} is not a date`;
  if (now.getTime() > signedAt + 15 * 60 * 1000) return 'X-Amz-Date parameter is expired (15 minute expiration)';

  // What STS does with the request the authenticator forwards: recompute the signature.
  const [accessKeyId, day, credRegion, service, terminator] = (params.get('x-amz-credential') ?? '').split('/');
  if (accessKeyId !== credentials.accessKeyId) return `signed by another access key (${accessKeyId})`;
  if (credRegion !== region || service !== 'sts' || terminator !== 'aws4_request') return 'credential scope does not match the host';
  if (credentials.sessionToken !== undefined && params.get('x-amz-security-token') !== credentials.sessionToken) return 'wrong session token';
  const headers: Record<string, string> = { host: url.host, 'x-k8s-aws-id': clusterName };
  const canonicalQuery = [...url.searchParams.entries()]
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [rfc3986(key), rfc3986(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalRequest = [
    'GET',
    '/',
    canonicalQuery,
    ...signedHeaders.map((h) => `${h}:${headers[h] ?? ''}`),
    '',
    signedHeaders.join(';'),
    createHash('sha256').update('').digest('hex'),
  ].join('\n');
  const scope = `${day}/${region}/sts/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), 'sts'), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  if (params.get('x-amz-signature') !== expected) return 'SignatureDoesNotMatch (signed for another cluster, or with other credentials)';
  return undefined;
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
