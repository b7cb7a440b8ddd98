import { fieldError } from '../../lib/errors.js';
import type { Field } from '../model.js';
import type { FieldType } from './field-type.js';
import { checkHelp, defaultsOf, normalizeKeys, type OptionSpec } from './options.js';
import { collectErrors, required } from './rule-errors.js';

const spec: OptionSpec = { help: 'string', required: 'bool' };

export interface GeoPoint {
  lon: number;
  lat: number;
}

const latitudeMax = 90;
const longitudeMax = 180;

/**
 * An object or JSON text with `lon`/`lat`, decoded as PocketBase does: keys match exactly, an
 * object's keys are read in sorted order (Go re-encodes it first) and decoding stops at the first
 * value of the wrong type, keeping what was read before. Unreadable input is the blank point.
 */
export function toGeoPoint(raw: unknown): GeoPoint {
  const point: GeoPoint = { lon: 0, lat: 0 };
  for (const [key, v] of geoEntries(raw)) {
    if ((key !== 'lon' && key !== 'lat') || v === null) continue;
    if (typeof v !== 'number') break;
    point[key] = v;
  }
  return point;
}

function geoEntries(raw: unknown): [string, unknown][] {
  if (typeof raw !== 'string') return entriesOf(raw).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  try {
    return entriesOf(JSON.parse(raw));
  } catch {
    return [];
  }
}

const entriesOf = (v: unknown): [string, unknown][] =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : [];

export const geoPoint: FieldType = {
  type: 'geoPoint',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field) {
    normalizeKeys(field, spec);
    return collectErrors({ help: checkHelp(field.help) });
  },

  column: () => 'geoPoint',
  zero: () => ({ lon: 0, lat: 0 }),
  prepare: toGeoPoint,

  validate(value, field) {
    const { lon, lat } = toGeoPoint(value);
    // (0, 0) is the blank point, even though it is a real place.
    if (lon === 0 && lat === 0) return field.required ? required() : undefined;
    if (!(Math.abs(lat) <= latitudeMax)) {
      return fieldError('validation_invalid_latitude', 'Latitude must be between -90 and 90 degrees.');
    }
    if (!(Math.abs(lon) <= longitudeMax)) {
      return fieldError('validation_invalid_longitude', 'Longitude must be between -180 and 180 degrees.');
    }
    return undefined;
  },

  toDb: (value) => {
    const { lon, lat } = toGeoPoint(value);
    return JSON.stringify({ lon, lat });
  },
  fromDb: toGeoPoint,
};
