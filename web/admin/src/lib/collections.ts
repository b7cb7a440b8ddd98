import type { CollectionModel } from 'pocketbase';
import { pb } from './pb';
import { store } from './store';

/** Every collection, sorted by name; reloaded after any schema change. */
export const collections = store<CollectionModel[]>([]);

export async function loadCollections(): Promise<CollectionModel[]> {
  const list = await pb.collections.getFullList({ sort: 'name', batch: 200 });
  collections.set(list);
  return list;
}

export const findCollection = (idOrName: string) =>
  collections.get().find((c) => c.id === idOrName || c.name === idOrName);
