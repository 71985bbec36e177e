import { ClassMode } from '../plan/lab-plan';
import { CostRate, CostScope, LabCostEstimate } from './lab-cost-estimate';

/**
 * The sentence that says which prices an estimate used: always their region and date, and for a lab
 * in another region that its prices differ.
 */
export function priceCaveat(estimate: LabCostEstimate): string {
  const { region, date } = estimate.prices;
  return estimate.regionDiffers
    ? `prices are ${region} list prices of ${date}; other regions differ (often 5-20% more)`
    : `prices are ${region} on-demand list prices of ${date}`;
}

/**
 * Renders an estimate as the text `npm run estimate` prints: the itemized table (per participant and
 * for the class, $/hour and $/day), the ceiling, the network-sharing comparison, the effect of roster
 * size, the assumptions and what is left out.
 */
export function formatLabCost(estimate: LabCostEstimate): string {
  const n = estimate.participants;
  const lines: string[] = [];
  const networks = estimate.networkSharing.shared.networks;
  const layout = {
    [ClassMode.SINGLE_LAB]: 'a single lab (1 participant, its own network)',
    [ClassMode.SHARED_ACCOUNT]: `a class of ${n} participant${n === 1 ? '' : 's'} on ${networks === 1 ? 'one shared network' : `${networks} shared networks`} in one account`,
    [ClassMode.ACCOUNT_PER_PARTICIPANT]: `a class of ${n} participant${n === 1 ? '' : 's'}, each in an AWS account of their own`,
  }[estimate.mode];
  lines.push(`Cost estimate: ${layout}, region ${estimate.region}`);
  lines.push(`NOTE: ${priceCaveat(estimate)}.`);
  lines.push(`Price list: ${estimate.prices.regionName}, on-demand; from ${estimate.prices.source}.`);
  lines.push('');

  const labelWidth = Math.max(...estimate.items.map((i) => i.label.length + 2), 'Total'.length);
  const basisOf = (i: LabCostEstimate['items'][number]) =>
    i.scope === CostScope.LAB ? `${i.basis}, x ${i.count} lab${i.count === 1 ? '' : 's'}` : `${i.basis}, x ${i.count} network${i.count === 1 ? '' : 's'}`;
  const basisWidth = Math.max(...estimate.items.map((i) => basisOf(i).length), 'basis'.length);
  // A single lab is its own participant: one pair of columns.
  const single = !estimate.hasRoster;
  const row = (label: string, basis: string, each: CostRate, all: CostRate) =>
    `${label.padEnd(labelWidth)}  ${basis.padEnd(basisWidth)}  ${single ? money(all) : `${money(each)}  ${money(all)}`}`;
  const blank = ' '.repeat(labelWidth + basisWidth + 4);
  lines.push(single ? `${blank}${'the lab'.padStart(20)}` : `${blank}${'per participant'.padStart(20)}  ${'whole class'.padStart(20)}`);
  lines.push(`${'item'.padEnd(labelWidth)}  ${'basis'.padEnd(basisWidth)}  ${single ? moneyHeader() : `${moneyHeader()}  ${moneyHeader()}`}`);
  for (const item of estimate.items) {
    lines.push(row(`${item.label}${item.assumed ? ' *' : ''}`, basisOf(item), item.perParticipant, item.class));
  }
  lines.push(row('Total', '', estimate.perParticipant, estimate.class));
  lines.push('* rests on an assumed usage (see Assumptions)');
  lines.push('');

  const extra = estimate.perAdditionalParticipant;
  const network = estimate.networkSharing.networkCost;
  lines.push(
    `Roster size: each participant adds ${usd(extra.perHour, 4)}/h, ${usd(extra.perDay, 2)}/day (their lab); ` +
      `a network costs ${usd(network.perHour, 4)}/h, ${usd(network.perDay, 2)}/day whatever the number of labs on it.`,
  );
  const ceiling = estimate.nodeCeiling;
  lines.push(
    `Ceiling: with ${ceiling.nodes} nodes (nodeGroup.maxSize) of ${ceiling.instanceType} per lab instead of desiredSize, ` +
      `the ${estimate.hasRoster ? 'class' : 'lab'} costs up to ${usd(ceiling.class.perHour, 4)}/h, ${usd(ceiling.class.perDay, 2)}/day ` +
      `(${usd(ceiling.perParticipant.perDay, 2)}/day per participant).`,
  );
  lines.push('');
  lines.push(...nodeTypeLines(estimate));

  const sharing = estimate.networkSharing;
  if (estimate.mode === ClassMode.ACCOUNT_PER_PARTICIPANT) {
    const sharedNetworks = Math.ceil(n / Math.max(estimate.participantsPerNetwork, 1));
    lines.push(
      `Networks: each participant's account has its own network (${sharing.natGatewaysPerNetwork} NAT gateway${sharing.natGatewaysPerNetwork === 1 ? '' : 's'}); ` +
        `in one shared account the class would need ${sharedNetworks} network(s) and cost ` +
        `${usd((n - sharedNetworks) * sharing.networkCost.perDay, 2)}/day less, without the accounts' isolation and budgets.`,
    );
  } else if (estimate.hasRoster) {
    lines.push(
      `Network sharing (${sharing.natGatewaysPerNetwork} NAT gateway${sharing.natGatewaysPerNetwork === 1 ? '' : 's'} per network; ` +
        `one network holds ${estimate.participantsPerNetwork} participants at this node group):`,
    );
    const layouts: Array<[string, typeof sharing.shared]> = [
      [`${sharing.shared.networks} shared network${sharing.shared.networks === 1 ? '' : 's'} (configured)`, sharing.shared],
      ['one network per participant', sharing.separate],
    ];
    const width = Math.max(...layouts.map(([name]) => name.length));
    for (const [name, layout] of layouts) {
      lines.push(
        `  ${name.padEnd(width)}  ${String(layout.networks).padStart(4)} VPC(s) ${String(layout.natGateways).padStart(4)} NAT gateway(s)  ` +
          `class ${usd(layout.class.perHour, 4)}/h ${usd(layout.class.perDay, 2)}/day, ` +
          `per participant ${usd(layout.perParticipant.perHour, 4)}/h ${usd(layout.perParticipant.perDay, 2)}/day`,
      );
    }
    lines.push(`  sharing saves ${usd(sharing.savings.perHour, 4)}/h, ${usd(sharing.savings.perDay, 2)}/day`);
    sharing.quotaNotes.forEach((note) => lines.push(`  quota: ${note}`));
  } else {
    lines.push('Network sharing: a single lab has a network of its own; a class shares one (see the roster sizes below).');
  }
  lines.push('');

  lines.push(
    `Class cost by roster size ($/day; shared = one account, ${estimate.participantsPerNetwork} participants per network; ` +
      'separate = one network each, as with an account per participant):',
  );
  lines.push(
    `  ${'participants'.padStart(12)}  ${'networks'.padStart(8)}  ${'per participant'.padStart(15)}  ${'class, shared'.padStart(13)}  ${'class, separate'.padStart(15)}`,
  );
  for (const size of estimate.rosterSizes) {
    const mark = size.participants === n && estimate.hasRoster ? '  <- configured' : '';
    lines.push(
      `  ${String(size.participants).padStart(12)}  ${String(size.networksShared).padStart(8)}  ${usd(size.perParticipantShared.perDay, 2).padStart(15)}  ` +
        `${usd(size.classShared.perDay, 2).padStart(13)}  ${usd(size.classSeparate.perDay, 2).padStart(15)}${mark}`,
    );
  }
  lines.push('');

  lines.push('Assumptions:');
  estimate.assumptions.forEach((a) => lines.push(`  - ${a}`));
  lines.push('Not included:');
  estimate.excluded.forEach((e) => lines.push(`  - ${e}`));
  return `${lines.join('\n')}\n`;
}

