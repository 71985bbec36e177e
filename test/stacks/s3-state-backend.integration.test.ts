import { LabConfigError, parseLabConfig } from '../../lib/config/load-lab-config';
import { FakeS3, S3Operation } from '../support/fake-s3';
import { classConfig, configProblems, labConfig, StackJson, synthLab } from '../support/fixtures';
import { discoverOfflineTerraform, OFFLINE_AWS_SETTINGS, planOffline } from '../support/offline-terraform';
import { requireTool } from '../support/required-tool';

const STATE = { backend: 's3', bucket: 'class-state', keyPrefix: 'labs/eks', region: 'us-east-1' } as const;
/** A state of the shared network from an earlier apply (empty), so a plan has state to read. */
const EARLIER_STATE = JSON.stringify({
  version: 4,
  terraform_version: '1.11.4',
  serial: 3,
  lineage: '5d2f4b8e-7a1c-4e0b-9f3a-2c6d8e1b0a47',
  outputs: {},
  resources: [],
  check_results: null,
});
const KMS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The `s3` backend block of a synthesized stack (fails the test if the stack has another backend). */
function s3BackendOf(stack: StackJson): Record<string, unknown> {
  const backend = stack.terraform.backend as Record<string, Record<string, unknown>>;
  expect(Object.keys(backend)).toEqual(['s3']);
  return backend.s3;
}

/** The `terraform_remote_state` data sources of a stack, by logical id. */
function remoteStatesOf(stack: StackJson): Record<string, { backend: string; config: Record<string, unknown> }> {
  return (stack.data?.terraform_remote_state ?? {}) as Record<string, { backend: string; config: Record<string, unknown> }>;
}

/** Which stacks each stack reads through remote state, from the data sources' ids. */
function readsFrom(stacks: Record<string, StackJson>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(stacks).map(([id, stack]) => [
      id,
      Object.keys(remoteStatesOf(stack)).map((name) => name.replace(/^cross-stack-reference-input-/, '')).sort(),
    ]),
  );
}

/** The backend every stack of a STATE configuration must have. */
const expectedBackend = (stack: string) => ({
  bucket: 'class-state',
  key: `labs/eks/${stack}.tfstate`,
  region: 'us-east-1',
  encrypt: true,
  use_lockfile: true,
});

