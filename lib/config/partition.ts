/**
 * The AWS partition of a region, derived from its name so the stack needs no `aws_partition`
 * data source (which would call AWS and keep the plan from running offline).
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

