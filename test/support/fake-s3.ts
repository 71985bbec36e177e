import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** The S3 operations the fake answers: exactly those Terraform's S3 backend calls. */
export enum S3Operation {
  /** `GET /<bucket>?list-type=2&prefix=...`: Terraform lists workspaces (prefix `env:/`). */
  LIST_OBJECTS_V2 = 'ListObjectsV2',
  /** `HEAD /<bucket>/<key>`: the state's size before it is downloaded. */
  HEAD_OBJECT = 'HeadObject',
  /** `GET /<bucket>/<key>`: the state (ranged) or a lock file's content. */
  GET_OBJECT = 'GetObject',
  /** `PUT /<bucket>/<key>`: the state, or the lock file (conditional: `If-None-Match: *`). */
  PUT_OBJECT = 'PutObject',
  /** `DELETE /<bucket>/<key>`: releasing the lock. */
  DELETE_OBJECT = 'DeleteObject',
  /** Anything else: answered 501 NotImplemented, so a test sees Terraform asked for more. */
  UNSUPPORTED = 'Unsupported',
}

/** One request the fake S3 received, and how it answered. */
export interface S3RequestRecord {
  /** The S3 API operation, from the method, path and query. */
  readonly operation: S3Operation;
  /** The HTTP method. */
  readonly method: string;
  /** The bucket: the first path segment (path-style addressing). */
  readonly bucket: string;
  /** The object key, URL-decoded; '' for bucket-level requests. */
  readonly key: string;
  /** Query parameters (e.g. `list-type`, `prefix`, `max-keys`). */
  readonly query: Readonly<Record<string, string>>;
  /** `If-None-Match` (Terraform sends `*` when it takes the lock). */
  readonly ifNoneMatch?: string;
  /** `x-amz-server-side-encryption`: `AES256` or `aws:kms`. */
  readonly serverSideEncryption?: string;
  /** `x-amz-server-side-encryption-aws-kms-key-id`. */
  readonly kmsKeyId?: string;
  /** `Range` of a GET. */
  readonly range?: string;
  /** The checksum algorithm the client declared (`x-amz-sdk-checksum-algorithm`). */
  readonly checksumAlgorithm?: string;
  /** `x-amz-checksum-sha256` of a PUT; the fake checked it against the body (400 BadDigest otherwise). */
  readonly checksumSha256?: string;
  /** The region of the request's SigV4 credential scope (`Credential=<key>/<date>/<region>/s3/aws4_request`). */
  readonly signingRegion?: string;
  /** The decoded body of a PUT. */
  readonly body?: string;
  /** The HTTP status the fake answered with. */
  readonly status: number;
  /** The S3 error code of a failed request, e.g. `NoSuchKey`, `PreconditionFailed`. */
  readonly errorCode?: string;
}

/** An object as the fake stores it. */
export interface FakeS3Object {
  /** The content. */
  readonly body: Buffer;
  /** Quoted MD5 of the content, as S3 gives it for single-part uploads. */
  readonly etag: string;
  /** When it was stored. */
  readonly lastModified: Date;
  /** `Content-Type` it was put with. @default - none (served as binary/octet-stream) */
  readonly contentType?: string;
  /** Server-side encryption it was put with. @default - none */
  readonly serverSideEncryption?: string;
  /** KMS key it was put with. @default - none */
  readonly kmsKeyId?: string;
}

/** Options of {@link FakeS3.start}. */
export interface FakeS3Options {
  /** Buckets that exist (empty); any other bucket answers `NoSuchBucket`. */
  readonly buckets: readonly string[];
}

