import { z } from 'zod';
import { ACCOUNT_ID, BUCKET_NAME, IAM_ROLE_NAME, INSTANCE_TYPE, KEY_PREFIX, KMS_KEY, oneOf, PARTICIPANT_ID, PERMISSION_SET_ROLE_ARN, principalArn, SSO_USER_NAME, awsRegion } from './field-schemas';
import { BUDGET_LIMITS, BudgetFilter, DEFAULT_ACCOUNT_ROLE_NAME, DEFAULT_EKS_CLUSTER_QUOTA, MAX_PARTICIPANT_ID_LENGTH, StateBackend } from './lab-config';

/** The schemas of the configuration's sections: roster, state, budget and node group. */

/** Field-level schema of a class roster. */
export const rosterSchema = z.strictObject({
  participants: z
    .array(
      z.strictObject({
        id: z
          .string()
          .max(MAX_PARTICIPANT_ID_LENGTH, `must be at most ${MAX_PARTICIPANT_ID_LENGTH} characters`)
          .regex(PARTICIPANT_ID, 'must be lower-case letters, digits and hyphens, starting with a letter (it becomes part of the cluster name)')
          .describe('Short id, unique in the roster: a lower-case DNS label of at most 16 characters. The cluster is named <labName>-<id>.'),
        principalArn: principalArn()
          .optional()
          .describe(
            "The participant's IAM role or user ARN: cluster-admin on their own cluster only. Each principal may appear once in the configuration. With accountId, a principal of that account. Set it or ssoUser.",
          ),
        ssoUser: z
          .strictObject({
            permissionSetRoleArn: z
              .string()
              .regex(
                PERMISSION_SET_ROLE_ARN,
                "must be the ARN of a permission set's role, such as arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Learner_0123456789abcdef (aws iam list-roles --path-prefix /aws-reserved/sso.amazonaws.com/ lists them)",
              )
              .describe('The role IAM Identity Center created in the account for the permission set the participant signs in with (several participants may share it).'),
            userName: z
              .string()
              .regex(SSO_USER_NAME, "must be the user's IAM Identity Center user name, as their sessions are named: 2-64 letters, digits and +=,.@_-")
              .describe('Their IAM Identity Center user name, exactly as IAM Identity Center spells it (case too): only sessions of this user may assume their lab role.'),
          })
          .optional()
          .describe(
            "Instead of principalArn: an IAM Identity Center user of a shared permission set. The lab creates the role <labName>-<id>-learner, which only this user's sessions of that permission set may assume, and makes it cluster-admin; the roster and handout show the assume step. With accountId, a permission set role of that account.",
          ),
        accountId: z
          .string()
          .regex(ACCOUNT_ID, 'must be a 12-digit AWS account id such as 123456789012')
          .optional()
          .describe(
            "The participant's own AWS account (from a pool your organization has): the lab is deployed there, through roster.accountRoleName. Set it for every participant or for none.",
          ),
      }),
    )
    .min(1, 'must list at least one participant (leave roster out for a single lab)')
    .describe(
      'One isolated lab each (cluster, nodes, workloads, own Terraform state): on networks the class shares in this account, or each in its own account (accountId).',
    ),
  accountRoleName: z
    .string()
    .regex(IAM_ROLE_NAME, 'must be an IAM role name (1-64 letters, digits and +=,.@_-)')
    .default(DEFAULT_ACCOUNT_ROLE_NAME)
    .describe(
      "With accountId: the role the deploying identity assumes in each participant's account (the role AWS Organizations creates in a member account).",
    ),
  participantsPerNetwork: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be >= 1')
    .optional()
    .describe(
      'In one account: at most this many participants share one network (VPC and NAT); more are split into further networks. Default: as many as fit the address space.',
    ),
  instructorPrincipalArns: z
    .array(principalArn())
    .default([])
    .describe("IAM role or user ARNs with cluster-admin on every participant's cluster (with adminPrincipalArns)."),
  eksClusterQuota: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be >= 1')
    .default(DEFAULT_EKS_CLUSTER_QUOTA)
    .describe('Your EKS clusters-per-region quota (Service Quotas): the roster must not exceed it. npm run preflight reads the real one.'),
});

/** Field-level schema of the state settings. */
export const stateSchema = z
  .strictObject({
    backend: z
      .nativeEnum(StateBackend, oneOf(Object.values(StateBackend)))
      .default(StateBackend.LOCAL)
      .describe('local: terraform.<stack>.tfstate in the project folder (one machine). s3: a bucket shared with co-instructors or CI, encrypted, with S3 native locking.'),
    bucket: z
      .string()
      .regex(BUCKET_NAME, 'must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)')
      .optional()
      .describe('S3 state: an existing bucket (versioning on). Required with backend s3.'),
    keyPrefix: z
      .string()
      .max(512, 'must be at most 512 characters')
      .regex(KEY_PREFIX, 'must be a path such as labs/eks-workshop')
      .optional()
      .describe('S3 state: keys are <keyPrefix>/<stack>.tfstate. Default: labName.'),
    region: awsRegion().optional().describe("S3 state: the bucket's region. Default: the lab's region."),
    kmsKeyId: z.string().regex(KMS_KEY, 'must be a KMS key or alias ARN').optional().describe('S3 state: a KMS key ARN for server-side encryption. Default: the bucket default.'),
  })
  .superRefine((state, ctx) => {
    if (state.backend === StateBackend.S3 && state.bucket === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['bucket'], message: 'must be set when state.backend is s3' });
    }
    if (state.backend === StateBackend.LOCAL) {
      for (const field of ['bucket', 'keyPrefix', 'region', 'kmsKeyId'] as const) {
        if (state[field] !== undefined) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message: 'applies only to state.backend s3' });
        }
      }
    }
  });

