import { conditionOf } from './kubernetes-objects';
import { failed, LabCheck, passed } from './lab-check';
import { Remedy } from './verify-report';

/** Label EKS puts on the nodes of a managed node group. */
const NODEGROUP_LABEL = 'eks.amazonaws.com/nodegroup';

/**
 * Nodes: as many Ready nodes as the node group's desired size (a node is Ready when its `Ready`
 * condition is True). The nodes that are not are named with the condition's reason.
 */
export const nodesCheck: LabCheck = {
  name: 'nodes',
  results(snapshot, { desiredNodes }) {
    const ready = snapshot.nodes.filter((n) => conditionOf(n.status?.conditions, 'Ready')?.status === 'True');
    const unready = snapshot.nodes.filter((n) => !ready.includes(n));
    const groups = [...new Set(snapshot.nodes.map((n) => n.metadata?.labels?.[NODEGROUP_LABEL]).filter((g) => g !== undefined))];
    const of = `${ready.length}/${desiredNodes} Ready${groups.length > 0 ? ` (node group ${groups.join(', ')})` : ''}`;
    if (ready.length >= desiredNodes) return [passed('nodes', of)];
    const why = unready.map((n) => {
      const condition = conditionOf(n.status?.conditions, 'Ready');
      return `${n.metadata?.name ?? '?'} ${condition === undefined ? 'has no Ready condition' : `Ready=${condition.status}${condition.reason ? ` (${condition.reason})` : ''}`}`;
    });
    const missing = desiredNodes - snapshot.nodes.length;
    const parts = [...why, ...(missing > 0 ? [`${missing} of the desired ${desiredNodes} not registered`] : [])];
    return [failed('nodes', `${of}: ${parts.join('; ')}`, Remedy.REDEPLOY)];
  },
};
