import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { partitionOf } from '../config/partition';

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
}

/**
 * An IAM role that one AWS service assumes, with AWS managed policies attached.
 *
 * Resources that use the role must depend on {@link ServiceRole.attachments} (not only the role),
 * so that on destroy Terraform deletes them before it detaches the policies: a cluster or node group
 * whose role lost its policies cannot clean up its ENIs and hangs.
 */
export class ServiceRole extends Construct {
  /** The role. */
  public readonly role: IamRole;
  /** One attachment per managed policy, in the order given. */
  public readonly attachments: readonly IamRolePolicyAttachment[];

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
  }
}
