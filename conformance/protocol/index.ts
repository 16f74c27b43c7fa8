export type * from './types.js';
export { SCHEMAS, firstError, isValid, type MessageName, type Messages } from './validate.js';
