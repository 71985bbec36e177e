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
 * A warning when `version` is past (or within 30 days of) the end of standard support on `today`:
 * a cluster in extended support bills $0.60 instead of $0.10 per hour, and upgrade policy STANDARD
 * makes EKS upgrade it automatically at the end of standard support instead.
 *
 * @returns the warning, or undefined when the version is comfortably in standard support.
 */
export function kubernetesVersionWarning(version: string, today: Date): string | undefined {
  const entry = EKS_KUBERNETES_VERSIONS.find((v) => v.version === version);
  if (!entry) return undefined;
  const day = today.toISOString().slice(0, 10);
  const newest = EKS_KUBERNETES_VERSIONS[EKS_KUBERNETES_VERSIONS.length - 1].version;
  if (day > entry.endOfStandardSupport) {
    return (
      `kubernetesVersion ${version} left EKS standard support on ${entry.endOfStandardSupport}: ` +
      `extended support bills 6x the control-plane price ($0.60 vs $0.10 per hour), and with upgrade policy ` +
      `STANDARD EKS upgrades the cluster itself; choose ${newest} or another version in standard support`
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
