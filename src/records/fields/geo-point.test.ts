import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { geoPoint, toGeoPoint } from './geo-point.js';
import { makeField, plainContext } from './test-fixtures.js';

describe('geoPoint', () => {
  const f = makeField('geoPoint');
  it('decodes like PocketBase: exact keys, sorted object keys, stop at the first bad value', () => {
    // Each expectation is PocketBase 0.40.4's answer to the same input.
    assert.deepEqual(toGeoPoint({ lon: 1, lat: 2, x: 1 }), { lon: 1, lat: 2 });
    assert.deepEqual(toGeoPoint('{"lon":1,"lat":2,"alt":3}'), { lon: 1, lat: 2 });
    assert.deepEqual(toGeoPoint({ LON: 3 }), { lon: 0, lat: 0 });
    assert.deepEqual(toGeoPoint({ Lon: 3, lat: 1 }), { lon: 0, lat: 1 });
    assert.deepEqual(toGeoPoint({ lat: 'x', lon: 1 }), { lon: 0, lat: 0 });
    assert.deepEqual(toGeoPoint({ lon: '1', lat: 2 }), { lon: 0, lat: 2 });
    for (const bad of ['nope', '', null, [1, 2], 7, '[1,2]']) assert.deepEqual(toGeoPoint(bad), { lon: 0, lat: 0 });
  });
  it('validates ranges; (0, 0) is blank', async () => {
    const ctx = plainContext();
    assert.deepEqual(await geoPoint.validate({ lat: 91, lon: 0 }, f, ctx), {
      code: 'validation_invalid_latitude', message: 'Latitude must be between -90 and 90 degrees.',
    });
    assert.deepEqual(await geoPoint.validate({ lat: 0, lon: -181 }, f, ctx), {
      code: 'validation_invalid_longitude', message: 'Longitude must be between -180 and 180 degrees.',
    });
    assert.equal(await geoPoint.validate({ lat: 90, lon: 180 }, f, ctx), undefined);
    assert.equal((await geoPoint.validate({ lat: 0, lon: 0 }, makeField('geoPoint', { required: true }), ctx))?.code, 'validation_required');
  });
  it('stores {"lon","lat"} JSON text', () => {
    assert.equal(geoPoint.toDb({ lat: 2, lon: 1 }, f), '{"lon":1,"lat":2}');
    assert.deepEqual(geoPoint.fromDb('{"lon":1,"lat":2}', f), { lon: 1, lat: 2 });
    assert.deepEqual(geoPoint.zero(f), { lon: 0, lat: 0 });
    assert.deepEqual(geoPoint.defaults(), { help: '', required: false });
    assert.equal(geoPoint.column(f), 'geoPoint');
  });
});
