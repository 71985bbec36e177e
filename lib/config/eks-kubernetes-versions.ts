/** One Kubernetes minor version on the EKS release calendar. */
export interface EksKubernetesVersion {
  /** Minor version as EKS spells it, e.g. `1.35`. */
  readonly version: string;
  /** Last day of standard support (control plane $0.10/h), ISO date. */
  readonly endOfStandardSupport: string;
  /** Last day of extended support (control plane $0.60/h), ISO date. */
  readonly endOfExtendedSupport: string;
}

/**
 * Versions a new EKS cluster can be created with, and their support dates.
 * Re-check when a version is added or the calendar changes.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (1.32-1.35, read 2026-11-26)
 * @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html ("Kubernetes 1.36
 *   is now available in Amazon EKS"; its end dates follow the 14 + 12 month rule)
 */
export const EKS_KUBERNETES_VERSIONS: readonly EksKubernetesVersion[] = [
  { version: '1.32', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23' },
  { version: '1.33', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' },
  { version: '1.34', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02' },
  { version: '1.35', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
  { version: '1.36', endOfStandardSupport: '2027-08-02', endOfExtendedSupport: '2028-08-02' },
];

/** The EKS default this project recommends: in standard support on 2026-11-26. */
export const DEFAULT_KUBERNETES_VERSION = '1.35';

/**
 * Why a new lab may not use `version` on `today`: past the end of its standard support, EKS creates
 * it in extended support ($0.60 instead of $0.10 per control-plane hour), and a cluster cannot be
 * moved back to upgrade policy STANDARD once in extended support; the lab uses STANDARD throughout.
 *
 * @returns one sentence per problem (none or one), with the dates and the fix
 * @see https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html
 */
export function kubernetesVersionProblems(version: string, today: Date): string[] {
  const entry = EKS_KUBERNETES_VERSIONS.find((v) => v.version === version);
  if (!entry) return []; // an unknown version is the schema's to report
  const day = today.toISOString().slice(0, 10);
  if (day <= entry.endOfStandardSupport) return [];
  return [
    `kubernetesVersion (${JSON.stringify(version)}) left EKS standard support on ${entry.endOfStandardSupport} ` +
      `(extended support until ${entry.endOfExtendedSupport} bills $0.60 instead of $0.10 per cluster-hour, and the lab's ` +
      `upgrade policy STANDARD cannot be kept): choose ${inStandardSupport(day).join(' or ')}. To destroy a lab created ` +
      'with it, set the version EKS upgraded it to (aws eks describe-cluster --query cluster.version)',
  ];
}

/** Versions in standard support on `day`, oldest first. */
function inStandardSupport(day: string): string[] {
  return EKS_KUBERNETES_VERSIONS.filter((v) => v.endOfStandardSupport >= day).map((v) => v.version);
}

/**
 * A warning when `version` leaves standard support within 30 days of `today`, or before `expiresOn`:
 * at that date EKS upgrades the cluster itself (upgrade policy STANDARD), in the middle of a class.
 *
 * @returns the warning, or undefined when the version comfortably outlives the lab.
 */
export function kubernetesVersionWarning(version: string, today: Date, expiresOn?: string): string | undefined {
  const entry = EKS_KUBERNETES_VERSIONS.find((v) => v.version === version);
  if (!entry) return undefined;
  const day = today.toISOString().slice(0, 10);
  if (day > entry.endOfStandardSupport) return undefined; // rejected by kubernetesVersionProblems
  const newest = EKS_KUBERNETES_VERSIONS[EKS_KUBERNETES_VERSIONS.length - 1].version;
  if (expiresOn !== undefined && expiresOn > entry.endOfStandardSupport) {
    return (
      `kubernetesVersion ${version} leaves EKS standard support on ${entry.endOfStandardSupport}, before expiresOn ${expiresOn}: ` +
      `EKS will upgrade the clusters itself on that date (upgrade policy STANDARD); choose ${newest} for a lab that outlives it`
    );
  }
  const soon = new Date(`${entry.endOfStandardSupport}T00:00:00Z`).getTime() - today.getTime() < 30 * 86_400_000;
  if (soon) {
    return (
      `kubernetesVersion ${version} leaves EKS standard support on ${entry.endOfStandardSupport}: ` +
      `after that EKS upgrades it automatically (upgrade policy STANDARD); choose ${newest} for a lab that outlives that date`
    );
  }
  return undefined;
}
