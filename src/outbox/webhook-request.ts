import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { DeliveryError } from './outbox.js';

/** Addresses a webhook may not reach unless private targets are allowed (SSRF). */
const privateRanges = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  privateRanges.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) privateRanges.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return isPrivateAddress(mapped[1]!);
  const family = isIP(ip);
  if (!family) return true;
  return privateRanges.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Resolves at connection time and refuses private answers, so the address checked is the one
 * connected to (a name cannot resolve public at save time and private at delivery).
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, cb) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addrs: LookupAddress[]) => {
      if (err) return cb(err, '', 0);
      const bad = addrs.find((a) => isPrivateAddress(a.address));
      if (bad && !allowPrivate) return cb(new Error(`refused: ${hostname} resolves to the private address ${bad.address}`), '', 0);
      if ((options as { all?: boolean }).all) return (cb as unknown as (e: null, a: LookupAddress[]) => void)(null, addrs);
      cb(null, addrs[0]!.address, addrs[0]!.family);
    });
  };
}

/** Refuses a URL that is not http(s) or names a private address literally (names are checked when connecting). */
export function urlProblem(url: string, allowPrivate: boolean): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'Must be a valid URL.';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'Must be an http or https URL.';
  if (u.username || u.password) return 'Must not contain credentials.';
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host)))) return 'Loopback and private addresses are not allowed.';
  return undefined;
}

/** `v1=<hex>`: HMAC-SHA256 with the webhook's secret over `${timestamp}.${body}`. */
export function signature(secret: string, timestamp: number, body: string): string {
  return 'v1=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export interface PostOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  signal: AbortSignal;
  headers: Record<string, string>;
}

/** Response bytes read before the connection is dropped: only the status matters. */
const responseBytesMax = 64 * 1024;

/** POSTs `body`; resolves with the status of a 2xx answer, throws a DeliveryError otherwise. */
export function postJson(url: string, body: string, opts: PostOptions): Promise<number> {
  const problem = urlProblem(url, opts.allowPrivate);
  if (problem) return Promise.reject(new DeliveryError(problem));
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  const reqOpts: RequestOptions = {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Plinth-Webhooks', ...opts.headers },
    lookup: guardedLookup(opts.allowPrivate),
    signal: opts.signal,
  };
  return new Promise<number>((resolve, reject) => {
    const req = send(u, reqOpts, (res) => {
      let read = 0;
      res.on('data', (d: Buffer) => {
        read += d.length;
        if (read > responseBytesMax) res.destroy();
      });
      res.on('close', () => {
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) resolve(code);
        else reject(new DeliveryError(`HTTP ${code}`, code));
      });
      res.on('error', () => undefined);
    });
    const timer = setTimeout(() => req.destroy(new DeliveryError(`timed out after ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err) => reject(err instanceof DeliveryError ? err : new DeliveryError(err.message)));
    req.end(body);
  });
}
