/** The process entry point: the bundle scripts/build-cli.mjs makes starts here. */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
