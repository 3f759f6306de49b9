/** The process entry point for Entropy: the bundle scripts/build-cli.mjs makes starts here. */
import { entropy } from '../../migrations/index.ts';
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2), entropy);
