import { RetailApplication } from '../../lib/config/lab-config';
import { IMAGE_PINS, imageArchitectureProblem, labImagePins } from '../../lib/plan/image-pins';
import { AL2023_AMI_TYPES, CpuArchitecture, cpuArchitectureOf, nodeGroupArchitecture } from '../../lib/plan/instance-architecture';
import { configProblems, labPlan, synthLab, labConfig } from '../support/fixtures';

const { AMD64, ARM64 } = CpuArchitecture;

describe('the CPU architecture of an instance type, from its family name', () => {
  test.each([
    ['m7g.large', ARM64],
    ['m6g.large', ARM64],
    ['t4g.large', ARM64],
    ['c7gn.xlarge', ARM64],
    ['r8gd.2xlarge', ARM64],
    ['im4gn.large', ARM64],
    ['is4gen.xlarge', ARM64],
    ['x2gd.medium', ARM64],
    ['g5g.xlarge', ARM64], // Graviton with an NVIDIA GPU: the g prefix is the GPU family, the suffix the processor
    ['a1.large', ARM64], // the first Graviton generation, named before the convention
    ['M7G.LARGE', ARM64],
    ['m5.large', AMD64],
    ['m6a.large', AMD64],
    ['t3a.large', AMD64],
    ['t3.large', AMD64],
    ['m7i-flex.large', AMD64],
    ['g4dn.xlarge', AMD64], // g before the digit is the GPU family: x86
    ['g6e.xlarge', AMD64],
    ['c5n.large', AMD64],
    ['u7i-12tb.224xlarge', AMD64],
    ['p6-b200.48xlarge', AMD64],
    ['u-6tb1.112xlarge', AMD64],
  ])('%s is %s', (type, architecture) => {
    expect(cpuArchitectureOf(type)).toBe(architecture);
  });

  test('the AMI types are the EKS API values of Amazon Linux 2023', () => {
    expect(AL2023_AMI_TYPES).toEqual({ amd64: 'AL2023_x86_64_STANDARD', arm64: 'AL2023_ARM_64_STANDARD' });
  });
});

describe('the node group AMI type follows the instance types', () => {
  test('defaults: x86_64 nodes run AL2023_x86_64_STANDARD, in the plan and in the synthesized node group', () => {
    const plan = labPlan();
    expect([plan.nodeGroup.architecture, plan.nodeGroup.amiType]).toEqual([AMD64, 'AL2023_x86_64_STANDARD']);
    const [nodeGroup] = Object.values(synthLab(labConfig())['eks-workshop-cluster'].resource.aws_eks_node_group);
    expect(nodeGroup.ami_type).toBe('AL2023_x86_64_STANDARD');
  });

  test('overrides: Graviton types (without the store, whose DynamoDB Local is x86 only) run AL2023_ARM_64_STANDARD', () => {
    const config = labConfig({ application: RetailApplication.DATA_STORES, nodeGroup: { instanceTypes: ['m7g.large', 'm6g.large'] } });
    const plan = labPlan({ application: RetailApplication.DATA_STORES, nodeGroup: { instanceTypes: ['m7g.large', 'm6g.large'] } });
    expect([plan.nodeGroup.architecture, plan.nodeGroup.amiType]).toEqual([ARM64, 'AL2023_ARM_64_STANDARD']);
    const [nodeGroup] = Object.values(synthLab(config)['eks-workshop-cluster'].resource.aws_eks_node_group);
    expect([nodeGroup.ami_type, nodeGroup.instance_types]).toEqual(['AL2023_ARM_64_STANDARD', ['m7g.large', 'm6g.large']]);
  });

  test('a mix of architectures is rejected, naming the field and each type with its architecture', () => {
    expect(nodeGroupArchitecture(['m5.large', 'm6a.large'])).toEqual({ architecture: AMD64 });
    expect(configProblems({ application: RetailApplication.DATA_STORES, nodeGroup: { instanceTypes: ['m7g.large', 'm5.large', 't4g.large'] } })).toEqual([
      'nodeGroup.instanceTypes (m7g.large, m5.large, t4g.large) must all have one CPU architecture: m7g.large, t4g.large (arm64) and m5.large (amd64). ' +
        'A managed node group runs one AMI type, built for one architecture; list only x86_64 or only Graviton types',
    ]);
  });

  test('Graviton types with the whole store are rejected: DynamoDB Local is not confirmed for arm64', () => {
    const [problem] = configProblems({ nodeGroup: { instanceTypes: ['t4g.large'] } });
    expect(problem).toMatch(/^nodeGroup\.instanceTypes \(t4g\.large\) are arm64 nodes, but public\.ecr\.aws\/aws-dynamodb-local\/aws-dynamodb-local:1\.25\.1 is confirmed for amd64 only \(arm64 NOT confirmed/);
    expect(problem).toMatch(/: choose amd64 \(x86_64\) instance types, or application: data-stores-only \(it runs none of the store's images\)$/);
  });
});

describe('the images of each application and their architectures', () => {
  test('every image but DynamoDB Local is confirmed for both architectures, each with a source', () => {
    for (const [name, pin] of Object.entries(IMAGE_PINS)) {
      expect([name, pin.architectureSource]).toEqual([name, expect.stringMatching(/^(https:\/\/|arm64 NOT confirmed)/)]);
      expect([name, pin.architectures]).toEqual([name, name === 'dynamodbLocal' ? [AMD64] : [AMD64, ARM64]]);
    }
  });

  test('the data stores only run no image of the store, so Graviton nodes can run them', () => {
    expect(labImagePins(RetailApplication.DATA_STORES)).not.toContain(IMAGE_PINS.dynamodbLocal);
    expect(labImagePins(RetailApplication.STORE)).toContain(IMAGE_PINS.dynamodbLocal);
    expect(imageArchitectureProblem(RetailApplication.DATA_STORES, ARM64, ['m7g.large'])).toBeUndefined();
    expect(imageArchitectureProblem(RetailApplication.STORE, AMD64, ['m5.large'])).toBeUndefined();
  });
});
