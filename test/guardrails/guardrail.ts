import { StackJson, TfBlock } from '../support/fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */

/** The synthesized stacks a rule reads, by stack name (what `synthLab` returns). */
export type Stacks = Readonly<Record<string, StackJson>>;

/** `error` fails the suite; `warning` is reported and allowed. */
export type Severity = 'error' | 'warning';

/** One problem a rule found. */
export interface Finding {
  /** Id of the rule that found it. */
  readonly rule: string;
  /** How bad it is. */
  readonly severity: Severity;
  /** Stack name, e.g. `eks-workshop-cluster`. */
  readonly stack: string;
  /** Terraform address (`type.id`, `output.name`), optionally with the Kubernetes object or field. */
  readonly address: string;
  /** What is wrong and, where it is not obvious, how to fix it. */
  readonly problem: string;
}

/** A security guardrail over the synthesized configuration, in the spirit of checkov or cdk-nag. */
export interface GuardrailRule {
  /** Short kebab-case id, e.g. `nodes-require-imdsv2`. */
  readonly id: string;
  /** What the rule enforces and why. */
  readonly description: string;
  /** Every finding in `stacks`; an empty list when the rule holds. */
  check(stacks: Stacks): Finding[];
}

/** `[severity] rule stack address: problem`, one line per finding (what the tests compare). */
export function formatFinding(f: Finding): string {
  return `[${f.severity}] ${f.rule} ${f.stack} ${f.address}: ${f.problem}`;
}

/** A function that records findings of one rule in one stack. */
export type Report = (severity: Severity, address: string, problem: string) => void;

/** Runs `body` once per stack with a reporter bound to the rule and stack; returns every finding. */
export function perStack(rule: string, stacks: Stacks, body: (stack: StackJson, report: Report) => void): Finding[] {
  const findings: Finding[] = [];
  for (const [stackName, stack] of Object.entries(stacks)) {
    body(stack, (severity, address, problem) => findings.push({ rule, severity, stack: stackName, address, problem }));
  }
  return findings;
}

/** One resource of a stack. */
export interface Resource {
  /** Terraform type, e.g. `aws_iam_role`. */
  readonly type: string;
  /** Logical id. */
  readonly id: string;
  /** `type.id`. */
  readonly address: string;
  /** The resource's arguments. */
  readonly block: TfBlock & Record<string, any>;
}

/** Every resource of the given types (all resources when no type is given). */
export function resourcesOfTypes(stack: StackJson, ...types: string[]): Resource[] {
  return Object.entries(stack.resource ?? {})
    .filter(([type]) => types.length === 0 || types.includes(type))
    .flatMap(([type, blocks]) => Object.entries(blocks).map(([id, block]) => ({ type, id, address: `${type}.${id}`, block })));
}

/** A single nested block, whether cdktf wrote it as an object or as a one-item list. */
export function one(value: unknown): Record<string, any> | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return item !== null && typeof item === 'object' ? (item as Record<string, any>) : undefined;
}

/** A repeated nested block or list, whatever its shape; `[]` when absent. */
export function many(value: unknown): Array<Record<string, any>> {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Array<Record<string, any>>;
}

/** Whether a Terraform argument is true (`true` or `"true"`). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Whether a string holds a Terraform expression (`${...}`) rather than only a literal. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** One `${type.id.attribute}` (or `${data.type.id.attribute}`) reference inside a string. */
export interface Reference {
  /** `type.id` or `data.type.id`. */
  readonly address: string;
  /** Resource or data source type. */
  readonly type: string;
  /** Logical id. */
  readonly id: string;
  /** What follows the id, e.g. `arn` or `metadata[0].name`. */
  readonly attribute: string;
}

const REFERENCE = /\$\{(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([^}]*)\}/g;

/** The references in a string (none for anything else). */
export function referencesIn(value: unknown): Reference[] {
  if (typeof value !== 'string') return [];
  return [...value.matchAll(REFERENCE)].map(([, data, type, id, attribute]) => ({
    address: `${data ?? ''}${type}.${id}`,
    type,
    id,
    attribute,
  }));
}

