import { localProbe } from './files-fixtures.js';
import { fileScenarios } from './files-scenarios.js';

// File fields on the default storage: local disk under <dataDir>/storage.
fileScenarios({ name: 'local disk', setup: async (s) => localProbe(s) });
