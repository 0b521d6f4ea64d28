/** Runs every registered benchmark (`sextant bench <name>`) and prints one JSON document. */
import { benches } from '../src/main/cli/commands/bench';

const quick = process.argv.includes('--quick');
const results: Record<string, unknown> = {};
for (const bench of benches) {
  process.stderr.write(`bench ${bench.name}…\n`);
  results[bench.name] = await bench.run({ quick });
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
