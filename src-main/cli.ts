/** `anomaly-lens <command>`: the app's pipeline without a window. Progress on stderr; exit 2 on bad input. */
import { analyze, analyzeUsage, isUsageProblem } from './cli/analyze';
import { inspect, inspectUsage } from './cli/inspect';
import { score, scoreUsage } from './cli/score';
import { synth, synthUsage } from './cli/synth';

const usage = `usage:\n  ${analyzeUsage}\n  ${inspectUsage}\n  ${synthUsage}\n  ${scoreUsage}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const stderr = (line: string) => process.stderr.write(`${line}\n`);
  if (command === 'analyze') {
    const outDir = await analyze(rest, stderr);
    process.stdout.write(`${outDir}\n`);
    return 0;
  }
  if (command === 'score') {
    process.stdout.write(`${await score(rest, stderr)}\n`);
    return 0;
  }
  if (command === 'inspect') {
    process.stdout.write(`${await inspect(rest)}\n`);
    return 0;
  }
  if (command === 'synth') {
    process.stdout.write(`${await synth(rest)}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === 'help') {
    process.stdout.write(`${usage}\n`);
    return command === undefined ? 2 : 0;
  }
  stderr(`anomaly-lens: unknown command ${command} (commands: analyze, inspect, synth, score; see anomaly-lens --help)`);
  return 2;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`anomaly-lens: ${message.split('\n')[0]}\n`);
    process.exit(isUsageProblem(error) ? 2 : 1);
  });
