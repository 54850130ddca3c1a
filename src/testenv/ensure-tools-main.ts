/**
 * Builds every pinned tool (or finds it in KEELSON_BIN_DIR) and prints where
 * each one is. Run by `npm test` and `npm run demo` before anything else.
 */
import { errorMessage } from '../core/index.js';
import { ALL_TOOLS, ensureTools } from './toolchain.js';

try {
  const paths = await ensureTools(ALL_TOOLS, {
    log: (line) => process.stderr.write(`    ${line}\n`),
  });
  for (const tool of ALL_TOOLS) process.stderr.write(`    ${tool.padEnd(24)} ${paths[tool]}\n`);
} catch (err) {
  process.stderr.write(`keelson: ${errorMessage(err)}\n`);
  process.exit(1);
}
