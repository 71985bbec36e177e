/** Thrown when the configuration is invalid; `problems` has one sentence per problem. */
export class LabConfigError extends Error {
  /** One message per problem, each naming the field, the value and the rule. */
  public readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid lab configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'LabConfigError';
    this.problems = problems;
  }
}
