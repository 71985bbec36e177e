import { EBS_CSI_SERVICE_ACCOUNT } from '../lab-names';
import { AddOnPhase, AddOnSpec, AddonName } from './add-on-spec';
import { ebsCsiDriverPolicy } from './ebs-csi-driver-policy';

/**
 * The EBS CSI driver, after the nodes, with its controller's role through EKS Pod Identity. The
 * workloads stack installs the one default StorageClass (encrypted gp3), so the add-on's own default
 * class is off; the volumes the driver creates carry the lab's tags and the tags that single out this
 * lab's volumes, which the destroy-time volume wait polls for. The role holds the driver to its own
 * cluster's volumes ({@link ebsCsiDriverPolicy}) instead of AWS's `AmazonEBSCSIDriverPolicy`, which
 * lets it delete, detach and snapshot any CSI volume of the account: in a shared account every
 * participant, as cluster-admin, can run pods as the driver's service account.
 */
export const ebsCsiDriver: AddOnSpec = {
  name: AddonName.EBS_CSI_DRIVER,
  constructId: 'EbsCsiDriver',
  phase: AddOnPhase.AFTER_NODES,
  neededToReleaseVolumes: true,
  configuration: (lab) => ({
    defaultStorageClass: { enabled: false },
    controller: { extraVolumeTags: { ...lab.tags, ...lab.volumeOwnerTags } },
  }),
  podIdentity: {
    roleConstructId: 'EbsCsiRole',
    serviceAccount: EBS_CSI_SERVICE_ACCOUNT,
    roleName: (lab) => lab.names.ebsCsiRole,
    managedPolicies: [],
    policy: ebsCsiDriverPolicy,
  },
  pods: [
    {
      name: 'ebs-csi-node',
      perNode: true,
      // node.hostNetwork: false in the chart
      hostNetwork: false,
      replicas: 1,
      containers: 3,
      cpuMillicores: 10,
      memoryMiB: 40,
      source: 'kubernetes-sigs/aws-ebs-csi-driver charts/aws-ebs-csi-driver/values.yaml node.resources',
    },
    {
      name: 'ebs-csi-controller',
      perNode: false,
      hostNetwork: false,
      replicas: 2,
      // At most 7 containers; the sidecars default to the controller's requests.
      containers: 7,
      cpuMillicores: 10,
      memoryMiB: 40,
      source: 'kubernetes-sigs/aws-ebs-csi-driver charts/aws-ebs-csi-driver/values.yaml controller.resources, replicaCount: 2',
    },
  ],
};
