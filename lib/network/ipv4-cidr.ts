import * as ipaddr from 'ipaddr.js';

/** A parsed IPv4 network in CIDR notation. */
export interface Ipv4Cidr {
  /** The network address as a 32-bit unsigned integer. */
  readonly base: number;
  /** The prefix length (0-32). */
  readonly prefix: number;
}

/**
 * Parses `a.b.c.d/n` strictly: a valid IPv4 address, a prefix of 0-32 and no host bits set
 * (AWS rejects `10.42.1.0/16` for a VPC; EKS rejects it for endpoint CIDRs).
 *
 * @returns the network, or a sentence explaining why the text is not one.
 */
export function parseIpv4Cidr(text: string): Ipv4Cidr | string {
  if (!ipaddr.IPv4.isValidCIDR(text)) {
    return 'must be an IPv4 CIDR such as 10.42.0.0/16';
  }
  const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
  const base = toUint32(address.toByteArray());
  const network = prefix === 0 ? 0 : (base & (~0 << (32 - prefix))) >>> 0;
  if (network !== base) {
    return `has host bits set: the network address is ${formatIpv4Cidr({ base: network, prefix })}`;
  }
  return { base, prefix };
}

/** Formats a network back into `a.b.c.d/n`. */
export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
  const bytes = [24, 16, 8, 0].map((shift) => (cidr.base >>> shift) & 0xff);
  return `${bytes.join('.')}/${cidr.prefix}`;
}

/**
 * The `index`-th subnet of `cidr` with `newBits` more prefix bits: Terraform's `cidrsubnet()`,
 * computed at synth so the plan shows literal CIDRs.
 */
export function subnetOf(cidr: Ipv4Cidr, newBits: number, index: number): Ipv4Cidr {
  const prefix = cidr.prefix + newBits;
  if (prefix > 32 || index < 0 || index >= 2 ** newBits) {
    throw new RangeError(`subnet ${index} of /${cidr.prefix} with ${newBits} new bits does not exist`);
  }
  return { base: (cidr.base + index * 2 ** (32 - prefix)) >>> 0, prefix };
}

function toUint32(bytes: number[]): number {
  return bytes.reduce((acc, byte) => acc * 256 + byte, 0);
}
