import { z } from 'zod';
import { DEFAULT_KUBERNETES_VERSION, EKS_KUBERNETES_VERSIONS } from './eks-kubernetes-versions';
import { awsRegion, cidr, isoDate, LAB_NAME, oneOf, principalArn, serviceRangeProblems, vpcRangeProblems } from './field-schemas';
import { CONTROL_PLANE_LOG_TYPES, LOG_RETENTION_DAYS, MAX_LAB_NAME_LENGTH, MAX_ZONES, NatGatewayMode, RetailApplication, SecretsEncryption } from './lab-config';
import { LAB_TAG_KEYS } from './lab-tags';
import { budgetSchema, classSchema, nodeGroupSchema, rosterSchema, stateSchema } from './section-schemas';

/**
 * The schema of the lab's configuration. Every field has a default; `availabilityZones` and
 * `bootstrapCreatorAdmin` defaults depend on other fields and are resolved in {@link resolveLabConfig}.
 */
export const labConfigSchema = z.strictObject({
  labName: z
    .string()
    .max(MAX_LAB_NAME_LENGTH, `must be at most ${MAX_LAB_NAME_LENGTH} characters`)
    .regex(LAB_NAME, 'must be lower-case letters, digits and hyphens, starting with a letter')
    .default('eks-workshop')
    .describe(
      'Cluster name (a class: <labName>-<id>) and prefix of every other name (IAM roles, log group, launch template, key alias). ' +
        'Lower-case letters, digits, hyphens, at most 32 characters. Labs with different names coexist in one account and region.',
    ),
  region: awsRegion()
    .default('us-west-2')
    .describe('AWS region of the lab. AWS_REGION in the environment does not change it (every command passes this region explicitly).'),
  availabilityZones: z
    .array(z.string())
    .min(2, 'EKS needs subnets in at least 2 availability zones')
    .max(MAX_ZONES, `the subnet layout has room for at most ${MAX_ZONES} availability zones`)
    .optional()
    .describe(
      '2 or 3 zones of the region. Default: <region>a, b, c; a, c, d in ap-northeast-1; a, b, d in ca-central-1; us-west-1 has none (zone names differ per account): set it there.',
    ),
  kubernetesVersion: z
    .string()
    .refine((v) => EKS_KUBERNETES_VERSIONS.some((k) => k.version === v), {
      message: `must be a Kubernetes version EKS offers: ${EKS_KUBERNETES_VERSIONS.map((k) => k.version).join(', ')}`,
    })
    .default(DEFAULT_KUBERNETES_VERSION)
    .describe(
      'Kubernetes minor version. A version past the end of EKS standard support is rejected (extended support bills $0.60/h instead of $0.10/h); ' +
        'a warning when it leaves standard support within 30 days or before expiresOn.',
    ),
  vpcCidr: cidr(vpcRangeProblems)
    .default('10.42.0.0/16')
    .describe(
      '/16 to /20. A single lab cuts it into eight blocks (public subnets 0-2, private 3-5: the workshop layout for a /16); ' +
        "a class's shared network into four (private subnets 0-2, small public subnets in block 3).",
    ),
  serviceCidr: cidr(serviceRangeProblems)
    .optional()
    .describe(
      'Kubernetes Service range: within 10/8, 172.16/12 or 192.168/16, /12 to /24, not overlapping vpcCidr. Default: chosen by EKS. Changing it replaces the cluster.',
    ),
  natGateways: z
    .nativeEnum(NatGatewayMode, oneOf(Object.values(NatGatewayMode)))
    .default(NatGatewayMode.SINGLE)
    .describe('single: one NAT gateway (as the workshop; cheapest). per-az: one per zone.'),
  nodeGroup: nodeGroupSchema.default(nodeGroupSchema.parse({})).describe('The managed node group of each lab.'),
  adminPrincipalArns: z
    .array(principalArn())
    .default([])
    .describe('IAM role or user ARNs that get a cluster-admin access entry on every cluster of the configuration.'),
  bootstrapCreatorAdmin: z
    .boolean()
    .optional()
    .describe(
      'Whether EKS makes the deploying identity cluster admin. Default: true when adminPrincipalArns and roster.instructorPrincipalArns are empty, ' +
        'else false (list yourself there: a second entry for the same principal makes EKS answer 409). Read only when a cluster is created.',
    ),
  publicAccessCidrs: z
    .array(cidr())
    .min(1, 'must list at least one CIDR (the public endpoint is how kubectl reaches the lab)')
    .max(40, 'EKS accepts at most 40 public access CIDRs')
    .default(['0.0.0.0/0'])
    .describe('CIDRs allowed to reach the public API endpoint (the private endpoint is always on). A warning when open to the world.'),
  secretsEncryption: z
    .nativeEnum(SecretsEncryption, oneOf(Object.values(SecretsEncryption)))
    .default(SecretsEncryption.AWS_MANAGED)
    .describe('aws-managed: EKS default envelope encryption. customer-managed: a KMS key per lab ($1/month, alias alias/<cluster>-eks-secrets, 7-day deletion window).'),
  controlPlaneLogTypes: z
    .array(z.enum(CONTROL_PLANE_LOG_TYPES, oneOf(CONTROL_PLANE_LOG_TYPES)))
    .default(['api', 'audit', 'authenticator'])
    .describe(
      'Control-plane log types sent to /aws/eks/<cluster>/cluster. Default: what an instructor debugs a lab with and kubectl cannot show: ' +
        "api (the API server's errors), audit (who changed what) and authenticator (why a participant's credentials are refused); " +
        'add controllerManager and scheduler when a controller or scheduling problem needs them (all five: about $0.60 per participant-day, npm run estimate).',
    ),
  logRetentionDays: z
    .number()
    .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
      message: `must be one of the CloudWatch Logs retention values: ${LOG_RETENTION_DAYS.join(', ')}`,
    })
    .default(7)
    .describe('Retention of the control-plane log group, in days (a CloudWatch Logs retention value).'),
  databaseVolumeGiB: z
    .number()
    .int('must be a whole number of GiB')
    .min(1, 'must be >= 1')
    .max(16384, 'must be <= 16384 (gp3 limit)')
    .default(10)
    .describe("Size of each data store's EBS volume (encrypted gp3), in GiB."),
  application: z
    .nativeEnum(RetailApplication, oneOf(Object.values(RetailApplication)))
    .default(RetailApplication.STORE)
    .describe(
      'retail-store: the whole retail store (ui, catalog, carts, checkout, orders) on the three data stores, as the workshop. ' +
        'data-stores-only: the data stores and the module\'s DaemonSet, Job and CronJob only (a smaller lab).',
    ),
  tags: z
    .record(z.string().max(256, 'tag values must be at most 256 characters'))
    .superRefine((tags, ctx) => {
      for (const key of Object.keys(tags)) {
        if (key === '' || key.length > 128) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `key ${JSON.stringify(key)} must be 1 to 128 characters` });
        } else if (key.toLowerCase().startsWith('aws:')) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `key ${JSON.stringify(key)} must not start with aws: (reserved by AWS)` });
        } else if ((Object.values(LAB_TAG_KEYS) as string[]).includes(key)) {
          // The project sets these; a configured value would misfile resources in npm run leftovers.
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `key ${JSON.stringify(key)} is set by the project (it identifies the lab's resources)` });
        }
      }
    })
    .default({})
    .describe('Extra tags on every AWS resource. lab, participant, env, created-by and expires-on are set by the project and may not be configured.'),
  roster: rosterSchema.optional().describe('The class. Leave it out for a single lab.'),
  expiresOn: isoDate
    .optional()
    .describe('YYYY-MM-DD, tagged expires-on on every resource so forgotten labs can be found; required with a roster. A fixed date, never computed.'),
  budget: budgetSchema
    .default({})
    .describe('The budget guard: an AWS Budgets alert on each day after expiresOn that the lab or class still costs a share of a day of the estimate (docs/running-a-class.md).'),
  state: stateSchema.default({}).describe('Where Terraform keeps each stack\'s state.'),
  class: classSchema
    .default({})
    .describe('The class runner (npm run class: deploy, destroy, status) and the GitHub Actions workflows it writes (docs/running-a-class.md).'),
});


/** The configuration as parsed, before dependent defaults are resolved. */
export type ParsedLabConfig = z.output<typeof labConfigSchema>;
