import { MemoryStore } from '../../src/store/memory-store.js';
import { describeOperatingScenarios } from './operating-scenarios.js';

describeOperatingScenarios('MemoryStore', () => ({ store: new MemoryStore() }));
