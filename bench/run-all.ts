/** Runs every registered benchmark (`sextant bench <name>`) and prints one JSON document. */
import { benchmarks } from '../src/main/cli/commands/bench';

const quick = process.argv.includes('--quick');
const results: Record<string, object> = {};
for (const [name, benchmark] of Object.entries(benchmarks)) {
  process.stderr.write(`bench ${name}…\n`);
  results[name] = await benchmark.run({ quick });
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
