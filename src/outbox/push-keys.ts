import { createECDH } from 'node:crypto';
import { createTables } from '../store/create-tables.js';
import type { Store } from '../store/store.js';

export interface VapidKeys {
  /** Uncompressed P-256 point, base64url: what browsers take as `applicationServerKey`. */
  publicKey: string;
  privateKey: string;
}

const pushKeysDdl = `CREATE TABLE IF NOT EXISTS _push_keys (
  id TEXT PRIMARY KEY NOT NULL,
  public_key TEXT NOT NULL,
  private_key TEXT NOT NULL,
  created BIGINT NOT NULL
)`;

/** A fresh VAPID key pair (node:crypto, so startup does not load `web-push`). */
export function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  // the private scalar may have leading zero bytes dropped: VAPID wants exactly 32
  const priv = Buffer.alloc(32);
  const raw = ecdh.getPrivateKey();
  raw.copy(priv, 32 - raw.length);
  return { publicKey: ecdh.getPublicKey().toString('base64url'), privateKey: priv.toString('base64url') };
}

/**
 * The app's VAPID keys, made on first start. Subscriptions are bound to the public key, so every
 * node must use the same pair: each proposes one, the first insert wins, and all read it back.
 */
export async function loadVapidKeys(store: Store): Promise<VapidKeys> {
  await createTables(store, pushKeysDdl);
  const d = store.dialect;
  const read = () => store.get<{ public_key: string; private_key: string }>(d.finalize("SELECT public_key, private_key FROM _push_keys WHERE id = 'vapid'"));
  let row = await read();
  if (!row) {
    const k = generateVapidKeys();
    await store.run(d.finalize("INSERT INTO _push_keys (id, public_key, private_key, created) VALUES ('vapid', ?, ?, ?) ON CONFLICT DO NOTHING"), [k.publicKey, k.privateKey, Date.now()]);
    row = await read();
  }
  if (!row) throw new Error('VAPID keys could not be stored');
  return { publicKey: row.public_key, privateKey: row.private_key };
}
