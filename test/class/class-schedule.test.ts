import { runSchedule, StackOutcome, StackResult } from '../../lib/class/class-schedule';
import { ClassStack, ClassVerb } from '../../lib/class/class-stacks';
import { StackState, StackStatus } from '../../lib/class/stack-states';
import { StackKind, StackProvider } from '../../lib/plan/stack-plan';

/**
 * The schedule on plans the configuration cannot make yet (several networks, as shards would have):
 * it orders by `dependsOn` only, so a failed network stops its own participants and no one else's.
 */
function stack(name: string, kind: StackKind, dependsOn: string[], owner?: string): ClassStack {
  return {
    plan: { name, kind, dependsOn, providers: [StackProvider.AWS], ...(owner === undefined ? {} : { participantId: owner, clusterName: `lab-${owner}` }) },
    name,
    ...(owner === undefined ? {} : { owner }),
    dependsOn,
    dependents: [],
    selected: true,
  };
}

function withDependents(stacks: ClassStack[]): ClassStack[] {
  return stacks.map((s) => ({ ...s, dependents: stacks.filter((o) => o.dependsOn.includes(s.name)).map((o) => o.name) }));
}

const SHARDS = withDependents([
  stack('net-1', StackKind.NETWORK, []),
  stack('net-2', StackKind.NETWORK, []),
  stack('a-cluster', StackKind.CLUSTER, ['net-1'], 'a'),
  stack('a-workloads', StackKind.WORKLOADS, ['a-cluster'], 'a'),
  stack('b-cluster', StackKind.CLUSTER, ['net-2'], 'b'),
  stack('b-workloads', StackKind.WORKLOADS, ['b-cluster'], 'b'),
]);

const state = (name: string, status: StackStatus): StackState => ({ stack: name, location: `mem:${name}`, status, resources: status === StackStatus.DESTROYED ? 0 : 2, expected: 2 });

async function schedule(verb: ClassVerb, failing: string[], states: Record<string, StackStatus> = {}) {
  const order: string[] = [];
  const runs = await runSchedule(verb, SHARDS, 10, {
    runStack: async (s): Promise<StackOutcome> => {
      order.push(s.name);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return failing.includes(s.name) ? { ok: false, seconds: 1, logFile: 'x.log', step: verb, errorLines: ['Error: boom'] } : { ok: true, seconds: 1, logFile: 'x.log' };
    },
    readState: async (name) => state(name, states[name] ?? StackStatus.DEPLOYED),
  });
  return { order, results: Object.fromEntries(runs.map((r) => [r.stack.name, `${r.result}${r.reason === undefined ? '' : `: ${r.reason}`}`])) };
}

describe('the schedule over plan.stacks and dependsOn (two networks, as shards)', () => {
  test('deploy: a failed network stops only its own participants', async () => {
    const { results, order } = await schedule(ClassVerb.DEPLOY, ['net-1']);
    expect(results).toEqual({
      'net-1': StackResult.FAILED,
      'net-2': StackResult.DEPLOYED,
      'a-cluster': 'not run: net-1 failed',
      'a-workloads': 'not run: a-cluster was not deployed',
      'b-cluster': StackResult.DEPLOYED,
      'b-workloads': StackResult.DEPLOYED,
    });
    expect(order.indexOf('b-cluster')).toBeGreaterThan(order.indexOf('net-2'));
  });

  test("destroy: each network goes once its own participants are gone; a failed participant keeps only its network", async () => {
    const { results, order } = await schedule(ClassVerb.DESTROY, ['a-cluster']);
    expect(results).toEqual({
      'net-1': 'kept: a-cluster was not destroyed',
      'net-2': StackResult.DESTROYED,
      'a-cluster': StackResult.FAILED,
      'a-workloads': StackResult.DESTROYED,
      'b-cluster': StackResult.DESTROYED,
      'b-workloads': StackResult.DESTROYED,
    });
    expect(order.indexOf('a-cluster')).toBeGreaterThan(order.indexOf('a-workloads'));
    expect(order.indexOf('net-2')).toBeGreaterThan(order.indexOf('b-cluster'));
  });

  test('destroy: a stack whose state holds nothing is skipped without terraform', async () => {
    const { results, order } = await schedule(ClassVerb.DESTROY, [], { 'a-workloads': StackStatus.DESTROYED, 'a-cluster': StackStatus.DESTROYED });
    expect(results['a-cluster']).toBe('already destroyed: its state holds no resources');
    expect(order).not.toContain('a-cluster');
    expect(order).toContain('net-1');
  });
});
