// Cluster test: two real server processes sharing one MySQL (or PostgreSQL) database
// and one Redis (`npm run test:cluster`, `npm run test:cluster:postgres`).
import { suiteConfig } from './jest.config.shared.mjs';

/** @type {import('jest').Config} */
export default suiteConfig('cluster');
