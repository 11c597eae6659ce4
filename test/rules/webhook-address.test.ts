import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook } from '../../activities/webhooks';
import {
  ipv6Bytes,
  isPrivateAddress,
  pickWebhookTarget,
  type Resolve,
  webhookAddressRefusal,
} from '../../platform/webhook-address';

describe('webhook addresses', () => {
  it('parses every IPv6 spelling to the same 16 bytes', () => {
    const loopbackMapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1];
    expect(Array.from(ipv6Bytes('::ffff:127.0.0.1')!)).toEqual(loopbackMapped);
    expect(Array.from(ipv6Bytes('::FFFF:7f00:1')!)).toEqual(loopbackMapped);
    expect(Array.from(ipv6Bytes('0:0:0:0:0:ffff:7f00:0001')!)).toEqual(loopbackMapped);
    expect(Array.from(ipv6Bytes('fe80::1%eth0')!)).toEqual([0xfe, 0x80, ...new Array(13).fill(0), 1]);
    expect(Array.from(ipv6Bytes('1::')!)).toEqual([0, 1, ...new Array(14).fill(0)]);
    expect(ipv6Bytes('127.0.0.1')).toBeNull();
    expect(ipv6Bytes('example.org')).toBeNull();
  });

  it.each([
    // IPv4 special-purpose ranges
    '0.0.0.0',
    '10.1.2.3',
    '100.64.0.1',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.5.4',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.2.10',
    '192.88.99.1',
    '192.168.1.1',
    '198.18.0.1',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.251',
    '240.0.0.1',
    '255.255.255.255',
    // IPv6 special-purpose ranges
    '::',
    '::1',
    '0:0:0:0:0:0:0:1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'fec0::1',
    'ff02::1',
    'ff0e::1',
    '2001:db8::1',
    '3fff::1',
    '100::1',
    '5f00::1',
    '2001:2::1',
    // IPv4-mapped
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::FFFF:7F00:0001',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '0:0:0:0:0:ffff:192.168.1.1',
    // IPv4-compatible (deprecated; refused whatever it embeds)
    '::127.0.0.1',
    '::7f00:1',
    '::10.0.0.1',
    '::8.8.8.8',
    // IPv4-translated (SIIT)
    '::ffff:0:127.0.0.1',
    // NAT64 well-known prefix and local-use prefix
    '64:ff9b::127.0.0.1',
    '64:ff9b::7f00:1',
    '64:ff9b::a00:1',
    '64:ff9b:1::1',
    '64:ff9b:1::808:808',
    // 6to4 with an embedded refused IPv4 address
    '2002:7f00:1::',
    '2002:7f00:0001::1',
    '2002:a00:1::1',
    '2002:c0a8:101::',
    '2002:a9fe:a9fe::1',
    // Teredo, whatever the client
    '2001::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2001:0:53aa:64c:0:0:80ff:fffe',
    // ISATAP interface ids with an embedded refused IPv4 address
    '2600::5efe:127.0.0.1',
    '2600::200:5efe:10.0.0.1',
  ])('refuses %s', (ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:2800:220:1::1',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
    '2600::5efe:8.8.8.8',
  ])('allows %s', (ip) => expect(isPrivateAddress(ip)).toBe(false));

  it.each([
    'http://2130706433/hooks',
    'http://0x7f.1/hooks',
    'http://0177.0.0.1/hooks',
    'http://127.1/hooks',
    'http://127.0.0.1./hooks',
    'http://[::ffff:127.0.0.1]/hooks',
    'http://[::ffff:7f00:1]:8080/hooks',
    'http://[::127.0.0.1]/hooks',
    'https://[64:ff9b::a00:1]/hooks',
    'http://[2002:7f00:1::1]/hooks',
    'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hooks',
    'ftp://8.8.8.8/x',
  ])('refuses the URL %s, as normalised', async (url) => {
    expect(await webhookAddressRefusal(url, false)).toEqual(expect.any(String));
  });

  it('allows a URL on a public address literal', async () => {
    expect(await webhookAddressRefusal('https://[2606:2800:220:1::1]:8443/hooks', false)).toBeNull();
    expect(await webhookAddressRefusal('https://93.184.216.34/hooks', false)).toBeNull();
  });

  it('refuses a host when any address it resolves to is refused', () => {
    const publicOne = { address: '93.184.216.34', family: 4 };
    expect(pickWebhookTarget('h.example', [publicOne], false)).toEqual({ addresses: [publicOne] });
    expect(pickWebhookTarget('h.example', [publicOne, { address: '::ffff:7f00:1', family: 6 }], false)).toEqual({
      refusal: expect.stringContaining('::ffff:7f00:1'),
      permanent: true,
    });
    expect(pickWebhookTarget('h.example', [], false)).toEqual({ refusal: expect.any(String), permanent: false });
    const loopback = { address: '127.0.0.1', family: 4 };
    expect(pickWebhookTarget('h.example', [loopback], true)).toEqual({ addresses: [loopback] });
  });
});

describe('webhook delivery', () => {
  let receiver: Server;
  let port: number;
  const seen: { host: string | undefined; headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ host: req.headers.host, headers: req.headers, body });
        res.writeHead(req.url === '/moved' ? 302 : 204, { location: '/elsewhere' }).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => receiver.close(resolve)));
  beforeEach(() => (seen.length = 0));

  /** A DNS server that answers a loopback address: what a rebinding attacker's server does on its second answer. */
  const countingResolver = () => {
    const calls: string[] = [];
    const resolve: Resolve = async (host) => {
      calls.push(host);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    return { calls, resolve };
  };

  it('connects to the address it checked, without a second look-up, keeping the Host header', async () => {
    // `.invalid` never resolves (RFC 6761), so only the pinned address can have been reached.
    const { calls, resolve } = countingResolver();
    const url = `http://receiver.invalid:${port}/hooks?x=1`;
    const status = await postWebhook(url, { 'content-type': 'application/json', 'webhook-id': 'msg_1' }, '{"a":1}', {
      allowPrivate: true,
      resolve,
    });
    expect(status).toBe(204);
    expect(calls).toEqual(['receiver.invalid']);
    expect(seen).toEqual([
      { host: `receiver.invalid:${port}`, headers: expect.objectContaining({ 'webhook-id': 'msg_1' }), body: '{"a":1}' },
    ]);
  });

  it('does not reach a loopback listener through a host name that resolves to it', async () => {
    const { calls, resolve } = countingResolver();
    await expect(postWebhook(`http://rebind.example:${port}/hooks`, {}, '{}', { allowPrivate: false, resolve })).rejects.toThrow(
      /refused.*127\.0\.0\.1/,
    );
    expect(calls).toEqual(['rebind.example']);
    expect(seen).toEqual([]);
  });

  it('does not reach a loopback listener through an IPv6 form of its address', async () => {
    await expect(postWebhook(`http://[::ffff:7f00:1]:${port}/hooks`, {}, '{}', { allowPrivate: false })).rejects.toThrow(
      /refused/,
    );
    expect(seen).toEqual([]);
  });

  it('does not follow redirects', async () => {
    expect(await postWebhook(`http://127.0.0.1:${port}/moved`, {}, '{}', { allowPrivate: true })).toBe(302);
    expect(seen).toHaveLength(1);
  });
});