/** Field-level schema of the budget guard. */
export const budgetSchema = z.strictObject({
  enabled: z
    .boolean()
    .optional()
    .describe('Whether the stacks create the budget. Default: on for a class that lists alertEmails (a class without them gets a warning), off for a single lab; on needs alertEmails and expiresOn.'),
  alertEmails: z
    .array(z.string().email('must be an e-mail address such as instructor@example.com'))
    .max(BUDGET_LIMITS.emailSubscribers, `AWS Budgets sends to at most ${BUDGET_LIMITS.emailSubscribers} addresses per alert`)
    .superRefine((emails, ctx) => {
      emails.forEach((email, i) => {
        if (emails.findIndex((e) => e.toLowerCase() === email.toLowerCase()) !== i) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: 'must not repeat an earlier address' });
        }
      });
    })
    .default([])
    .describe('Who gets the alerts: e-mail addresses, at most 10, each once.'),
  thresholdPercents: z
    .array(
      z
        .number()
        .finite('must be a finite number')
        .min(1, 'must be >= 1 (percent of a day of the estimate)')
        .max(1000, 'must be <= 1000 (percent of a day of the estimate)'),
    )
    .min(1, 'must list at least one threshold')
    .max(BUDGET_LIMITS.notifications, `AWS Budgets allows at most ${BUDGET_LIMITS.notifications} notifications per budget`)
    .superRefine((thresholds, ctx) => {
      thresholds.forEach((t, i) => {
        if (thresholds.indexOf(t) !== i) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: 'must not repeat an earlier threshold (AWS rejects duplicate notifications)' });
      });
    })
    .default([10, 100])
    .describe(
      'Alert thresholds in percent of one day of the estimate (npm run estimate): 1-1000 each, at most 5 with the leftover thresholds the guard adds, each once. ' +
        'An alert goes out on each day after expiresOn whose cost passes one.',
    ),
  scope: z
    .nativeEnum(BudgetFilter, oneOf(Object.values(BudgetFilter)))
    .default(BudgetFilter.LAB_TAG)
    .describe(
      'What the budget counts in a shared account. lab-tag: costs tagged lab=<labName> in the region; needs lab as an active cost allocation tag, ' +
        'which in an AWS Organizations member account only the management account can activate (npm run verify says). ' +
        'region: every cost of the account in the region, no tag needed: for an account that holds only this lab or class. ' +
        "A participant's own account is always counted whole.",
    ),
});

/** Field-level schema of the node group. */
export const nodeGroupSchema = z.strictObject({
  instanceTypes: z
    .array(z.string().regex(INSTANCE_TYPE, 'must be an EC2 instance type such as m5.large'))
    .min(1, 'must name at least one instance type')
    .max(20, 'EKS accepts at most 20 instance types')
    .default(['t3a.large'])
    .describe(
      'EC2 instance types of the managed node group: all x86_64 or all Graviton (arm64, e.g. m7g.large); the Amazon Linux 2023 AMI type follows their architecture. ' +
        'Default t3a.large: the cheapest priced type of 2 vCPUs and 8 GiB that runs every image of the lab (burstable: npm run estimate prints what a sustained load adds; docs/cost.md). ' +
        'Graviton needs every image of the lab on arm64: with application retail-store, DynamoDB Local is not confirmed for arm64.',
    ),
  minSize: z.number().int('must be a whole number').min(0, 'must be >= 0').default(3).describe('Fewest nodes; minSize <= desiredSize <= maxSize.'),
  desiredSize: z.number().int('must be a whole number').min(0, 'must be >= 0').default(3).describe('Nodes at creation.'),
  maxSize: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be >= 1')
    .max(100, 'must be <= 100')
    .default(6)
    .describe('Most nodes: quotas, address space and the cost ceiling are checked at this size.'),
  diskSizeGiB: z
    .number()
    .int('must be a whole number of GiB')
    .min(20, 'must be >= 20 (the AL2023 EKS AMI snapshot is 20 GiB)')
    .max(16384, 'must be <= 16384 (gp3 limit)')
    .default(30)
    .describe('Encrypted gp3 root volume per node, in GiB.'),
});


/** An IAM role ARN (the generated workflows assume a role, never a user). */
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** Field-level schema of the class runner (`npm run class`) and the GitHub Actions workflows it writes. */
export const classSchema = z.strictObject({
  parallel: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be >= 1')
    .max(256, 'must be <= 256')
    .default(30)
    .describe(
      'Participants npm run class works on at once on one machine (each runs one terraform with its provider: about 0.3 GiB of memory). ' +
        'The default stands up a class of 30 in one wave; lower it on a small machine.',
    ),
  workflowMaxParallel: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be >= 1')
    .max(256, 'must be <= 256 (a GitHub Actions matrix has at most 256 jobs)')
    .default(20)
    .describe(
      'GitHub Actions jobs at once in the workflows npm run class -- workflow writes (the matrix max-parallel): 20 is the Free plan\'s limit of concurrent jobs. ' +
        'Participants are batched so that every batch runs at once.',
    ),
  workflowRoleArn: z
    .string()
    .regex(ROLE_ARN, 'must be an IAM role ARN such as arn:aws:iam::123456789012:role/lab-class-deployer')
    .optional()
    .describe('The IAM role the generated GitHub Actions workflows assume through OIDC (npm run class -- workflow --role-arn overrides it).'),
});
