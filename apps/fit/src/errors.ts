export { ArgumentError } from '@astroemu/cli-args';