describe('S3 state backend in the synthesized JSON', () => {
  test('single lab: every stack keeps its state in S3 under <keyPrefix>/<stack>.tfstate, encrypted, with the S3 lockfile', () => {
    const stacks = synthLab(labConfig({ state: STATE }));
    expect(Object.keys(stacks).sort()).toEqual(['eks-workshop-cluster', 'eks-workshop-workloads']);
    for (const [id, stack] of Object.entries(stacks)) {
      expect(s3BackendOf(stack)).toEqual(expectedBackend(id));
    }
  });

  test('class: the shared network and every participant stack have their own state key in the one bucket', () => {
    const stacks = synthLab(classConfig(2, { state: STATE }));
    expect(Object.keys(stacks).sort()).toEqual([
      'eks-workshop-network',
      'eks-workshop-p01-cluster',
      'eks-workshop-p01-workloads',
      'eks-workshop-p02-cluster',
      'eks-workshop-p02-workloads',
    ]);
    for (const [id, stack] of Object.entries(stacks)) {
      expect(s3BackendOf(stack)).toEqual(expectedBackend(id));
    }
    const keys = Object.values(stacks).map((stack) => s3BackendOf(stack).key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('defaults: keyPrefix is the lab name and region the lab region; the bucket default encryption applies (no kms_key_id)', () => {
    const stacks = synthLab(labConfig({ labName: 'kube-lab', region: 'eu-west-1', state: { backend: 's3', bucket: 'class-state' } }));
    expect(s3BackendOf(stacks['kube-lab-cluster'])).toEqual({
      bucket: 'class-state',
      key: 'kube-lab/kube-lab-cluster.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      use_lockfile: true,
    });
    expect(s3BackendOf(stacks['kube-lab-workloads']).key).toBe('kube-lab/kube-lab-workloads.tfstate');
  });

  test('kmsKeyId is passed to the backend as kms_key_id', () => {
    const stacks = synthLab(classConfig(1, { state: { ...STATE, kmsKeyId: KMS_KEY } }));
    for (const stack of Object.values(stacks)) {
      expect(s3BackendOf(stack)).toEqual(expect.objectContaining({ kms_key_id: KMS_KEY, encrypt: true, use_lockfile: true }));
    }
  });

  test('cross-stack references read the producing stack\'s S3 state (same bucket, key and region)', () => {
    const stacks = synthLab(classConfig(2, { state: STATE }));
    expect(readsFrom(stacks)).toEqual({
      'eks-workshop-network': [],
      'eks-workshop-p01-cluster': ['eks-workshop-network'],
      'eks-workshop-p01-workloads': ['eks-workshop-p01-cluster'],
      'eks-workshop-p02-cluster': ['eks-workshop-network'],
      'eks-workshop-p02-workloads': ['eks-workshop-p02-cluster'],
    });
    for (const [consumer, producers] of Object.entries(readsFrom(stacks))) {
      for (const producer of producers) {
        const remote = remoteStatesOf(stacks[consumer])[`cross-stack-reference-input-${producer}`];
        const { bucket, key, region, encrypt } = s3BackendOf(stacks[producer]);
        expect(remote.backend).toBe('s3');
        expect(remote.config).toEqual({ bucket, key, region, encrypt });
      }
    }
  });

  test('single lab: the workloads stack reads the cluster stack\'s S3 state', () => {
    const stacks = synthLab(labConfig({ state: STATE }));
    expect(remoteStatesOf(stacks['eks-workshop-workloads'])).toEqual({
      'cross-stack-reference-input-eks-workshop-cluster': {
        backend: 's3',
        config: { bucket: 'class-state', key: 'labs/eks/eks-workshop-cluster.tfstate', region: 'us-east-1', encrypt: true },
        workspace: '${terraform.workspace}',
      },
    });
  });
});

describe('state configuration validation', () => {
  const problemsOf = configProblems;


  test('backend s3 without a bucket is rejected, naming state.bucket', () => {
    expect(() => parseLabConfig({ state: { backend: 's3' } })).toThrow(LabConfigError);
    expect(problemsOf({ state: { backend: 's3' } })).toEqual([expect.stringMatching(/^state\.bucket\b.*must be set when state\.backend is s3/)]);
  });

  test('a bucket with the local backend is rejected, naming state.bucket', () => {
    expect(problemsOf({ state: { bucket: 'class-state' } })).toEqual([expect.stringMatching(/^state\.bucket\b.*applies only to state\.backend s3/)]);
    expect(problemsOf({ state: { backend: 'local', bucket: 'class-state', keyPrefix: 'labs' } })).toEqual([
      expect.stringMatching(/^state\.bucket\b.*applies only to state\.backend s3/),
      expect.stringMatching(/^state\.keyPrefix\b.*applies only to state\.backend s3/),
    ]);
  });
});

// terraform and the AWS provider mirror: under CI their absence fails this file; elsewhere these checks are skipped, loudly.
const tools = requireTool('S3 backend locking checks with terraform against a fake S3', discoverOfflineTerraform());
const describeOffline = tools ? describe : describe.skip;

/** What the offline check adds to the synthesized backend: the fake endpoint, fake keys, no AWS calls. */
function offlineAdditions(endpoint: string): Record<string, unknown> {
  return {
    endpoints: { s3: endpoint },
    use_path_style: true,
    ...OFFLINE_AWS_SETTINGS,
  };
}

/**
 * The backend block for the override file: the synthesized `s3` block as is, plus the offline additions
 * (Terraform replaces the backend block from an override file whole).
 */
function offlineBackend(stack: StackJson, endpoint: string): Record<string, unknown> {
  const synthesized = s3BackendOf(stack);
  const additions = offlineAdditions(endpoint);
  // The additions must not replace anything synthesized: what Terraform uses is what cdktf wrote.
  expect(Object.keys(additions).filter((name) => name in synthesized)).toEqual([]);
  return { s3: { ...synthesized, ...additions } };
}

describeOffline('S3 backend with use_lockfile, against a fake S3 (terraform init + plan)', () => {
  const offline = tools as NonNullable<typeof tools>;
  let network: StackJson;
  let bucket: string;
  let key: string;
  let lockKey: string;
  let s3: FakeS3;

  beforeAll(() => {
    // The shared network of a class: it uses only the AWS provider, which the mirror holds.
    network = synthLab(classConfig(2, { state: STATE }))['eks-workshop-network'];
    ({ bucket, key } = s3BackendOf(network) as { bucket: string; key: string });
    lockKey = `${key}.tflock`;
  });
  beforeEach(async () => {
    s3 = await FakeS3.start({ buckets: [bucket] });
  });
  afterEach(async () => {
    await s3.close();
  });

  /** The requests for one key, in order. */
  const requestsFor = (k: string) => s3.requests.filter((r) => r.key === k);

  test('init and plan: the plan takes the lock with a conditional PUT of <key>.tflock, reads the state under it, then deletes the lock', async () => {
    s3.putObject(bucket, key, EARLIER_STATE);

    // validate and show would load the 700 MB provider twice more; offline-plan.integration.test.ts validates and
    // plans this stack's resources already. Here the plan must simply succeed (planOffline throws).
    const plans = await planOffline(offline, [
      { json: JSON.stringify(network), backend: offlineBackend(network, s3.url), lock: true, schemaChecks: false },
    ]);
    expect(plans).toEqual([undefined]);
    // Only calls the fake implements (501 otherwise), all to the synthesized bucket, all signed for the synthesized region.
    expect(s3.requests.filter((r) => r.operation === S3Operation.UNSUPPORTED || r.status >= 500 || r.bucket !== bucket)).toEqual([]);
    expect(new Set(s3.requests.map((r) => r.signingRegion))).toEqual(new Set(['us-east-1']));

    const lockRequests = requestsFor(lockKey);
    expect(lockRequests.map((r) => `${r.operation} ${r.status}`)).toEqual(['PutObject 200', 'GetObject 200', 'DeleteObject 204']);
    const [lockPut] = lockRequests;
    expect(lockPut).toEqual(expect.objectContaining({ ifNoneMatch: '*', serverSideEncryption: 'AES256', checksumAlgorithm: 'SHA256' }));
    expect(lockPut.checksumSha256).toBeDefined(); // and the fake checked it against the body
    const lockInfo = JSON.parse(lockPut.body ?? '{}') as Record<string, string>;
    expect(lockInfo).toEqual(expect.objectContaining({ Operation: 'OperationTypePlan', Path: `${bucket}/${key}`, Version: '1.11.4' }));

    // The plan read the state while it held the lock.
    const putAt = s3.requests.indexOf(lockPut);
    const deleteAt = s3.requests.indexOf(lockRequests[2]);
    const stateReadsUnderLock = s3.requests
      .slice(putAt, deleteAt)
      .filter((r) => r.key === key && r.operation === S3Operation.GET_OBJECT && r.status === 206);
    expect(stateReadsUnderLock).toHaveLength(1);

    // A plan never writes state; every write there was (the lock) asked for server-side encryption.
    expect(requestsFor(key).filter((r) => r.operation === S3Operation.PUT_OBJECT)).toEqual([]);
    expect(s3.requests.filter((r) => r.operation === S3Operation.PUT_OBJECT && r.serverSideEncryption !== 'AES256')).toEqual([]);
    // The lock is gone and the state untouched.
    expect(s3.keys(bucket)).toEqual([key]);
    expect(s3.getObject(bucket, key)?.body.toString()).toBe(EARLIER_STATE);
  }, 180_000);

  test('a plan while another run holds the lock fails with Terraform\'s state-lock error and leaves that lock alone', async () => {
    const held = {
      ID: 'c0ffee00-1111-4222-8333-444455556666',
      Operation: 'OperationTypeApply',
      Info: '',
      Who: 'instructor-a@classroom-laptop',
      Version: '1.11.4',
      Created: '2026-03-02T09:15:00Z',
      Path: `${bucket}/${key}`,
    };
    s3.putObject(bucket, key, EARLIER_STATE);
    s3.putObject(bucket, lockKey, JSON.stringify(held));

    const message = await planOffline(offline, [
      { json: JSON.stringify(network), backend: offlineBackend(network, s3.url), lock: true, schemaChecks: false },
    ]).then(
      () => 'the plan succeeded',
      (error: Error) => error.message,
    );

    expect(message).toMatch(/^terraform plan failed/);
    expect(message).toMatch(/Error acquiring the state lock/);
    expect(message).toMatch(/PreconditionFailed/);
    expect(message).toMatch(new RegExp(`ID:\\s+${held.ID}`));
    expect(message).toMatch(/Who:\s+instructor-a@classroom-laptop/);
    expect(message).toMatch(/Operation:\s+OperationTypeApply/);

    const lockRequests = requestsFor(lockKey);
    // The conditional PUT was refused; Terraform read the holder's lock info to report it, and deleted nothing.
    expect(lockRequests.map((r) => `${r.operation} ${r.status}`)).toEqual(['PutObject 412', 'GetObject 200']);
    expect(lockRequests[0]).toEqual(expect.objectContaining({ ifNoneMatch: '*', errorCode: 'PreconditionFailed' }));
    expect(JSON.parse(lockRequests[0].body ?? '{}')).toEqual(expect.objectContaining({ Operation: 'OperationTypePlan' }));
    expect(s3.getObject(bucket, lockKey)?.body.toString()).toBe(JSON.stringify(held));
    // Without the lock the plan read no state (init did, before).
    const refusedAt = s3.requests.indexOf(lockRequests[0]);
    expect(s3.requests.slice(refusedAt).filter((r) => r.key === key)).toEqual([]);
    expect(s3.requests.slice(0, refusedAt).filter((r) => r.key === key && r.operation === S3Operation.GET_OBJECT)).not.toEqual([]);
    expect(s3.getObject(bucket, key)?.body.toString()).toBe(EARLIER_STATE);
  }, 180_000);
});
