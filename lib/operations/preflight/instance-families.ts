/**
 * The On-Demand vCPU quotas other than the standard one, by the instance family prefixes they cover,
 * in the order they must be tried (`dl` before the standard `d`, `inf` before `i`, `trn` before `t`,
 * `hpc` before `h`). Names as Service Quotas lists them; EC2 splits its Spot quotas along the same
 * families (Standard (A, C, D, H, I, M, R, T, Z), DL, F, G and VT, Inf, P, Trn, X).
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-spot-limits.html
 */
const OTHER_ON_DEMAND_QUOTAS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^dl/, 'Running On-Demand DL instances'],
  [/^inf/, 'Running On-Demand Inf instances'],
  [/^trn/, 'Running On-Demand Trn instances'],
  [/^hpc/, 'Running On-Demand HPC instances'],
  [/^u(-|\d)/, 'Running On-Demand High Memory instances'],
  [/^mac/, 'Running Dedicated mac Hosts (mac instances run on Dedicated Hosts only)'],
  [/^f/, 'Running On-Demand F instances'],
  [/^(g|vt)/, 'Running On-Demand G and VT instances'],
  [/^p/, 'Running On-Demand P instances'],
  [/^x/, 'Running On-Demand X instances'],
];

/** Families of "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", by their first letter. */
const STANDARD_FAMILY = /^[acdhimrtz]/;

/**
 * The quota an On-Demand instance of `instanceType` counts against: undefined for the standard
 * quota (L-1216C47A), else the other quota's name (or `unknown family` for a prefix none covers).
 */
export function otherOnDemandQuota(instanceType: string): string | undefined {
  const family = instanceType.split('.')[0].toLowerCase();
  const other = OTHER_ON_DEMAND_QUOTAS.find(([prefix]) => prefix.test(family));
  if (other !== undefined) return other[1];
  return STANDARD_FAMILY.test(family) ? undefined : 'unknown family';
}

/** Whether an On-Demand instance of `instanceType` counts against the standard vCPU quota. */
export function isStandardFamily(instanceType: string): boolean {
  return otherOnDemandQuota(instanceType) === undefined;
}
