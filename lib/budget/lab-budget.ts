import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { dependable, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { BudgetFilter } from '../config/lab-config';
import { LAB_TAG_KEYS } from '../config/lab-tags';
import { LabNetwork } from '../network/lab-network';
import type { LabEnvironment } from '../plan/lab-environment';
import { labBudgetName, overEstimateBudgetName } from '../plan/lab-names';
import { dayAfter } from '../plan/lab-dates';
import type { LabPlan } from '../plan/lab-plan';
import { estimateLabCost } from '../cost/estimate-lab-cost';
import { budgetThresholds } from '../cost/leftover-thresholds';

/** What a budget counts. */
export type BudgetScope =
  /** What carries the tag `lab=<labName>` in `region`: a lab or class in a shared account. */
  | { readonly labName: string; readonly region: string }
  /** Everything the account bills in `region`: a shared account that holds nothing but the lab or class, without the tag. */
  | { readonly region: string }
  /** Everything the account bills: a participant's own account, which holds nothing but their lab. */
  | 'account';

/** Props of {@link LabBudget}. */
export interface LabBudgetProps {
  /** The budget's name, unique in the account. */
  readonly name: string;
  /** What it counts. */
  readonly scope: BudgetScope;
  /** The first day watched (`YYYY-MM-DD`). @default - the day AWS Budgets creates it */
  readonly startsOn?: string;
  /** The daily limit, in US dollars: one day of the estimate of what it watches. */
  readonly dailyLimitUsd: number;
  /** Alert thresholds, percent of {@link dailyLimitUsd}. */
  readonly thresholdPercents: readonly number[];
  /** Alert thresholds in US dollars of the day's cost (what one leftover bills). @default [] */
  readonly thresholdsUsd?: readonly number[];
  /** Who gets the alerts. */
  readonly alertEmails: readonly string[];
  /**
   * What the budget must outlive (the VPC and the NAT gateways: what still bills when a destroy stops
   * halfway). Each gets a dependency on the budget, so Terraform creates the budget before them and
   * deletes it only after them.
   * @default []
   */
  readonly outlives?: readonly TerraformResource[];
}

/**
 * A guard on the bill: an AWS Budgets daily cost budget of what a lab, class or participant's account
 * bills, with ACTUAL-cost alerts at shares of its limit (one day of the estimate). A budget that
 * starts the day after `expiresOn` alerts on a forgotten lab within a day of AWS reporting its cost,
 * and never while the class runs as planned; one without a start date watches every day.
 *
 * Deterministic: the start is the configured date, the limit the estimate's figure; nothing depends
 * on the day of the synth. A tag-scoped budget counts once `lab` is an active cost allocation tag in
 * the account (docs/running-a-class.md): that activation is account-wide, so no stack makes it.
 *
 * @see https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html
 */
export class LabBudget extends Construct {
  /** The budget. */
  public readonly budget: BudgetsBudget;
  /** The budget's name. */
  public readonly name: string;
  /** The daily limit, in dollars as the budget has it (two decimals). */
  public readonly limitAmount: string;
  /** The first day watched, `YYYY-MM-DD`. @default - the day it is created */
  public readonly startsOn?: string;

  constructor(scope: Construct, id: string, props: LabBudgetProps) {
    super(scope, id);
    this.name = props.name;
    // Cents, rounded up: the limit is never below the estimate.
    this.limitAmount = (Math.ceil(props.dailyLimitUsd * 100) / 100).toFixed(2);
    this.startsOn = props.startsOn;
    this.budget = new BudgetsBudget(this, 'Budget', {
      name: this.name,
      budgetType: 'COST',
      timeUnit: 'DAILY',
      limitAmount: this.limitAmount,
      limitUnit: 'USD',
      ...(props.startsOn === undefined ? {} : { timePeriodStart: `${props.startsOn}_00:00` }),
      ...(props.scope === 'account'
        ? {}
        : {
            costFilter: [
              ...('labName' in props.scope ? [{ name: 'TagKeyValue', values: [`user:${LAB_TAG_KEYS.lab}$${props.scope.labName}`] }] : []),
              { name: 'Region', values: [props.scope.region] },
            ],
          }),
      // Gross cost: in a workshop account paid by credits, net cost stays 0 and would never alert.
      costTypes: { includeCredit: false, includeRefund: false },
      // Daily budgets take ACTUAL notifications only (forecasts need a longer period).
      notification: [
        ...props.thresholdPercents.map((threshold) => ({ threshold, thresholdType: 'PERCENTAGE' })),
        ...(props.thresholdsUsd ?? []).map((threshold) => ({ threshold, thresholdType: 'ABSOLUTE_VALUE' })),
      ].map((n) => ({
        comparisonOperator: 'GREATER_THAN',
        ...n,
        notificationType: 'ACTUAL',
        subscriberEmailAddresses: [...props.alertEmails],
      })),
    });
    // Terraform destroys a resource before what it depends on: the watched resources depend on the budget.
    for (const resource of props.outlives ?? []) resource.dependsOn = [...(resource.dependsOn ?? []), dependable(this.budget)];
  }
}

/**
 * The budget guard of `plan` on `network`, when the configuration enables it (see LabBudget): in a
 * shared account, one budget of the lab tag for the lab or class from the day after `expiresOn`; in a
 * participant's own account (`lab`), two budgets of the whole account, sized by one lab: one from the
 * day after `expiresOn` (anything that still bills) and one every day (the lab costs more than the
 * estimate says).
 */
export function labBudgetOf(scope: Construct, plan: LabPlan, network: LabNetwork, lab?: LabEnvironment): LabBudget[] {
  const { config } = plan;
  if (!config.budget.enabled || config.expiresOn === undefined) return [];
  const estimate = estimateLabCost(plan);
  // One leftover lab, and a leftover network, cross a threshold of the after-expiry budget (leftover-thresholds.ts).
  const { leftovers } = budgetThresholds(plan);
  const afterExpiry = { thresholdsUsd: leftovers.map((l) => l.thresholdUsd) };
  const common = {
    thresholdPercents: config.budget.thresholdPercents,
    alertEmails: config.budget.alertEmails,
    // Deleted after the VPC and the NAT gateways: while a destroy that stopped halfway leaves them, it still watches.
    outlives: [network.node.findChild('Vpc') as Vpc, ...network.natGateways],
  };
  if (lab?.account === undefined) {
    return [
      new LabBudget(scope, 'Budget', {
        ...common,
        name: labBudgetName(config.labName, config.region),
        scope: config.budget.scope === BudgetFilter.REGION ? { region: config.region } : { labName: config.labName, region: config.region },
        ...afterExpiry,
        startsOn: dayAfter(config.expiresOn),
        dailyLimitUsd: estimate.class.perDay,
      }),
    ];
  }
  return [
    new LabBudget(scope, 'Budget', {
      ...common,
      name: labBudgetName(config.labName, config.region),
      scope: 'account',
      ...afterExpiry,
      startsOn: dayAfter(config.expiresOn),
      dailyLimitUsd: estimate.perParticipant.perDay,
    }),
    new LabBudget(scope, 'OverEstimateBudget', {
      ...common,
      name: overEstimateBudgetName(config.labName, config.region),
      scope: 'account',
      thresholdPercents: [100],
      dailyLimitUsd: estimate.perParticipant.perDay,
    }),
  ];
}
