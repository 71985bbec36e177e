import { nodesCheck } from '../../../lib/operations/verify/nodes-check';
import { Remedy } from '../../../lib/operations/verify/verify-report';
import { edit, nodeName } from './lab-fixtures';
import { healthy, resultOf, withCondition, without, withoutCondition } from './check-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures edit API objects freely */

/** The healthy lab with the conditions of node `i` changed by `change`. */
const nodeWith = (i: number, change: (conditions: any[]) => any[]) =>
  edit(healthy(), 'Node', nodeName(i), (n) => ({ ...n, status: { ...n.status, conditions: change(n.status.conditions) } }));

describe("Nodes check: as many Ready nodes as the node group's desired size, each condition alone", () => {
  test('the healthy lab passes: 3/3 Ready', async () => {
    expect(await resultOf(nodesCheck, healthy(), 'nodes')).toEqual({ check: 'nodes', ok: true, detail: '3/3 Ready (node group default)' });
  });

  test('one node Ready=False fails, naming it with the reason, and asks for a redeploy', async () => {
    const objects = nodeWith(1, (c) => withCondition(c, 'Ready', 'False', 'KubeletNotReady'));
    expect(await resultOf(nodesCheck, objects, 'nodes')).toEqual({
      check: 'nodes',
      ok: false,
      detail: `2/3 Ready (node group default): ${nodeName(1)} Ready=False (KubeletNotReady)`,
      remedy: Remedy.REDEPLOY,
    });
  });

  test('one node Ready=Unknown (the kubelet stopped posting) fails', async () => {
    const objects = nodeWith(0, (c) => withCondition(c, 'Ready', 'Unknown', 'NodeStatusUnknown'));
    expect(await resultOf(nodesCheck, objects, 'nodes')).toMatchObject({ ok: false, detail: `2/3 Ready (node group default): ${nodeName(0)} Ready=Unknown (NodeStatusUnknown)` });
  });

  test('one node without a Ready condition fails', async () => {
    const objects = nodeWith(2, (c) => withoutCondition(c, 'Ready'));
    expect(await resultOf(nodesCheck, objects, 'nodes')).toMatchObject({ ok: false, detail: `2/3 Ready (node group default): ${nodeName(2)} has no Ready condition` });
  });

  test('one node fewer registered than the desired size fails, saying how many are missing', async () => {
    expect(await resultOf(nodesCheck, without(healthy(), 'Node', nodeName(2)), 'nodes')).toEqual({
      check: 'nodes',
      ok: false,
      detail: '2/3 Ready (node group default): 1 of the desired 3 not registered',
      remedy: Remedy.REDEPLOY,
    });
  });

  test('the desired size comes from the node group: 3 Ready of 4 desired fails, of 2 desired passes', async () => {
    expect(await resultOf(nodesCheck, healthy(), 'nodes', { desiredNodes: 4 })).toMatchObject({ ok: false, detail: '3/4 Ready (node group default): 1 of the desired 4 not registered' });
    expect(await resultOf(nodesCheck, healthy(), 'nodes', { desiredNodes: 2 })).toMatchObject({ ok: true, detail: '3/2 Ready (node group default)' });
  });
});
