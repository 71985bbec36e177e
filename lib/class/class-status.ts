import { textTable } from '../operations/text-table';
import { ClassStack, ownersOf, SHARED_OWNER_LABEL } from './class-stacks';
import { StackState, StackStateReader, StackStatus } from './stack-states';

/** One participant's (or shared stack's) line of `status`. */
export interface OwnerStatus {
  /** The participant, the single lab, or undefined for a shared stack. */
  readonly owner?: string;
  /** Deployed when every stack is, destroyed when none holds anything, unknown when a state could not be read. */
  readonly status: StackStatus;
  /** Its selected stacks' states. */
  readonly stacks: readonly StackState[];
}

/** What `npm run class -- status` found. */
export interface ClassStatusReport {
  /** Where the states are. */
  readonly stateLocation: string;
  /** Shared stacks first, then each participant in roster order. */
  readonly owners: readonly OwnerStatus[];
}

/** The status of several stacks together. */
export function combinedStatus(states: readonly StackState[]): StackStatus {
  if (states.some((s) => s.status === StackStatus.UNKNOWN)) return StackStatus.UNKNOWN;
  if (states.every((s) => s.status === StackStatus.DEPLOYED)) return StackStatus.DEPLOYED;
  if (states.every((s) => s.status === StackStatus.DESTROYED)) return StackStatus.DESTROYED;
  return StackStatus.PARTLY_DEPLOYED;
}

/** Reads the selected stacks' states, 20 at a time, and sums them up per participant. */
export async function classStatus(stacks: readonly ClassStack[], reader: StackStateReader): Promise<ClassStatusReport> {
  const selected = stacks.filter((s) => s.selected);
  const states = new Map<string, StackState>();
  for (let i = 0; i < selected.length; i += 20) {
    const batch = await Promise.all(selected.slice(i, i + 20).map((s) => reader.read(s.name)));
    batch.forEach((state) => states.set(state.stack, state));
  }
  const stateOf = (s: ClassStack) => states.get(s.name) as StackState;
  const shared = selected.filter((s) => s.owner === undefined).map((s): OwnerStatus => ({ status: stateOf(s).status, stacks: [stateOf(s)] }));
  const owners = ownersOf(selected).map((owner): OwnerStatus => {
    const own = selected.filter((s) => s.owner === owner).map(stateOf);
    return { owner, status: combinedStatus(own), stacks: own };
  });
  return { stateLocation: reader.description, owners: [...shared, ...owners] };
}

/** The status for people: one line per participant, then the count of each status. */
export function formatClassStatus(report: ClassStatusReport): string {
  const describe = (state: StackState) =>
    state.status === StackStatus.UNKNOWN
      ? `${state.stack} unknown (${state.reason ?? ''})`
      : `${state.stack} ${state.status === StackStatus.DESTROYED ? 'destroyed' : `${state.resources}/${state.expected}`}`;
  const rows = report.owners.map((o) => [o.owner ?? SHARED_OWNER_LABEL, o.status, o.stacks.map(describe).join(', ')]);
  const participants = report.owners.filter((o) => o.owner !== undefined);
  const counts = Object.values(StackStatus)
    .map((status) => [status, participants.filter((o) => o.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`);
  return `${textTable(['PARTICIPANT', 'STATUS', 'STACKS (resources in state / in the stack)'], rows)}\n\n${counts.join(', ') || 'nothing selected'} (states: ${report.stateLocation})\n`;
}
