export * from './models.js';
export * from './methods.js';
export * from './ipc.js';
