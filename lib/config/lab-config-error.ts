/** Thrown when the configuration is invalid; `problems` has one sentence per problem. */
export class LabConfigError extends Error {
  /** One message per problem, each naming the field, the value and the rule. */
  public readonly problems: readonly string[];
  /**
   * Where the rejected configuration came from, as the `configuration:` line names it (`lab.yaml`,
   * `x.yaml (from LAB_CONFIG)`, ...). @default - not known (the error did not come from the loader)
   */
  public readonly source?: string;

  constructor(problems: readonly string[], source?: string) {
    super(`Invalid lab configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'LabConfigError';
    this.problems = problems;
    if (source !== undefined) this.source = source;
  }

  /** The same error, naming where the configuration came from (unless it already does). */
  public from(source: string): LabConfigError {
    return this.source === undefined ? new LabConfigError(this.problems, source) : this;
  }
}

/**
 * The first line a command prints for a rejected configuration, as it prints `configuration: ...`
 * for an accepted one: `configuration: lab.yaml: rejected, 2 problems`.
 */
export function describeRejection(error: LabConfigError): string {
  const count = error.problems.length;
  return `configuration: ${error.source ?? 'the configuration'}: rejected, ${count} problem${count === 1 ? '' : 's'}`;
}
