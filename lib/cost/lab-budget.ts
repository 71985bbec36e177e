import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { dependable, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { LAB_TAG_KEYS } from '../config/lab-tags';
import { LabNetwork } from '../network/lab-network';
import { labBudgetName } from '../plan/lab-names';
import type { LabPlan } from '../plan/lab-plan';
import { estimateLabCost } from './estimate-lab-cost';

/** Props of {@link LabBudget}. */
export interface LabBudgetProps {
  /** The lab's `labName`: the budget counts what carries the tag `lab=<labName>`. */
  readonly labName: string;
  /** The lab's region: the budget counts that region's costs only (a same-named lab elsewhere is another). */
  readonly region: string;
  /** The configured `expiresOn` (`YYYY-MM-DD`): the budget watches the days after it. */
  readonly expiresOn: string;
  /** The estimated cost of one day of the lab or class, in US dollars (`npm run estimate`'s figure). */
  readonly dailyEstimateUsd: number;
  /** Alert thresholds, percent of {@link dailyEstimateUsd}. */
  readonly thresholdPercents: readonly number[];
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

/** The day after `date` (`YYYY-MM-DD`). */
export function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/**
 * A guard on the bill: an AWS Budgets cost budget of the lab's resources (tag `lab=<labName>` in the
 * lab's region) that starts the day after `expiresOn` and resets daily, its limit one day of the
 * estimate. From that day on, every day whose cost passes a threshold (percent of the limit) sends
 * an e-mail, until the lab is destroyed (and the budget with it, last). So a forgotten lab or class,
 * or a part of it, is noticed within a day of AWS reporting its cost, and a class that is running as
 * planned never alerts.
 *
 * Deterministic: the start is the configured date, the limit the estimate's figure; nothing depends
 * on the day of the synth. The tag filter works once `lab` is an active cost allocation tag in the
 * account (see docs/running-a-class.md): that activation is account-wide, so no stack makes it.
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
  /** The first day watched, `YYYY-MM-DD`. */
  public readonly startsOn: string;

  constructor(scope: Construct, id: string, props: LabBudgetProps) {
    super(scope, id);
    this.name = labBudgetName(props.labName, props.region);
    // Cents, rounded up: the limit is never below the estimate.
    this.limitAmount = (Math.ceil(props.dailyEstimateUsd * 100) / 100).toFixed(2);
    this.startsOn = dayAfter(props.expiresOn);
    this.budget = new BudgetsBudget(this, 'Budget', {
      name: this.name,
      budgetType: 'COST',
      timeUnit: 'DAILY',
      limitAmount: this.limitAmount,
      limitUnit: 'USD',
      timePeriodStart: `${this.startsOn}_00:00`,
      costFilter: [
        { name: 'TagKeyValue', values: [`user:${LAB_TAG_KEYS.lab}$${props.labName}`] },
        { name: 'Region', values: [props.region] },
      ],
      // Gross cost: in a workshop account paid by credits, net cost stays 0 and would never alert.
      costTypes: { includeCredit: false, includeRefund: false },
      // Daily budgets take ACTUAL notifications only (forecasts need a longer period).
      notification: props.thresholdPercents.map((threshold) => ({
        comparisonOperator: 'GREATER_THAN',
        threshold,
        thresholdType: 'PERCENTAGE',
        notificationType: 'ACTUAL',
        subscriberEmailAddresses: [...props.alertEmails],
      })),
    });
    // Terraform destroys a resource before what it depends on: the watched resources depend on the budget.
    for (const resource of props.outlives ?? []) resource.dependsOn = [...(resource.dependsOn ?? []), dependable(this.budget)];
  }
}

/** The budget guard of `plan` on `network`, when the configuration enables it (see LabBudget). */
export function labBudgetOf(scope: Construct, plan: LabPlan, network: LabNetwork): LabBudget | undefined {
  const { config } = plan;
  if (!config.budget.enabled || config.expiresOn === undefined) return undefined;
  return new LabBudget(scope, 'Budget', {
    labName: config.labName,
    region: config.region,
    expiresOn: config.expiresOn,
    dailyEstimateUsd: estimateLabCost(plan).class.perDay,
    thresholdPercents: config.budget.thresholdPercents,
    alertEmails: config.budget.alertEmails,
    // Deleted after the VPC and the NAT gateways: while a destroy that stopped halfway leaves them, it still watches.
    outlives: [network.node.findChild('Vpc') as Vpc, ...network.natGateways],
  });
}
