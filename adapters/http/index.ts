export { HttpAdapter, type HttpAdapterOptions } from './client.js';
export { serveAdapter, type ServeOptions, type Served } from './server.js';
export { parseTarget, type Target } from './target.js';
export { waitReady } from './wait-ready.js';
