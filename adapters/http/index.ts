export { HttpAdapter, type HttpAdapterOptions } from './client.js';
export { serveAdapter, type Served } from './server.js';
