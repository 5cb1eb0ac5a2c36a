export * from './form-definition.js';
export * from './conditions.js';
export * from './messages.js';
export * from './validate-submission.js';
export * from './validate-definition.js';
export * from './pattern-safety.js';
