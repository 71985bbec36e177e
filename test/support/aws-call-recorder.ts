import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A CloudTrail of sorts for an AWS emulator: a small HTTP proxy in front of it that forwards every
 * request unchanged and records which client called which API when, and what the emulator answered.
 * Each caller gets its own endpoint (a label, say a stack name), so the record says who made a call.
 */

/** One API call that went through the recorder. */
export interface AwsCallRecord {
  /** The endpoint's label (who was pointed at it). */
  readonly label: string;
  /** The service of the SigV4 credential scope: `ec2`, `iam`, `eks`, `logs`, ... */
  readonly service: string;
  /**
   * The API action: `Action` of a query-protocol call (EC2, IAM, STS), the operation of
   * `X-Amz-Target` (JSON protocol: CloudWatch Logs, KMS), or `<METHOD> <path>` of a REST call (EKS).
   */
  readonly action: string;
  /** The HTTP method. */
  readonly method: string;
  /** The request path. */
  readonly path: string;
  /** `User-Agent`: tells terraform's AWS provider (`Terraform/...`) from the AWS CLI (`aws-cli/...`). */
  readonly userAgent: string;
  /** When the request arrived, ms since the epoch. */
  readonly startedAt: number;
  /** When the answer was sent, ms since the epoch. */
  readonly endedAt: number;
  /** The emulator's HTTP status. */
  readonly status: number;
  /** The first 300 characters of the answer of a failed call (its error code and message). */
  readonly error?: string;
}

/** True for a call that removes something: what a destroy does. */
export function isRemoval(call: AwsCallRecord): boolean {
  if (call.method === 'DELETE') return true;
  return /^(Delete|Detach|Disassociate|Release|Terminate|Revoke|Deregister|Remove|Disable|Schedule(Key)?Deletion)/.test(call.action);
}

/** True for a call the AWS CLI made (the destroy-time volume wait), not terraform's provider. */
export function isAwsCli(call: AwsCallRecord): boolean {
  return /\baws-cli\//.test(call.userAgent);
}

/** The action of a request, from its headers, query and body. */
function actionOf(req: IncomingMessage, url: URL, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() as string;
  const queryAction = url.searchParams.get('Action');
  if (queryAction) return queryAction;
  const contentType = String(req.headers['content-type'] ?? '');
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const action = new URLSearchParams(body).get('Action');
    if (action) return action;
  }
  return `${req.method} ${url.pathname}`;
}

/** The service of the request's SigV4 credential scope (`Credential=<key>/<date>/<region>/<service>/aws4_request`). */
function serviceOf(req: IncomingMessage): string {
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'unknown';
}

/** Records every call to `target` made through its endpoints. */
export class AwsCallRecorder {
  /** Every call so far, in the order the answers were sent. */
  public readonly calls: AwsCallRecord[] = [];
  private readonly servers: Server[] = [];
  /** Role ARNs whose sts:AssumeRole this recorder answers with AccessDenied instead of passing it on. */
  private readonly deniedRoles = new Set<string>();

  /** @param target the emulator's base URL, e.g. `http://127.0.0.1:5000` */
  constructor(private readonly target: string) {}

  /** A new endpoint on a free loopback port whose calls are recorded under `label`. @returns its URL */
  public async endpoint(label: string): Promise<string> {
    const server = createServer((req, res) => this.forward(label, req, res));
    this.servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /**
   * Answers every sts:AssumeRole of `roleArn` with AccessDenied, as STS does for a role that does not
   * trust the caller (moto lets any role be assumed, existing or not: moto/sts/models.py assume_role),
   * until {@link allowAssumeRole}.
   */
  public denyAssumeRole(roleArn: string): void {
    this.deniedRoles.add(roleArn);
  }

  /** Passes sts:AssumeRole of `roleArn` on again. */
  public allowAssumeRole(roleArn: string): void {
    this.deniedRoles.delete(roleArn);
  }

  /** The calls recorded under `label`. */
  public callsOf(label: string): AwsCallRecord[] {
    return this.calls.filter((c) => c.label === label);
  }

  /** Closes every endpoint. */
  public async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  }

  /** The denied role an sts:AssumeRole request (query protocol: a form-encoded body) asks for, if any. */
  private deniedRoleOf(body: string): string | undefined {
    if (this.deniedRoles.size === 0 || !body.includes('Action=AssumeRole')) return undefined;
    const roleArn = new URLSearchParams(body).get('RoleArn') ?? undefined;
    return roleArn !== undefined && this.deniedRoles.has(roleArn) ? roleArn : undefined;
  }

  private forward(label: string, req: IncomingMessage, res: ServerResponse): void {
    const startedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', this.target);
      const denied = this.deniedRoleOf(body.toString());
      if (denied !== undefined) {
        this.calls.push({ label, service: 'sts', action: 'AssumeRole', method: req.method ?? '', path: url.pathname, userAgent: String(req.headers['user-agent'] ?? ''), startedAt, endedAt: Date.now(), status: 403, error: 'AccessDenied' });
        res.writeHead(403, { 'content-type': 'text/xml' });
        res.end(
          '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
            `<Message>User: arn:aws:iam::123456789012:user/moto is not authorized to perform: sts:AssumeRole on resource: ${denied}</Message>` +
            '</Error><RequestId>denied-by-the-test-recorder</RequestId></ErrorResponse>',
        );
        return;
      }
      const upstream = request(
        url,
        { method: req.method, headers: { ...req.headers, host: url.host } },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            const answerBody = Buffer.concat(answerChunks);
            const status = answer.statusCode ?? 0;
            this.calls.push({
              label,
              service: serviceOf(req),
              action: actionOf(req, url, body.toString()),
              method: req.method ?? '',
              path: url.pathname,
              userAgent: String(req.headers['user-agent'] ?? ''),
              startedAt,
              endedAt: Date.now(),
              status,
              ...(status >= 400 ? { error: answerBody.toString().slice(0, 300) } : {}),
            });
            res.writeHead(status, answer.headers);
            res.end(answerBody);
          });
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`recorder could not reach ${this.target}: ${error.message}`);
      });
      upstream.end(body);
    });
  }
}