function moneyHeader(): string {
  return `${'$/hour'.padStart(10)}${'$/day'.padStart(10)}`;
}

function money(value: CostRate): string {
  return `${value.perHour.toFixed(4).padStart(10)}${value.perDay.toFixed(2).padStart(10)}`;
}

function usd(value: number, digits: number): string {
  return `$${value.toFixed(digits)}`;
}

/** The node types of equal capability, each with what the lab or class would cost on it. */
function nodeTypeLines(estimate: LabCostEstimate): string[] {
  const options = estimate.nodeTypes;
  if (options.length < 2) return [];
  const who = estimate.hasRoster ? 'per participant' : 'the lab';
  const lines = [`Node types of the same vCPUs and memory (the node-fit test's capacity), ${who}, cheapest first:`];
  const width = Math.max(...options.map((o) => o.instanceType.length));
  for (const o of options) {
    const diff = o.configured ? 'configured' : `${o.difference.perHour < 0 ? 'saves' : 'adds'} ${usd(Math.abs(o.difference.perHour), 4)}/h`;
    const notes = [
      o.architecture,
      ...(o.sustainedLoad === undefined
        ? []
        : [
            `burstable: at 100% CPU around the clock +${usd(o.sustainedLoad.atFullLoadPerParticipant.perHour, 4)}/h in surplus credits` +
              (o.sustainedLoad.breakEvenUtilization === undefined ? '' : `, dearer than the cheapest non-burstable type above ${Math.round(o.sustainedLoad.breakEvenUtilization * 100)}% average CPU`),
          ]),
      ...(o.unavailable === undefined ? [] : [`not for this lab (${o.unavailable})`]),
    ];
    lines.push(`  ${o.configured ? '*' : ' '} ${o.instanceType.padEnd(width)}  ${usd(o.perParticipant.perHour, 4)}/h  ${diff.padEnd(16)}  ${notes.join('; ')}`);
  }
  lines.push('');
  return lines;
}
