export * from './schemas.js';
export * from './routes.js';
export { genererOpenApi } from './openapi.js';
