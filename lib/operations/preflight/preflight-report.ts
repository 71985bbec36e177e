import type { PreflightRow } from './preflight-check';

/** What `npm run preflight` found. */
export interface PreflightReport {
  /** The configuration's `labName`. */
  readonly labName: string;
  /** The region checked. */
  readonly region: string;
  /** The participant the check was narrowed to. @default - none: every lab */
  readonly participantId?: string;
  /** How many labs were checked. */
  readonly labs: number;
  /** Who deploys. */
  readonly identity: {
    /** The account. */
    readonly account: string;
    /** The ARN STS reports. */
    readonly arn: string;
    /** The IAM role or user an access entry would name. @default - none (root or a federated user) */
    readonly principalArn?: string;
  };
  /** Every row, in the order of the checks. */
  readonly rows: readonly PreflightRow[];
  /** Rows per result. */
  readonly counts: { readonly pass: number; readonly warn: number; readonly fail: number; readonly notChecked: number };
}
