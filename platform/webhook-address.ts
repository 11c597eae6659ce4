import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { type FieldRefusal, refusal } from '../models/problem-codes';

// Webhook URLs must not reach into the operator's own network (SSRF): loopback, private,
// link-local and other special-purpose addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true.
// Addresses are compared as numbers (BlockList, 16 parsed bytes), never as text, so every
// spelling of an address (compressed, hex, embedded dotted quad, zone id) gets the same answer.

/** IANA IPv4 special-purpose ranges that are not globally reachable, plus multicast and the old 6to4 relay. */
const refusedV4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4], // reserved, includes the limited broadcast 255.255.255.255
] as const)
  refusedV4.addSubnet(network, prefix, 'ipv4');

// Only 2000::/3 is global unicast today; everything outside it (unspecified, loopback,
// IPv4-compatible ::/96, NAT64 local-use 64:ff9b:1::/48, discard 100::/64, ULA fc00::/7,
// link-local fe80::/10, site-local fec0::/10, multicast ff00::/8, ...) is refused, except the
// two forms that carry a whole IPv4 address which is then judged instead.
const globalUnicast = new BlockList();
globalUnicast.addSubnet('2000::', 3, 'ipv6');

/** Special-purpose ranges inside 2000::/3. */
const refusedV6 = new BlockList();
for (const [network, prefix] of [
  ['2001::', 23], // IETF protocol assignments, among them Teredo 2001::/32 (tunnels to any IPv4 address)
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['5f00::', 16], // SRv6 segment identifiers
] as const)
  refusedV6.addSubnet(network, prefix, 'ipv6');

/** The 16 bytes of an IPv6 address (zone id ignored), or null when the text is not one. */
export function ipv6Bytes(text: string): Uint8Array | null {
  // A zone id names the interface to leave by, not part of the address.
  const address = text.split('%')[0]!;
  if (isIP(address) !== 6) return null;
  const words = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((piece) => {
          if (!piece.includes('.')) return [parseInt(piece, 16)];
          const [a, b, c, d] = piece.split('.').map(Number) as [number, number, number, number];
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = '', tail] = address.split('::');
  const left = words(head);
  const right = tail === undefined ? [] : words(tail);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = new Uint8Array(16);
  all.forEach((word, i) => {
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  });
  return bytes;
}

const dottedQuad = (bytes: Uint8Array, at: number) => Array.from(bytes.subarray(at, at + 4)).join('.');
const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);

/** Whether the IPv6 address (as bytes) reaches, directly or through an embedded IPv4 address, a refused one. */
function isRefusedV6(bytes: Uint8Array): boolean {
  // IPv4-mapped ::ffff:0:0/96 and NAT64 well-known prefix 64:ff9b::/96 lead to their last 32 bits.
  if (
    startsWith(bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]) ||
    startsWith(bytes, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])
  ) {
    return refusedV4.check(dottedQuad(bytes, 12), 'ipv4');
  }
  const text = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(':');
  if (!globalUnicast.check(text, 'ipv6') || refusedV6.check(text, 'ipv6')) return true;
  // 6to4 2002::/16 tunnels to the IPv4 address in bits 16-48.
  if (startsWith(bytes, [0x20, 0x02]) && refusedV4.check(dottedQuad(bytes, 2), 'ipv4')) return true;
  // ISATAP interface ids (0000:5efe or 0200:5efe) carry an IPv4 address in the last 32 bits.
  if ((bytes[8]! & ~0x02) === 0 && startsWith(bytes.subarray(9), [0, 0x5e, 0xfe]))
    return refusedV4.check(dottedQuad(bytes, 12), 'ipv4');
  return false;
}

/** Whether an IP address (v4 or v6, any spelling) is loopback, private or otherwise not for webhooks. */
export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 4) return refusedV4.check(ip, 'ipv4');
  const bytes = ipv6Bytes(ip);
  // Not an IP address at all: nothing to connect to, so nothing to allow.
  return bytes === null || isRefusedV6(bytes);
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Turns a host name into its addresses; injectable so tests can play a rebinding DNS server. */
export type Resolve = (host: string) => Promise<ResolvedAddress[]>;

const systemResolve: Resolve = (host) => lookup(host, { all: true });

/**
 * The addresses to connect to, or why the URL may not be called, by its code (the refusal of the
 * field `url`): `permanent` when no retry can change that (a private address, a scheme other
 * than http(s)), not for a failing look-up.
 */
export type JudgedTarget = { addresses: ResolvedAddress[] } | { refused: FieldRefusal; permanent: boolean };

/** A target judged, its refusal in English. */
export type WebhookTarget = { addresses: ResolvedAddress[] } | { refusal: string; permanent: boolean };

function judgeResolved(host: string, resolved: ResolvedAddress[], allowPrivate: boolean): JudgedTarget {
  const unknownHost = (message: string) => ({
    refused: refusal('url', 'webhook-host-unknown', message, { host }),
    permanent: false,
  });
  if (resolved.length === 0) return unknownHost(`the host ${host} resolves to no address`);
  const inside = allowPrivate ? undefined : resolved.find(({ address }) => isPrivateAddress(address));
  if (inside) {
    const { address } = inside;
    const message = `the host resolves to ${address}, a loopback, private or special-purpose address`;
    return { refused: refusal('url', 'webhook-private-address', message, { address }), permanent: true };
  }
  return { addresses: resolved };
}

/**
 * Pure: judges what the URL's host resolved to. Every address must pass, so a host that mixes a
 * public and a private address is refused whichever one the connection would have taken.
 */
export function pickWebhookTarget(host: string, resolved: ResolvedAddress[], allowPrivate: boolean): WebhookTarget {
  const judged = judgeResolved(host, resolved, allowPrivate);
  return 'refused' in judged ? { refusal: judged.refused.message, permanent: judged.permanent } : judged;
}

/** The URL's host without the brackets of an IPv6 literal; URL has already normalised numeric IPv4 forms. */
const urlHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Resolves the URL's host once and judges every address; the caller connects to exactly these
 * addresses, so a second look-up (DNS rebinding) cannot swap in another one.
 */
export async function resolveWebhookTarget(
  url: string,
  allowPrivate: boolean,
  resolve: Resolve = systemResolve,
): Promise<JudgedTarget> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return { refused: refusal('url', 'webhook-not-http', 'the URL is not http(s)'), permanent: true };
  const host = urlHost(parsed);
  const family = isIP(host);
  if (family) return judgeResolved(host, [{ address: host, family }], allowPrivate);
  let resolved: ResolvedAddress[];
  try {
    resolved = await resolve(host);
  } catch {
    return { refused: refusal('url', 'webhook-host-unknown', `the host ${host} cannot be resolved`, { host }), permanent: false };
  }
  return judgeResolved(host, resolved, allowPrivate);
}

/** Null when the URL may be called; otherwise why not, as the refusal of the field `url`. Resolves the host, as the call would. */
export async function webhookUrlRefusal(url: string, allowPrivate: boolean): Promise<FieldRefusal | null> {
  // Local development may subscribe a host that only resolves later; delivery resolves anyway.
  if (allowPrivate) return null;
  const judged = await resolveWebhookTarget(url, allowPrivate);
  return 'refused' in judged ? judged.refused : null;
}

/** Null when the URL may be called; otherwise why not, in English. */
export async function webhookAddressRefusal(url: string, allowPrivate: boolean): Promise<string | null> {
  return (await webhookUrlRefusal(url, allowPrivate))?.message ?? null;
}
