import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StateBackend } from '../../../lib/config/lab-config';
import { localStateReader, parseStateNames, s3StateReader, StateStatus } from '../../../lib/operations/preflight/terraform-state';
import { knownGap } from '../../support/required-tool';
import { fakeClients, serve, stateFile } from './fake-account';

const S3_STATE = { backend: StateBackend.S3, bucket: 'class-state', keyPrefix: 'labs/k8s', region: 'eu-west-1' } as const;

describe('Terraform state', () => {
  test('parseStateNames: the name attribute of every managed resource, by type', () => {
    const text = JSON.stringify({
      version: 4,
      resources: [
        { mode: 'managed', type: 'aws_iam_role', name: 'a', instances: [{ attributes: { name: 'lab-node' } }] },
        { mode: 'data', type: 'aws_iam_role', name: 'b', instances: [{ attributes: { name: 'read-only' } }] },
        { mode: 'managed', type: 'aws_vpc', name: 'c', instances: [{ attributes: { id: 'vpc-1' } }] },
      ],
    });
    const parsed = parseStateNames(text);
    expect([...(parsed?.names ?? [])]).toEqual(['aws_iam_role lab-node']);
    expect(parsed?.resourceCount).toBe(2);
    expect(parseStateNames('not json')).toBeUndefined();
  });

  test('local: terraform.<stack>.tfstate in the project folder; missing is normal, garbage is unreadable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'preflight-state-'));
    writeFileSync(path.join(dir, 'terraform.lab-cluster.tfstate'), stateFile([['aws_eks_cluster', 'lab']]));
    writeFileSync(path.join(dir, 'terraform.lab-broken.tfstate'), '{"version": 4, "resources": [');
    writeFileSync(path.join(dir, 'terraform.lab-empty.tfstate'), '');
    const reader = localStateReader(dir);
    const found = await reader.read('lab-cluster');
    expect([found.status, found.holds('aws_eks_cluster', 'lab'), found.holds('aws_eks_cluster', 'other'), found.resourceCount]).toEqual([StateStatus.FOUND, true, false, 1]);
    expect(found.location).toBe(path.join(dir, 'terraform.lab-cluster.tfstate'));
    expect((await reader.read('lab-workloads')).status).toBe(StateStatus.MISSING);
    expect(await reader.read('lab-broken')).toMatchObject({ status: StateStatus.UNREADABLE, reason: 'it is not a Terraform state (not JSON)' });
    expect(await reader.read('lab-empty')).toMatchObject({ status: StateStatus.FOUND, resourceCount: 0 });
    // A read that fails for another reason than a missing file is unreadable: a folder in its place
    // (EISDIR) fails for root too, which CI runs as.
    mkdirSync(path.join(dir, 'terraform.lab-folder.tfstate'));
    expect(await localStateReader(dir).read('lab-folder')).toMatchObject({ status: StateStatus.UNREADABLE, reason: expect.stringMatching(/EISDIR/) });
    if (process.getuid?.() !== 0) {
      writeFileSync(path.join(dir, 'terraform.lab-locked.tfstate'), '{}');
      chmodSync(path.join(dir, 'terraform.lab-locked.tfstate'), 0o000);
      expect((await localStateReader(dir).read('lab-locked')).status).toBe(StateStatus.UNREADABLE);
    } else {
      knownGap('localStateReader on a state file without read permission', 'root reads any file whatever its mode, and this run is root (the EISDIR case above takes the same path)');
    }
  });

  test('S3: the object <keyPrefix>/<stack>.tfstate in the bucket region; NoSuchKey is missing, a denial unreadable', async () => {
    serve({ buckets: { 'class-state': { region: 'eu-west-1', objects: { 'labs/k8s/k8s-p01-cluster.tfstate': stateFile([['aws_iam_role', 'k8s-p01-node']]) } } } });
    const reader = s3StateReader(fakeClients().s3('eu-west-1'), S3_STATE);
    expect(reader.description).toBe('s3://class-state/labs/k8s/ (eu-west-1)');
    const found = await reader.read('k8s-p01-cluster');
    expect([found.status, found.location, found.holds('aws_iam_role', 'k8s-p01-node')]).toEqual([StateStatus.FOUND, 's3://class-state/labs/k8s/k8s-p01-cluster.tfstate', true]);
    expect((await reader.read('k8s-p02-cluster')).status).toBe(StateStatus.MISSING);
    serve({ buckets: { 'class-state': { region: 'eu-west-1' } }, denied: ['s3:GetObject'] });
    expect(await s3StateReader(fakeClients().s3('eu-west-1'), S3_STATE).read('k8s-p01-cluster')).toMatchObject({
      status: StateStatus.UNREADABLE,
      reason: 's3:GetObject: AccessDenied',
    });
  });
});
