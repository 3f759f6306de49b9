/** The process entry point: the bundle scripts/build-cli.mjs makes starts here. */
import { nativeFirst } from './native-main.ts';

process.exitCode = await nativeFirst(process.argv.slice(2));
