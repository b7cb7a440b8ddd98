import { recordFilterCases } from './filter-exec-cases.js';
import { testOnStores } from './test-fixtures.js';

/**
 * Record filters run against real rows on every store; the cases and their answers are in
 * filter-exec-cases. Postgres differs where SQLite tells a text from a number with the same digits
 * (PocketBase binds numbers as floats: `5` meets a text column as "5.0"); there they compare as text.
 */
testOnStores(recordFilterCases, {
  postgres: { 'title = 5': 'p1', 'title != views': 'p2,p3,p4,p5' },
});
