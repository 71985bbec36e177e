import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { Construct } from 'constructs';

/** Props of {@link EncryptedGp3StorageClass}. */
export interface EncryptedGp3StorageClassProps {
  /** StorageClass name. @default 'gp3' */
  readonly name?: string;
  /** Whether this is the cluster's default StorageClass. @default true */
  readonly isDefault?: boolean;
}

/** CSI provisioner of the Amazon EBS CSI driver. */
export const EBS_CSI_PROVISIONER = 'ebs.csi.aws.com';

/**
 * The lab's one default StorageClass: encrypted gp3 EBS volumes from the EBS CSI driver, bound when a
 * pod is scheduled (so the volume is created in the pod's zone), expandable, deleted with their claim.
 * The EBS add-on's own default class is switched off (see LabEks), so there is never a second default.
 *
 * @see https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md
 */
export class EncryptedGp3StorageClass extends Construct {
  /** The StorageClass. */
  public readonly storageClass: StorageClassV1;
  /** Resolved name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: EncryptedGp3StorageClassProps = {}) {
    super(scope, id);
    this.name = props.name ?? 'gp3';
    this.storageClass = new StorageClassV1(this, 'StorageClass', {
      metadata: {
        name: this.name,
        annotations: { 'storageclass.kubernetes.io/is-default-class': String(props.isDefault ?? true) },
      },
      storageProvisioner: EBS_CSI_PROVISIONER,
      parameters: { type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
  }
}
