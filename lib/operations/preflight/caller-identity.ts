import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsCallError, awsCall, AwsFailureKind, NOT_THE_AWS_API } from '../aws-call-error';

/** The IAM permissions {@link callerIdentity} needs (iam:GetRole only for a role session, and it copes without). */
export const CALLER_IDENTITY_PERMISSIONS: readonly string[] = ['sts:GetCallerIdentity', 'iam:GetRole'];

/** What kind of IAM identity the credentials belong to. */
export enum CallerKind {
  /** An IAM user (`arn:<p>:iam::<account>:user/<path><name>`). */
  USER = 'user',
  /** A session of an IAM role (`arn:<p>:sts::<account>:assumed-role/<name>/<session>`): SSO, CI, EC2 roles. */
  ROLE = 'role',
  /** The account's root user: no access entry can name it. */
  ROOT = 'root',
  /** Anything else (a federated user): no access entry can name it either. */
  OTHER = 'other',
}

/** The identity `cdktf deploy` would run as, and the IAM principal an access entry would have to name. */
export interface CallerIdentity {
  /** The account the credentials belong to. */
  readonly account: string;
  /** The ARN STS reports, e.g. an assumed-role session ARN. */
  readonly arn: string;
  /** What kind of identity it is. */
  readonly kind: CallerKind;
  /**
   * The IAM role or user ARN, with its path, as an access entry names it (for a role session: the role's
   * own ARN). @default - none: root or another identity no access entry can name
   */
  readonly principalArn?: string;
  /**
   * Whether {@link principalArn}'s path is known: false when the session's role could not be read
   * (iam:GetRole denied), so the ARN was written with no path.
   */
  readonly pathKnown: boolean;
}

/** The IAM clients {@link callerIdentity} uses. */
export interface IdentityClients {
  /** STS. */
  readonly sts: STSClient;
  /** IAM, to read a session's role (its path). */
  readonly iam: IAMClient;
}

/**
 * Who the credentials are (STS GetCallerIdentity, which every identity may call). For a role session
 * the role's ARN is read with iam:GetRole, because the session ARN drops the role's path and an access
 * entry must name the role with it (IAM Identity Center roles live under
 * `/aws-reserved/sso.amazonaws.com/<region>/`). When GetRole is denied the role ARN is written without a
 * path and {@link CallerIdentity.pathKnown} is false.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 * @see https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
 * @throws AwsCallError when STS cannot be asked (no or expired credentials, unreachable): nothing can be checked then
 */
export async function callerIdentity(clients: IdentityClients): Promise<CallerIdentity> {
  const answer = await awsCall('sts:GetCallerIdentity', () => clients.sts.send(new GetCallerIdentityCommand({})));
  // STS always names both; an answer without them came from something that is not STS (the SDK parses any XML).
  if (answer.Arn === undefined || answer.Account === undefined) {
    throw new AwsCallError('sts:GetCallerIdentity', Object.assign(new Error('the answer named no account and no ARN, as STS always does'), { name: NOT_THE_AWS_API }));
  }
  const arn = answer.Arn;
  const account = answer.Account;
  const sts = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  if (sts !== null) {
    const [, partition, , roleName] = sts;
    try {
      const role = await awsCall('iam:GetRole', () => clients.iam.send(new GetRoleCommand({ RoleName: roleName })));
      if (role.Role?.Arn !== undefined) return { account, arn, kind: CallerKind.ROLE, principalArn: role.Role.Arn, pathKnown: true };
    } catch (error) {
      // Only a denial leaves the path unknown; anything else (no credentials, unreachable) stops the command.
      if (!(error instanceof AwsCallError) || error.kind !== AwsFailureKind.ACCESS_DENIED) throw error;
    }
    return { account, arn, kind: CallerKind.ROLE, principalArn: `arn:${partition}:iam::${account}:role/${roleName}`, pathKnown: false };
  }
  if (/^arn:[\w-]+:iam::\d{12}:user\//.test(arn)) return { account, arn, kind: CallerKind.USER, principalArn: arn, pathKnown: true };
  if (/^arn:[\w-]+:iam::\d{12}:root$/.test(arn)) return { account, arn, kind: CallerKind.ROOT, pathKnown: true };
  return { account, arn, kind: CallerKind.OTHER, pathKnown: true };
}
