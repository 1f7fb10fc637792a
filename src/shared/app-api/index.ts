export * from './models.js';
export * from './cloture.js';
export * from './methods.js';
export * from './ipc.js';
