import { daemonSetCheck } from '../../../lib/operations/verify/daemon-set-check';
import { Remedy } from '../../../lib/operations/verify/verify-report';
import { edit, nodeName } from './lab-fixtures';
import { editAll, healthy, resultOf, withCondition, without } from './check-fixtures';

const LOG_COLLECTOR = 'DaemonSet kube-system/log-collector';
/** The DaemonSet's pod on node `i` in the healthy lab. */
const podOn = (i: number) => `log-collector-${'abcdefghij'[i]}x${i}z`;

describe('DaemonSet check: a Ready pod on every Ready node, and at least one Ready node, each condition alone', () => {
  test('the healthy lab passes: a Ready pod on each of the 3 Ready nodes', async () => {
    expect(await resultOf(daemonSetCheck, healthy(), LOG_COLLECTOR)).toEqual({
      check: LOG_COLLECTOR,
      ok: true,
      detail: '3/3 ready, a Ready pod on each of the 3 Ready nodes',
    });
  });

  test('no Ready node at all (every node NotReady, the pods still Ready) fails: nothing to run on', async () => {
    const objects = editAll(healthy(), 'Node', (n) => ({ ...n, status: { ...n.status, conditions: withCondition(n.status.conditions, 'Ready', 'False', 'KubeletNotReady') } }));
    expect(await resultOf(daemonSetCheck, objects, LOG_COLLECTOR)).toEqual({
      check: LOG_COLLECTOR,
      ok: false,
      detail: '3/3 ready, no Ready node to run on',
      remedy: Remedy.RESET_WORKLOADS,
    });
  });

  test("a Ready node whose pod is not Ready fails, naming the node (the counts in the status say 3/3: they are not what is checked)", async () => {
    const objects = edit(healthy(), 'Pod', podOn(2), (p) => ({ ...p, status: { ...p.status, conditions: withCondition(p.status.conditions, 'Ready', 'False') } }));
    expect(await resultOf(daemonSetCheck, objects, LOG_COLLECTOR)).toMatchObject({
      ok: false,
      detail: `3/3 ready, no Ready pod on 1 node of 3: ${nodeName(2)}: pod ${podOn(2)}: Running, not Ready`,
    });
  });

  test('a Ready node without a pod of it fails, naming the node', async () => {
    expect(await resultOf(daemonSetCheck, without(healthy(), 'Pod', podOn(1)), LOG_COLLECTOR)).toMatchObject({
      ok: false,
      detail: `3/3 ready, no Ready pod on 1 node of 3: ${nodeName(1)}`,
    });
  });

  test("a Ready pod that the DaemonSet's selector does not select does not count", async () => {
    const objects = edit(healthy(), 'Pod', podOn(0), (p) => ({ ...p, metadata: { ...p.metadata, labels: { app: 'something-else' } } }));
    expect(await resultOf(daemonSetCheck, objects, LOG_COLLECTOR)).toMatchObject({ ok: false, detail: `3/3 ready, no Ready pod on 1 node of 3: ${nodeName(0)}` });
  });

  test('a node that is not Ready needs no pod: the others are covered, it passes', async () => {
    const notReady = edit(healthy(), 'Node', nodeName(2), (n) => ({ ...n, status: { ...n.status, conditions: withCondition(n.status.conditions, 'Ready', 'False') } }));
    const objects = without(notReady, 'Pod', podOn(2));
    expect(await resultOf(daemonSetCheck, objects, LOG_COLLECTOR)).toEqual({
      check: LOG_COLLECTOR,
      ok: true,
      detail: '3/3 ready, a Ready pod on each of the 2 Ready nodes',
    });
  });

  test('a missing DaemonSet fails and asks for a reset', async () => {
    expect(await resultOf(daemonSetCheck, without(healthy(), 'DaemonSet', 'log-collector'), LOG_COLLECTOR)).toEqual({
      check: LOG_COLLECTOR,
      ok: false,
      detail: 'missing: the API has no such DaemonSet',
      remedy: Remedy.RESET_WORKLOADS,
    });
  });
});
