import { MemoryStore } from '../../src/store/memory-store.js';
import { batchScenarios } from '../support/batch-scenarios.js';

batchScenarios(() => new MemoryStore());
