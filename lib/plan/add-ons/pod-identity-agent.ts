import { AddOnPhase, AddOnSpec, AddonName } from './add-on-spec';

/** The EKS Pod Identity agent, through which the VPC CNI and the EBS CSI driver get their roles. */
export const podIdentityAgent: AddOnSpec = {
  name: AddonName.POD_IDENTITY_AGENT,
  constructId: 'PodIdentityAgent',
  phase: AddOnPhase.BEFORE_NODES,
  neededToReleaseVolumes: true,
  pods: [
    {
      name: 'eks-pod-identity-agent',
      perNode: true,
      hostNetwork: true,
      replicas: 1,
      containers: 1,
      cpuMillicores: 0,
      memoryMiB: 0,
      source: 'aws/eks-pod-identity-agent charts/eks-pod-identity-agent/values.yaml resources: {}',
    },
  ],
};
