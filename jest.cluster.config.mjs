// Cluster test: two real server processes sharing one MySQL database and one
// Redis (`npm run test:cluster`).
import { suiteConfig } from './jest.config.shared.mjs';

/** @type {import('jest').Config} */
export default suiteConfig('cluster');
