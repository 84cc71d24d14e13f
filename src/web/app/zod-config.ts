// Zod 4 compiles a fast object parser with `new Function` after probing whether eval is
// allowed; under the server's Content-Security-Policy (no 'unsafe-eval') the probe itself is
// reported as a CSP violation on every page that parses a schema. Jitless skips both. Imported
// first by the entry (src/web/main.tsx), before any schema is built. `zod/v4/core` owns the
// config object and weighs a few hundred bytes.
import { config } from 'zod/v4/core';

config({ jitless: true });
