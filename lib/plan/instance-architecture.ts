/**
 * The CPU architecture of EC2 instance types, and the EKS AMI type that runs on it, derived from the
 * type's name: no AWS call, so synth and the estimate know it offline.
 */

/** CPU architectures of EKS nodes, as Kubernetes labels them (`kubernetes.io/arch`). */
export enum CpuArchitecture {
  /** Intel and AMD (x86_64). */
  AMD64 = 'amd64',
  /** AWS Graviton (aarch64). */
  ARM64 = 'arm64',
}

/**
 * The Amazon Linux 2023 AMI type of managed nodes for each architecture (AL2 images are no longer
 * published).
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html#AmazonEKS-Type-Nodegroup-amiType
 *   (amiType: `AL2023_x86_64_STANDARD | AL2023_ARM_64_STANDARD | ...`)
 */
export const AL2023_AMI_TYPES: Readonly<Record<CpuArchitecture, string>> = {
  [CpuArchitecture.AMD64]: 'AL2023_x86_64_STANDARD',
  [CpuArchitecture.ARM64]: 'AL2023_ARM_64_STANDARD',
};

/**
 * The first Graviton family, named before the `g` convention: `a1`.
 * @see https://github.com/eksctl-io/eksctl/blob/main/pkg/utils/instance/instance.go (IsARMInstanceType: a1, t4g, m6g, ...)
 */
const ARM_FAMILIES_WITHOUT_G: ReadonlySet<string> = new Set(['a1']);

/**
 * The architecture of `instanceType`, from its family name (what precedes the `.`): AWS Graviton
 * families carry a `g` among the attribute letters after the generation digit (`m7g`, `c7gn`, `r8gd`,
 * `t4g`, `im4gn`, `is4gen`, `x2gd`, `g5g`), and `a1` is the first Graviton generation; every other
 * family is x86_64. A suffix after a hyphen (`u7i-12tb`, `p6-b200`) is a size variant, not a processor.
 *
 * Sources: the EC2 naming convention ("Graviton-based instances can be identified by the letter `g`
 * in the Processor family section",
 * https://github.com/aws-samples/eks-workshop-v2/blob/301a22e4719c/website/docs/fundamentals/compute/managed-node-groups/graviton/index.md
 * quoting https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-types.html#instance-type-names).
 * Checked on 2026-12-07 against every type of Karpenter's generated instance-type reference and its
 * `kubernetes.io/arch` label (1363 types, no disagreement):
 * https://github.com/aws/karpenter-provider-aws/blob/1d927085dd81/website/content/en/docs/reference/instance-types.md
 * EC2 Mac types (`mac2` is Apple silicon) do not follow the rule; EKS node groups do not run them.
 */
export function cpuArchitectureOf(instanceType: string): CpuArchitecture {
  const family = instanceType.split('.')[0].split('-')[0].toLowerCase();
  if (ARM_FAMILIES_WITHOUT_G.has(family)) return CpuArchitecture.ARM64;
  const attributes = /^[a-z]+\d+([a-z]*)$/.exec(family)?.[1] ?? '';
  return attributes.includes('g') ? CpuArchitecture.ARM64 : CpuArchitecture.AMD64;
}

/** The architecture of a node group of `instanceTypes`, or the problem when they mix architectures. */
export function nodeGroupArchitecture(instanceTypes: readonly string[]): { readonly architecture: CpuArchitecture; readonly problem?: string } {
  const byArchitecture = new Map<CpuArchitecture, string[]>();
  for (const type of instanceTypes) {
    const architecture = cpuArchitectureOf(type);
    byArchitecture.set(architecture, [...(byArchitecture.get(architecture) ?? []), type]);
  }
  const [first] = instanceTypes;
  const architecture = first === undefined ? CpuArchitecture.AMD64 : cpuArchitectureOf(first);
  if (byArchitecture.size <= 1) return { architecture };
  const groups = [...byArchitecture.entries()].map(([arch, types]) => `${types.join(', ')} (${arch})`).join(' and ');
  return {
    architecture,
    problem:
      `nodeGroup.instanceTypes (${instanceTypes.join(', ')}) must all have one CPU architecture: ${groups}. ` +
      'A managed node group runs one AMI type, built for one architecture; list only x86_64 or only Graviton types',
  };
}
