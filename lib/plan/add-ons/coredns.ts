import { AddOnPhase, AddOnSpec, AddonName } from './add-on-spec';

/**
 * CoreDNS, after the nodes. The volume wait keeps it: the EBS CSI controller resolves the EC2
 * endpoint through cluster DNS (dnsPolicy ClusterFirst).
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-dns-policy
 */
export const coreDns: AddOnSpec = {
  name: AddonName.COREDNS,
  constructId: 'CoreDns',
  phase: AddOnPhase.AFTER_NODES,
  neededToReleaseVolumes: true,
  pods: [
    {
      name: 'coredns',
      perNode: false,
      hostNetwork: false,
      replicas: 2,
      containers: 1,
      cpuMillicores: 100,
      memoryMiB: 70,
      source: "coredns/deployment's Kubernetes manifest, which the EKS add-on keeps: 100m/70Mi",
    },
  ],
};