/** Every string in a JSON value with its path, e.g. `spec.container[0].env[1].value`. */
export function walkStrings(value: unknown, visit: (path: string, key: string, text: string) => void, path = ''): void {
  if (typeof value === 'string') {
    visit(path, path.slice(path.lastIndexOf('.') + 1).replace(/\[\d+\]$/, ''), value);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walkStrings(item, visit, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) walkStrings(inner, visit, path ? `${path}.${key}` : key);
  }
}

/** One IAM policy statement, normalized from policy JSON or an `aws_iam_policy_document` data source. */
export interface Statement {
  /** `Allow` or `Deny`. */
  readonly effect: string;
  /** `Action` values. */
  readonly actions: readonly string[];
  /** Whether the statement uses `NotAction` (allows everything but the list). */
  readonly notAction: boolean;
  /** `Resource` values. */
  readonly resources: readonly string[];
  /** Whether the statement uses `NotResource`. */
  readonly notResource: boolean;
  /** Principals by type (`Service`, `Federated`, `AWS`, `*`). */
  readonly principals: Readonly<Record<string, readonly string[]>>;
  /** Conditions as `{ test, variable, values }`. */
  readonly conditions: ReadonlyArray<{ readonly test: string; readonly variable: string; readonly values: readonly string[] }>;
}

const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

/**
 * The statements of a policy argument: a JSON string (interpolations inside its strings are fine), a
 * `${data.aws_iam_policy_document.x.json}` reference, or a `${aws_iam_policy.x.policy}` reference.
 * Undefined when the policy cannot be read offline (an HCL function call, a literal ARN).
 */
export function policyStatements(stack: StackJson, policy: unknown): Statement[] | undefined {
  if (typeof policy !== 'string') return undefined;
  const whole = /^\$\{(data\.aws_iam_policy_document|aws_iam_policy)\.([A-Za-z0-9_-]+)\.(json|policy)\}$/.exec(policy.trim());
  if (whole) {
    if (whole[1] === 'aws_iam_policy') return policyStatements(stack, stack.resource.aws_iam_policy?.[whole[2]]?.policy);
    const document = stack.data?.aws_iam_policy_document?.[whole[2]];
    return document ? many(document.statement).map(fromDocumentStatement) : undefined;
  }
  try {
    const parsed = JSON.parse(policy) as { Statement?: unknown };
    return many(parsed.Statement).map(fromJsonStatement);
  } catch {
    return undefined;
  }
}

function fromJsonStatement(s: Record<string, any>): Statement {
  const principal = s.Principal ?? s.NotPrincipal;
  return {
    effect: s.Effect ?? 'Allow',
    actions: list(s.Action ?? s.NotAction),
    notAction: s.NotAction !== undefined,
    resources: list(s.Resource ?? s.NotResource),
    notResource: s.NotResource !== undefined,
    principals: principal === '*' ? { '*': ['*'] } : Object.fromEntries(Object.entries(principal ?? {}).map(([type, ids]) => [type, list(ids)])),
    conditions: Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([test, entries]) =>
      Object.entries(entries).map(([variable, values]) => ({ test, variable, values: list(values) })),
    ),
  };
}

function fromDocumentStatement(s: Record<string, any>): Statement {
  const principals: Record<string, string[]> = {};
  for (const p of many(s.principals)) principals[p.type] = [...(principals[p.type] ?? []), ...list(p.identifiers)];
  return {
    effect: s.effect ?? 'Allow',
    actions: list(s.actions ?? s.not_actions),
    notAction: s.not_actions !== undefined,
    resources: list(s.resources ?? s.not_resources),
    notResource: s.not_resources !== undefined,
    principals,
    conditions: many(s.condition).map((c) => ({ test: String(c.test), variable: String(c.variable), values: list(c.values) })),
  };
}
