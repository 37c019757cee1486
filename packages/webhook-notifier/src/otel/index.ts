export { currentTraceparent, parseTraceparent } from './current-traceparent.js';
export {
  type InstrumentableNotifier,
  type InstrumentOptions,
  instrumentNotifier,
  type NotifierInstrumentation,
} from './instrument-notifier.js';
