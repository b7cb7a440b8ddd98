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
 * An object or JSON text with `lon`/`lat` (keys matched case-insensitively, as Go's decoder does).
 * Anything unreadable leaves 0 in place, so bad input reads as the blank point (0, 0).
 */
export function toGeoPoint(raw: unknown): GeoPoint {
  const point: GeoPoint = { lon: 0, lat: 0 };
  let v = raw;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return point;
    }
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return point;
  for (const [key, n] of Object.entries(v)) {
    const k = key.toLowerCase();
    if ((k === 'lon' || k === 'lat') && typeof n === 'number') point[k] = n;
  }
  return point;
}

export const geoPoint: FieldType = {
  type: 'geoPoint',
  defaults: () => defaultsOf(spec),

  normalizeOptions(field: Field) {
    normalizeKeys(field, spec);
    return collectErrors({ help: checkHelp(field.help) });
  },

  column: () => 'json',
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
