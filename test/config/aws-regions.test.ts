import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { partition } from '@aws-sdk/util-endpoints';
import { AWS_REGIONS } from '../../lib/config/aws-regions';

/** The partitions a lab can use (the principal ARN and partition rules of the configuration). */
const LAB_PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'];

/** The installed SDK's partition metadata, read from the module @aws-sdk/core builds its `partition()` from. */
function sdkPartitions(): Array<{ id: string; regions: Record<string, { description?: string }> }> {
  const core = path.dirname(require.resolve('@aws-sdk/core/package.json'));
  const source = readFileSync(path.join(core, 'dist-es', 'submodules', 'client', 'util-endpoints', 'lib', 'aws', 'partitions.js'), 'utf8');
  const json = source.replace(/^\s*export const partitionsInfo = /, '').replace(/;\s*$/, '');
  return (JSON.parse(json) as { partitions: Array<{ id: string; regions: Record<string, { description?: string }> }> }).partitions;
}

describe('AWS_REGIONS', () => {
  test('names each region as the SDK does, in a partition a lab can use', () => {
    for (const [region, name] of Object.entries(AWS_REGIONS)) {
      const found = partition(region) as { name: string; description?: string };
      expect({ region, name: found.description, partition: LAB_PARTITIONS.includes(found.name) }).toEqual({ region, name, partition: true });
    }
  });

  test('lacks no region the installed SDK knows in those partitions (update the list when this fails)', () => {
    const known = sdkPartitions()
      .filter((p) => LAB_PARTITIONS.includes(p.id))
      .flatMap((p) => Object.keys(p.regions))
      // Pseudo-regions such as aws-global name a partition's global endpoint, not a region.
      .filter((region) => /^[a-z]{2}(-gov)?-[a-z]+-\d+$/.test(region));
    expect(known.length).toBeGreaterThan(30);
    expect(known.filter((region) => !(region in AWS_REGIONS))).toEqual([]);
  });
});
