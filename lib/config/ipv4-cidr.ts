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

/** Whether every address of `inner` is in `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  if (inner.prefix < outer.prefix) return false;
  // Division rather than bit masks: `~0 << 32` is `~0` in JavaScript, which would break /0.
  const size = 2 ** (32 - outer.prefix);
  return Math.floor(inner.base / size) === Math.floor(outer.base / size);
}

/**
 * Whether two networks share at least one address. CIDR blocks are aligned, so they overlap exactly
 * when one contains the other.
 */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/**
 * The private IPv4 blocks of RFC 1918.
 * @see https://www.rfc-editor.org/rfc/rfc1918#section-3
 */
export const PRIVATE_IPV4_RANGES: readonly Ipv4Cidr[] = [
  { base: 0x0a000000, prefix: 8 }, // 10.0.0.0/8
  { base: 0xac100000, prefix: 12 }, // 172.16.0.0/12
  { base: 0xc0a80000, prefix: 16 }, // 192.168.0.0/16
];

function toUint32(bytes: number[]): number {
  return bytes.reduce((acc, byte) => acc * 256 + byte, 0);
}
