import { defaultFieldId } from '../lib/ids.js';
import { autodateFields } from './collection-defaults.js';

/**
 * The collections a fresh data directory starts with, in PocketBase's order. Their ids are
 * fixed because clients (the JS SDK) and stored tokens refer to them.
 */

const owner = "@request.auth.id != '' && recordRef = @request.auth.id && collectionRef = @request.auth.collectionId";
const text = (name: string, extra: Record<string, unknown> = {}) => ({
  id: defaultFieldId('text', name), name, type: 'text', system: true, required: true, min: 0, max: 0, pattern: '', autogeneratePattern: '', primaryKey: false, ...extra,
});
const systemDates = () => autodateFields().map((f) => ({ ...f, system: true }));
const refs = () => [text('collectionRef'), text('recordRef')];

export function systemCollections(): Record<string, unknown>[] {
  return [
    {
      id: 'pbc_2279338944', name: '_mfas', type: 'base', system: true, listRule: owner, viewRule: owner,
      fields: [...refs(), text('method'), ...systemDates()],
      indexes: ['CREATE INDEX `idx_mfas_collectionRef_recordRef` ON `_mfas` (collectionRef,recordRef)'],
    },
    {
      id: 'pbc_1638494021', name: '_otps', type: 'base', system: true, listRule: owner, viewRule: owner,
      fields: [
        ...refs(),
        { id: defaultFieldId('password', 'password'), name: 'password', type: 'password', system: true, hidden: true, required: true, min: 0, max: 0, cost: 8, pattern: '' },
        text('sentTo', { hidden: true, required: false }),
        ...systemDates(),
      ],
      indexes: ['CREATE INDEX `idx_otps_collectionRef_recordRef` ON `_otps` (collectionRef, recordRef)'],
    },
    {
      id: 'pbc_2281828961', name: '_externalAuths', type: 'base', system: true, listRule: owner, viewRule: owner, deleteRule: owner,
      fields: [...refs(), text('provider'), text('providerId'), ...systemDates()],
      indexes: [
        'CREATE UNIQUE INDEX `idx_externalAuths_record_provider` ON `_externalAuths` (collectionRef, recordRef, provider)',
        'CREATE UNIQUE INDEX `idx_externalAuths_collection_provider` ON `_externalAuths` (collectionRef, provider, providerId)',
      ],
    },
    {
      id: 'pbc_4275539003', name: '_authOrigins', type: 'base', system: true, listRule: owner, viewRule: owner, deleteRule: owner,
      fields: [...refs(), text('fingerprint'), ...systemDates()],
      indexes: ['CREATE UNIQUE INDEX `idx_authOrigins_unique_pairs` ON `_authOrigins` (collectionRef, recordRef, fingerprint)'],
    },
    {
      id: 'pbc_3142635823', name: '_superusers', type: 'auth', system: true, authToken: { duration: 86400 },
      fields: systemDates(),
      indexes: [
        'CREATE UNIQUE INDEX `idx_tokenKey_pbc_3142635823` ON `_superusers` (`tokenKey`)',
        "CREATE UNIQUE INDEX `idx_email_pbc_3142635823` ON `_superusers` (`email`) WHERE `email` != ''",
      ],
    },
    {
      id: '_pb_users_auth_', name: 'users', type: 'auth',
      listRule: 'id = @request.auth.id', viewRule: 'id = @request.auth.id', createRule: '',
      updateRule: 'id = @request.auth.id', deleteRule: 'id = @request.auth.id',
      oauth2: { mappedFields: { id: '', name: 'name', username: '', avatarURL: 'avatar' } },
      fields: [
        { id: defaultFieldId('text', 'name'), name: 'name', type: 'text', max: 255 },
        { id: defaultFieldId('file', 'avatar'), name: 'avatar', type: 'file', maxSelect: 1, mimeTypes: ['image/jpeg', 'image/png', 'image/svg+xml', 'image/gif', 'image/webp'] },
        ...autodateFields(),
      ],
      indexes: [
        'CREATE UNIQUE INDEX `idx_tokenKey__pb_users_auth_` ON `users` (`tokenKey`)',
        "CREATE UNIQUE INDEX `idx_email__pb_users_auth_` ON `users` (`email`) WHERE `email` != ''",
      ],
    },
  ];
}
