import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ListObjectsV2Command, S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import sharp from 'sharp';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { TestServer } from './harness.js';

/** Images made in the test: solid colours, and one red on top and blue below to tell crops apart. */
export const solid = (width: number, height: number, color: string, format: 'png' | 'jpeg' | 'gif' | 'webp' = 'png') =>
  sharp({ create: { width, height, channels: 3, background: color } })[format]().toBuffer();

export const redOverBlue = () =>
  sharp({ create: { width: 20, height: 40, channels: 3, background: '#ff0000' } })
    .composite([{ input: { create: { width: 20, height: 20, channels: 3, background: '#0000ff' } }, top: 20, left: 0 }])
    .png().toBuffer();

export async function pixel(image: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i], data[i + 1], data[i + 2]];
}

/** Lists what a storage backend holds, so tests see files appear and go. */
export interface StorageProbe {
  /** Keys under `prefix` (e.g. `<collectionId>/<recordId>/`), sorted. */
  keys(prefix: string): Promise<string[]>;
}

export function localProbe(s: TestServer): StorageProbe {
  const root = join(s.dir, 'storage');
  return {
    async keys(prefix) {
      const out: string[] = [];
      const walk = async (dir: string) => {
        const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
        for (const e of entries) {
          const p = join(dir, e.name);
          if (e.isDirectory()) await walk(p);
          else out.push(relative(root, p));
        }
      };
      await walk(join(root, prefix));
      return out.sort();
    },
  };
}

/** A real S3-compatible server (s3rver) on a loopback port, with one bucket. */
export async function startS3(): Promise<{ endpoint: string; bucket: string; probe: StorageProbe; stop(): Promise<void> }> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dir = mkdtempSync(join(tmpdir(), 'plinth-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const bucket = 'plinth-files';
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    bucket,
    probe: {
      async keys(prefix) {
        const out: string[] = [];
        let token: string | undefined;
        do {
          const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
          out.push(...(page.Contents ?? []).map((o) => o.Key!));
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return out.sort();
      },
    },
    async stop() {
      client.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Points a running server's file storage at the S3 server. */
export async function useS3(s: TestServer, s3: { endpoint: string; bucket: string }): Promise<void> {
  const pb = await s.admin();
  await pb.settings.update({
    s3: { enabled: true, bucket: s3.bucket, region: 'us-east-1', endpoint: s3.endpoint, accessKey: 'S3RVER', secret: 'S3RVER', forcePathStyle: true },
  });
}
