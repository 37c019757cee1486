// A named import, so the bundler keeps only this field of package.json.
import { version } from '../package.json';

/** This package's version, as sent in the default `user-agent`. */
export const VERSION: string = version;
