/** Every field type the server knows, with its new-field defaults and the options the editor shows. */
export type OptionKind = 'text' | 'number' | 'optionalNumber' | 'bool' | 'list' | 'collection' | 'date';

export interface OptionSpec {
  key: string;
  label: string;
  kind: OptionKind;
  help?: string;
}

export interface FieldType {
  type: string;
  label: string;
  icon: string;
  defaults: Record<string, unknown>;
  options: OptionSpec[];
}

const domains: OptionSpec[] = [
  { key: 'onlyDomains', label: 'Only domains', kind: 'list', help: 'comma separated' },
  { key: 'exceptDomains', label: 'Except domains', kind: 'list', help: 'comma separated' },
];

export const fieldTypes: FieldType[] = [
  {
    type: 'text', label: 'Plain text', icon: 'T',
    defaults: { min: 0, max: 0, pattern: '', autogeneratePattern: '', primaryKey: false },
    options: [
      { key: 'min', label: 'Min length', kind: 'number' },
      { key: 'max', label: 'Max length', kind: 'number', help: '0 = 5000' },
      { key: 'pattern', label: 'Regex pattern', kind: 'text' },
      { key: 'autogeneratePattern', label: 'Autogenerate pattern', kind: 'text', help: 'e.g. [a-z0-9]{8}' },
    ],
  },
  { type: 'editor', label: 'Rich editor', icon: '¶', defaults: { maxSize: 0, convertURLs: false }, options: [
    { key: 'maxSize', label: 'Max size (bytes)', kind: 'number', help: '0 = 5 MiB' },
    { key: 'convertURLs', label: 'Convert URLs to relative', kind: 'bool' },
  ] },
  { type: 'number', label: 'Number', icon: '#', defaults: { min: null, max: null, onlyInt: false }, options: [
    { key: 'min', label: 'Min', kind: 'optionalNumber' },
    { key: 'max', label: 'Max', kind: 'optionalNumber' },
    { key: 'onlyInt', label: 'Integers only', kind: 'bool' },
  ] },
  { type: 'bool', label: 'Bool', icon: '✓', defaults: {}, options: [] },
  { type: 'email', label: 'Email', icon: '@', defaults: { onlyDomains: [], exceptDomains: [] }, options: domains },
  { type: 'url', label: 'URL', icon: '↗', defaults: { onlyDomains: [], exceptDomains: [] }, options: domains },
  { type: 'date', label: 'Datetime', icon: '◷', defaults: { min: '', max: '' }, options: [
    { key: 'min', label: 'Min date (UTC)', kind: 'date' },
    { key: 'max', label: 'Max date (UTC)', kind: 'date' },
  ] },
  { type: 'autodate', label: 'Autodate', icon: '↻', defaults: { onCreate: true, onUpdate: false }, options: [
    { key: 'onCreate', label: 'Set on create', kind: 'bool' },
    { key: 'onUpdate', label: 'Set on update', kind: 'bool' },
  ] },
  { type: 'select', label: 'Select', icon: '☰', defaults: { values: [], maxSelect: 1 }, options: [
    { key: 'values', label: 'Choices', kind: 'list', help: 'comma separated' },
    { key: 'maxSelect', label: 'Max select', kind: 'number', help: '1 = single value' },
  ] },
  { type: 'file', label: 'File', icon: '▤', defaults: { maxSelect: 1, maxSize: 0, mimeTypes: [], thumbs: [], protected: false }, options: [
    { key: 'maxSelect', label: 'Max files', kind: 'number', help: '1 = single file' },
    { key: 'maxSize', label: 'Max size (bytes)', kind: 'number', help: '0 = 5 MiB' },
    { key: 'mimeTypes', label: 'Allowed MIME types', kind: 'list', help: 'e.g. image/png, image/jpeg' },
    { key: 'thumbs', label: 'Thumb sizes', kind: 'list', help: 'e.g. 100x100, 0x300' },
    { key: 'protected', label: 'Protected (needs file token)', kind: 'bool' },
  ] },
  { type: 'relation', label: 'Relation', icon: '⇄', defaults: { collectionId: '', cascadeDelete: false, minSelect: 0, maxSelect: 1 }, options: [
    { key: 'collectionId', label: 'Collection', kind: 'collection' },
    { key: 'minSelect', label: 'Min select', kind: 'number' },
    { key: 'maxSelect', label: 'Max select', kind: 'number', help: '1 = single relation' },
    { key: 'cascadeDelete', label: 'Cascade delete', kind: 'bool' },
  ] },
  { type: 'json', label: 'JSON', icon: '{}', defaults: { maxSize: 0 }, options: [
    { key: 'maxSize', label: 'Max size (bytes)', kind: 'number', help: '0 = 1 MiB' },
  ] },
  { type: 'geoPoint', label: 'Geo point', icon: '◎', defaults: {}, options: [] },
  { type: 'password', label: 'Password', icon: '•', defaults: { min: 0, max: 0, pattern: '', cost: 0 }, options: [
    { key: 'min', label: 'Min length', kind: 'number' },
    { key: 'max', label: 'Max length', kind: 'number', help: '≤ 71' },
    { key: 'pattern', label: 'Regex pattern', kind: 'text' },
    { key: 'cost', label: 'Bcrypt cost', kind: 'number', help: '0 = 10' },
  ] },
];

export const fieldType = (type: string): FieldType =>
  fieldTypes.find((t) => t.type === type) ?? { type, label: type, icon: '?', defaults: {}, options: [] };

export function newField(type: string): Record<string, unknown> {
  return { name: '', type, system: false, hidden: false, presentable: false, required: false, help: '', ...structuredClone(fieldType(type).defaults) };
}

/** Multi-value fields store arrays. */
export const isMulti = (f: { type: string; maxSelect?: number }) =>
  ['select', 'file', 'relation'].includes(f.type) && Number(f.maxSelect ?? 0) > 1;
