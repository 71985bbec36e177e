import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { AddonName } from '../plan/add-ons/add-on-spec';

/** An IAM role handed to one service account of the add-on through EKS Pod Identity. */
export interface AddonPodIdentity {
  /** Service account in the add-on's namespace, e.g. `ebs-csi-controller-sa`. */
  readonly serviceAccount: string;
  /** ARN of a role whose trust policy names `pods.eks.amazonaws.com`. */
  readonly roleArn: string;
}

/** Props of {@link ClusterAddon}. */
export interface ClusterAddonProps {
  /** Cluster name (a reference, so the add-on waits for the cluster). */
  readonly clusterName: string;
  /** Which add-on. */
  readonly addonName: AddonName;
  /**
   * Add-on configuration values, serialized to JSON with sorted keys.
   * @default - the add-on's defaults
   */
  readonly configuration?: Readonly<Record<string, unknown>>;
  /** Pod Identity associations created with the add-on. @default [] */
  readonly podIdentity?: readonly AddonPodIdentity[];
  /** What must exist before the add-on is created. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * One EKS managed add-on at the default version EKS picks for the cluster's Kubernetes version
 * (so a version bump of the cluster never pairs it with an incompatible pinned add-on).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/eks-add-ons.html
 */
export class ClusterAddon extends Construct {
  /** The add-on resource. */
  public readonly addon: EksAddon;
  /** The add-on's name. */
  public readonly addonName: AddonName;

  constructor(scope: Construct, id: string, props: ClusterAddonProps) {
    super(scope, id);
    this.addonName = props.addonName;
    this.addon = new EksAddon(this, 'Addon', {
      clusterName: props.clusterName,
      addonName: props.addonName,
      configurationValues: props.configuration ? stableJson(props.configuration) : undefined,
      // The lab owns these add-ons: take over fields a self-managed install may have set.
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      podIdentityAssociation: props.podIdentity?.map((p) => ({ serviceAccount: p.serviceAccount, roleArn: p.roleArn })),
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}

/** JSON with object keys sorted, so the same configuration always serializes to the same string. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
