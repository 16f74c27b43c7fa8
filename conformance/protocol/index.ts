export type * from './types.js';
export { SCHEMAS, SCHEMA_BASE, type MessageName, type Messages } from './schemas.js';
export { firstError, guards, isValid } from './validate.js';
