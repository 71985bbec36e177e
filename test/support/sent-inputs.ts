/**
 * The inputs a mocked AWS client was sent, each copied at the moment it was sent.
 *
 * aws-sdk-client-mock records the command objects, and the SDK's paginators (`paginateDescribeVolumes`
 * and the like) send one input object for every page, setting its continuation token in place: read
 * from the recorded commands afterwards, every page shows the last page's token. A fake that answers
 * through {@link SentInputs.record} keeps what each call really carried.
 */
export class SentInputs {
  private readonly byKey = new Map<string, unknown[]>();

  /** `answer`, which first records a copy of its input under `key` (e.g. `DescribeVolumesCommand`). */
  public record<I, A extends unknown[], R>(key: string, answer: (input: I, ...rest: A) => R): (input: I, ...rest: A) => R {
    return (input, ...rest) => {
      const inputs = this.byKey.get(key) ?? [];
      inputs.push(structuredClone(input));
      this.byKey.set(key, inputs);
      return answer(input, ...rest);
    };
  }

  /** The inputs recorded under `key`, in the order they were sent. */
  public of<I>(key: string): I[] {
    return [...(this.byKey.get(key) ?? [])] as I[];
  }

  /** Forgets every input. */
  public clear(): void {
    this.byKey.clear();
  }
}
