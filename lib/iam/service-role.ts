import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { partitionOf } from '../config/partition';
import type { IamPolicyDocument } from '../plan/iam-policy';
import { terraformLiteral } from '../private/terraform-literal';

/** Props of {@link ServiceRole}. */
export interface ServiceRoleProps {
  /** Role name; must be unique in the account, so derive it from the lab name. */
  readonly roleName: string;
  /** Service principal that assumes the role, e.g. `eks.amazonaws.com`. */
  readonly servicePrincipal: string;
  /** Actions the principal may call on the role. @default ['sts:AssumeRole'] */
  readonly assumeActions?: readonly string[];
  /** AWS managed policy names (without the `arn:...:policy/` prefix), e.g. `AmazonEKSClusterPolicy`. */
  readonly managedPolicies: readonly string[];
  /** Region whose partition the policy ARNs use. */
  readonly region: string;
  /** What the role is for, shown in the IAM console. */
  readonly description: string;
  /**
   * Policies of the lab's own, put on the role as inline policies (deleted with it), by policy name.
   * Policy variables such as `${aws:PrincipalTag/...}` reach AWS as written. @default - none
   */
  readonly inlinePolicies?: Readonly<Record<string, IamPolicyDocument>>;
}

/**
 * An IAM role that one AWS service assumes, with AWS managed policies attached and, optionally,
 * inline policies of the lab's own.
 *
 * Resources that use the role must depend on {@link ServiceRole.permissions} (not only the role),
 * so that on destroy Terraform deletes them before it removes the policies: a cluster or node group
 * whose role lost its policies cannot clean up its ENIs and hangs.
 */
export class ServiceRole extends Construct {
  /** The role. */
  public readonly role: IamRole;
  /** One attachment per managed policy, in the order given. */
  public readonly attachments: readonly IamRolePolicyAttachment[];
  /** One per inline policy, in the order given. */
  public readonly inlinePolicies: readonly IamRolePolicy[];
  /** Every policy of the role: the attachments, then the inline policies. */
  public readonly permissions: readonly TerraformResource[];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const partition = partitionOf(props.region);
    this.role = new IamRole(this, 'Role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: props.servicePrincipal },
            Action: props.assumeActions ?? ['sts:AssumeRole'],
          },
        ],
      }),
    });
    this.attachments = props.managedPolicies.map(
      (policy) =>
        new IamRolePolicyAttachment(this, policy.replace(/\//g, '-'), {
          role: this.role.name,
          policyArn: `arn:${partition}:iam::aws:policy/${policy}`,
        }),
    );
    this.inlinePolicies = Object.entries(props.inlinePolicies ?? {}).map(
      ([name, document]) =>
        new IamRolePolicy(this, `Inline-${name}`, {
          role: this.role.name,
          name,
          policy: terraformLiteral(JSON.stringify(document)),
        }),
    );
    this.permissions = [...this.attachments, ...this.inlinePolicies];
  }
}
