import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { LookupFunction } from 'node:net';
import { DeliveryError } from './outbox.js';

export interface PushRequest {
  method?: string;
  headers: Record<string, string | number>;
  body?: Buffer | string;
  timeoutMs: number;
  signal?: AbortSignal;
  ca?: string[];
  lookup?: LookupFunction;
}

/** Response bytes kept: push services answer with short JSON errors. */
const responseBytesMax = 16 * 1024;

/** One HTTP/1.1 request; resolves with any status (the caller decides what it means), throws only on transport errors. */
export function pushRequest(url: string, opts: PushRequest): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  const reqOpts: RequestOptions = { method: opts.method ?? 'POST', headers: opts.headers, signal: opts.signal, ca: opts.ca, lookup: opts.lookup };
  return new Promise((resolve, reject) => {
    const req = send(u, reqOpts, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (text.length < responseBytesMax) text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', (err) => reject(new DeliveryError(err.message)));
    });
    const timer = setTimeout(() => req.destroy(new DeliveryError(`timed out after ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err) => reject(err instanceof DeliveryError ? err : new DeliveryError(err.message)));
    req.end(opts.body);
  });
}
