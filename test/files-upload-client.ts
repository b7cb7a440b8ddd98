import { openAsBlob } from 'node:fs';
import PocketBase, { ClientResponseError } from 'pocketbase';

/**
 * Uploads one file `count` times at once through the SDK and prints the outcome as JSON.
 * Run as a child process by the upload tests, so the server's memory is measured without the
 * client's (undici holds each multipart body it sends).
 * Usage: files-upload-client.ts URL COLLECTION FIELD FILE COUNT
 */
const [url, collection, field, file, count] = process.argv.slice(2);
const pb = new PocketBase(url);
pb.autoCancellation(false);
const blob = await openAsBlob(file);
const outcomes = await Promise.all(Array.from({ length: Number(count) }, async (_, i) => {
  try {
    const r = await pb.collection(collection).create({ title: `upload ${i}`, [field]: new File([blob], `upload ${i}.bin`) });
    return { status: 200, id: r.id, name: r[field] as string };
  } catch (err) {
    if (!(err instanceof ClientResponseError)) throw err;
    return { status: err.status, data: err.response.data };
  }
}));
process.stdout.write(JSON.stringify(outcomes));