/**
 * An in-memory S3 on 127.0.0.1 (an ephemeral port) for Terraform's S3 backend with path-style
 * addressing (`use_path_style = true`): ListObjectsV2 (workspace listing), HeadObject and GetObject
 * (ranged, as the SDK's download manager asks), PutObject honouring `If-None-Match: *` (S3 conditional
 * writes, the basis of `use_lockfile`), DeleteObject. Signatures are not checked. Every request is
 * recorded in {@link requests}.
 *
 * @see https://github.com/hashicorp/terraform/pull/35661 (S3-native state locking)
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 */
export class FakeS3 {
  /** Starts a fake S3 with the given (empty) buckets. */
  public static async start(options: FakeS3Options): Promise<FakeS3> {
    const fake = new FakeS3(options.buckets);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  /** Every request received, in order. */
  public readonly requests: S3RequestRecord[] = [];
  private readonly buckets = new Map<string, Map<string, FakeS3Object>>();
  private readonly server: Server;
  private requestCounter = 0;

  private constructor(buckets: readonly string[]) {
    for (const bucket of buckets) this.buckets.set(bucket, new Map());
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          this.handle(req, Buffer.concat(chunks), res);
        } catch (error) {
          this.reply(res, 500, 'InternalError', (error as Error).message);
        }
      });
    });
  }

  /** The endpoint to give Terraform (`endpoints.s3`). */
  public get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Stores an object directly (e.g. a state, or another run's lock), as if a client had put it. */
  public putObject(bucket: string, key: string, body: string | Buffer): void {
    const data = Buffer.isBuffer(body) ? body : Buffer.from(body);
    this.bucket(bucket).set(key, { body: data, etag: etagOf(data), lastModified: new Date() });
  }

  /** The stored object, or undefined. */
  public getObject(bucket: string, key: string): FakeS3Object | undefined {
    return this.bucket(bucket).get(key);
  }

  /** The keys stored in `bucket`, sorted. */
  public keys(bucket: string): string[] {
    return [...this.bucket(bucket).keys()].sort();
  }

  /** Stops listening. */
  public async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private bucket(name: string): Map<string, FakeS3Object> {
    const objects = this.buckets.get(name);
    if (!objects) throw new Error(`fake S3 has no bucket ${name}`);
    return objects;
  }

  private handle(req: IncomingMessage, rawBody: Buffer, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake-s3');
    const [bucketSegment, ...keySegments] = url.pathname.slice(1).split('/');
    const bucket = decodeURIComponent(bucketSegment ?? '');
    const key = keySegments.map((segment) => decodeURIComponent(segment)).join('/');
    const query = Object.fromEntries(url.searchParams.entries());
    const method = req.method ?? 'GET';
    const operation = operationOf(method, key, query);
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(',') : value;
    };
    const base = {
      operation,
      method,
      bucket,
      key,
      query,
      ifNoneMatch: header('if-none-match'),
      serverSideEncryption: header('x-amz-server-side-encryption'),
      kmsKeyId: header('x-amz-server-side-encryption-aws-kms-key-id'),
      range: header('range'),
      checksumAlgorithm: header('x-amz-sdk-checksum-algorithm'),
      signingRegion: /Credential=[^/]+\/\d{8}\/([^/]+)\/s3\/aws4_request/.exec(header('authorization') ?? '')?.[1],
    };
    const record = (status: number, extra: Partial<S3RequestRecord> = {}) => {
      this.requests.push(withoutUndefined({ ...base, ...extra, status }));
    };
    const fail = (status: number, code: string, message: string, extra: Partial<S3RequestRecord> = {}) => {
      record(status, { ...extra, errorCode: code });
      this.reply(res, status, code, message, method === 'HEAD', { bucket, key });
    };

    if (operation === S3Operation.UNSUPPORTED) {
      fail(501, 'NotImplemented', `fake S3 does not implement ${method} ${req.url ?? ''}`);
      return;
    }
    const objects = this.buckets.get(bucket);
    if (!objects) {
      fail(404, 'NoSuchBucket', 'The specified bucket does not exist');
      return;
    }

    switch (operation) {
      case S3Operation.LIST_OBJECTS_V2: {
        if (query.delimiter !== undefined || query['continuation-token'] !== undefined) {
          fail(501, 'NotImplemented', 'fake S3 lists without delimiter or continuation');
          return;
        }
        const prefix = query.prefix ?? '';
        const maxKeys = Number(query['max-keys'] ?? 1000);
        const matching = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
        const page = matching.slice(0, maxKeys);
        const encode = query['encoding-type'] === 'url' ? (k: string) => encodeURIComponent(k).replace(/%2F/g, '/') : (k: string) => k;
        const contents = page
          .map((k) => {
            const object = objects.get(k) as FakeS3Object;
            return `<Contents><Key>${xml(encode(k))}</Key><LastModified>${object.lastModified.toISOString()}</LastModified><ETag>${xml(object.etag)}</ETag><Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
          })
          .join('');
        record(200);
        this.send(res, 200, { 'content-type': 'application/xml' },
          `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xml(bucket)}</Name><Prefix>${xml(encode(prefix))}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>${query['encoding-type'] === 'url' ? '<EncodingType>url</EncodingType>' : ''}<IsTruncated>${matching.length > page.length}</IsTruncated>${contents}</ListBucketResult>`);
        return;
      }
      case S3Operation.HEAD_OBJECT:
      case S3Operation.GET_OBJECT: {
        const object = objects.get(key);
        if (!object) {
          fail(404, 'NoSuchKey', 'The specified key does not exist.');
          return;
        }
        const headers: Record<string, string> = {
          etag: object.etag,
          'last-modified': object.lastModified.toUTCString(),
          'content-type': object.contentType ?? 'binary/octet-stream',
          'accept-ranges': 'bytes',
          ...(object.serverSideEncryption ? { 'x-amz-server-side-encryption': object.serverSideEncryption } : {}),
          ...(object.kmsKeyId ? { 'x-amz-server-side-encryption-aws-kms-key-id': object.kmsKeyId } : {}),
        };
        const range = method === 'GET' ? parseRange(base.range, object.body.length) : undefined;
        if (range === null) {
          fail(416, 'InvalidRange', 'The requested range is not satisfiable');
          return;
        }
        record(range ? 206 : 200);
        if (range) {
          headers['content-range'] = `bytes ${range.start}-${range.end}/${object.body.length}`;
          this.send(res, 206, headers, object.body.subarray(range.start, range.end + 1));
        } else {
          this.send(res, 200, headers, object.body, method === 'HEAD');
        }
        return;
      }
      case S3Operation.PUT_OBJECT: {
        const body = decodeBody(req, rawBody);
        if (typeof body === 'string') {
          fail(501, 'NotImplemented', body);
          return;
        }
        const declared = header('x-amz-checksum-sha256');
        if (declared !== undefined && declared !== createHash('sha256').update(body.data).digest('base64')) {
          fail(400, 'BadDigest', 'The SHA256 you specified did not match the calculated checksum.');
          return;
        }
        const received = withoutUndefined({ body: body.data.toString('utf8'), checksumSha256: declared });
        if (base.ifNoneMatch !== undefined && base.ifNoneMatch !== '*') {
          fail(501, 'NotImplemented', `fake S3 supports only If-None-Match: *, not ${base.ifNoneMatch}`, received);
          return;
        }
        if (base.ifNoneMatch === '*' && objects.has(key)) {
          fail(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', received);
          return;
        }
        const object: FakeS3Object = withoutUndefined({
          body: body.data,
          etag: etagOf(body.data),
          lastModified: new Date(),
          contentType: header('content-type'),
          serverSideEncryption: base.serverSideEncryption,
          kmsKeyId: base.kmsKeyId,
        });
        objects.set(key, object);
        record(200, received);
        this.send(res, 200, {
          etag: object.etag,
          ...(object.serverSideEncryption ? { 'x-amz-server-side-encryption': object.serverSideEncryption } : {}),
          ...(object.kmsKeyId ? { 'x-amz-server-side-encryption-aws-kms-key-id': object.kmsKeyId } : {}),
        });
        return;
      }
      case S3Operation.DELETE_OBJECT:
        // S3 answers 204 whether or not the key existed.
        objects.delete(key);
        record(204);
        this.send(res, 204, {});
        return;
    }
  }

  private reply(res: ServerResponse, status: number, code: string, message: string, headOnly = false, resource: { bucket?: string; key?: string } = {}): void {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xml(message)}</Message>${resource.bucket ? `<BucketName>${xml(resource.bucket)}</BucketName>` : ''}${resource.key ? `<Key>${xml(resource.key)}</Key>` : ''}<RequestId>fake</RequestId></Error>`;
    this.send(res, status, { 'content-type': 'application/xml' }, body, headOnly);
  }

  private send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer = '', headOnly = false): void {
    const data = Buffer.isBuffer(body) ? body : Buffer.from(body);
    this.requestCounter += 1;
    res.writeHead(status, {
      ...headers,
      'x-amz-request-id': `fake-${this.requestCounter}`,
      'content-length': String(data.length),
    });
    res.end(headOnly ? undefined : data);
  }
}

function operationOf(method: string, key: string, query: Record<string, string>): S3Operation {
  if (key === '') {
    return method === 'GET' && query['list-type'] === '2' ? S3Operation.LIST_OBJECTS_V2 : S3Operation.UNSUPPORTED;
  }
  // Sub-resources (?uploads, ?tagging, ?acl, ...) are other operations on the same path.
  const subresources = Object.keys(query).filter((name) => name !== 'x-id');
  if (subresources.length > 0) return S3Operation.UNSUPPORTED;
  switch (method) {
    case 'HEAD':
      return S3Operation.HEAD_OBJECT;
    case 'GET':
      return S3Operation.GET_OBJECT;
    case 'PUT':
      return S3Operation.PUT_OBJECT;
    case 'DELETE':
      return S3Operation.DELETE_OBJECT;
    default:
      return S3Operation.UNSUPPORTED;
  }
}

/**
 * The payload of a PUT, or why the fake cannot read it. Over plain HTTP the AWS SDK sends the body as is
 * with its checksum in a header (what Terraform 1.11 does here); a streamed `aws-chunked` body (checksum
 * as a trailer, used over HTTPS) is refused loudly rather than stored garbled.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 */
function decodeBody(req: IncomingMessage, raw: Buffer): { data: Buffer } | string {
  const encoding = String(req.headers['content-encoding'] ?? '');
  const sha = String(req.headers['x-amz-content-sha256'] ?? '');
  if (encoding.split(',').map((e) => e.trim()).includes('aws-chunked') || sha.startsWith('STREAMING-')) {
    return `fake S3 does not decode aws-chunked bodies (x-amz-content-sha256: ${sha})`;
  }
  return { data: raw };
}

/** `bytes=a-b` / `bytes=a-` / `bytes=-n` as inclusive offsets; undefined without a Range, null if unsatisfiable. */
function parseRange(range: string | undefined, size: number): { start: number; end: number } | undefined | null {
  if (range === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start >= size || start > end ? null : { start, end };
}

function etagOf(data: Buffer): string {
  return `"${createHash('md5').update(data).digest('hex')}"`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
