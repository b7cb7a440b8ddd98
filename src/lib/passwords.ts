import { hash as argon2Hash, verify as argon2Verify, Algorithm } from '@node-rs/argon2';
import { compare as bcryptCompare } from '@node-rs/bcrypt';

/** New passwords are hashed with argon2id; hashes from a PocketBase database (bcrypt) still verify. */
export async function hashPassword(plain: string): Promise<string> {
  return argon2Hash(plain, { algorithm: Algorithm.Argon2id });
}

export async function verifyPassword(plain: string, hash: string): Promise<boolean> {
  if (!hash) return false;
  try {
    if (hash.startsWith('$argon2')) return await argon2Verify(hash, plain);
    if (/^\$2[aby]\$/.test(hash)) return await bcryptCompare(plain, hash);
  } catch {
    return false;
  }
  return false;
}

/** A fixed hash to compare against when the identity is unknown, so timing doesn't reveal it. */
let dummy: Promise<string> | undefined;
export async function dummyVerify(plain: string): Promise<void> {
  dummy ??= hashPassword('plinth-dummy-password');
  await verifyPassword(plain, await dummy);
}
