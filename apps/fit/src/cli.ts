import { main } from './main';
import { posteriorMain } from './posteriorCommand';

const argv = process.argv.slice(2);
process.exitCode = argv.includes('--posterior') ? await posteriorMain(argv) : await main(argv);
