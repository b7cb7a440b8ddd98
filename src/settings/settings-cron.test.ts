import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sentenize } from '../lib/errors.js';
import { cronError } from './settings-cron.js';

/** backups.cron → the message PocketBase 0.40.4 answered with (undefined = accepted). */
const cases: Array<[string, string | undefined]> = [
  ['* * * * *', undefined],
  ['0 3 * * 1-5', undefined],
  ['*/15 0-12/2 1,15 * 0', undefined],
  ['@hourly', undefined],
  ['+5 * * * *', undefined],
  ['5-5 * * * *', undefined],
  ['bad', 'Invalid cron expression - must be a valid macro or to have exactly 5 space separated segments.'],
  ['@every 5m', 'Invalid cron expression - must be a valid macro or to have exactly 5 space separated segments.'],
  ['@reboot', 'Invalid cron expression - must be a valid macro or to have exactly 5 space separated segments.'],
  ['5 * * * * *', 'Invalid cron expression - must be a valid macro or to have exactly 5 space separated segments.'],
  ['* * * * * ', 'Invalid cron expression - must be a valid macro or to have exactly 5 space separated segments.'],
  ['*  * * *', 'Strconv.Atoi: parsing "": invalid syntax.'],
  ['x * * * *', 'Strconv.Atoi: parsing "x": invalid syntax.'],
  ['1,2,x * * * *', 'Strconv.Atoi: parsing "x": invalid syntax.'],
  ['-1 * * * *', 'Strconv.Atoi: parsing "": invalid syntax.'],
  ['99999999999999999999 * * * *', 'Strconv.Atoi: parsing "99999999999999999999": value out of range.'],
  ['*/0 * * * *', 'Invalid segment step boundary - the step must be between 1 and the 59.'],
  ['*/60 * * * *', 'Invalid segment step boundary - the step must be between 1 and the 59.'],
  ['0-59/60 * * * *', 'Invalid segment step boundary - the step must be between 1 and the 59.'],
  ['* */24 * * *', 'Invalid segment step boundary - the step must be between 1 and the 23.'],
  ['5/2 * * * *', 'Invalid segment step - step > 1 could be used only with the wildcard or range format.'],
  ['1-2-3 * * * *', 'Invalid segment range format - the range must have 1 or 2 parts.'],
  ['1/2/3 * * * *', 'Invalid segment step format - must be in the format */n or 1-30/n.'],
  ['1-2/3/4 * * * *', 'Invalid segment step format - must be in the format */n or 1-30/n.'],
  ['70 * * * *', 'Invalid segment value - must be between the min and max of the segment.'],
  ['* * 0 * *', 'Invalid segment value - must be between the min and max of the segment.'],
  ['* * * 13 *', 'Invalid segment value - must be between the min and max of the segment.'],
  ['* * * * 7', 'Invalid segment value - must be between the min and max of the segment.'],
  ['70-80 * * * *', 'Invalid segment range minimum - must be between 0 and 59.'],
  ['5-2 * * * *', 'Invalid segment range maximum - must be between 5 and 59.'],
];

for (const [expr, expected] of cases) {
  test(`cron ${JSON.stringify(expr)}`, () => {
    const err = cronError(expr);
    assert.equal(err === undefined ? undefined : sentenize(err), expected);
  });
}
