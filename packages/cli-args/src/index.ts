export { ArgumentError } from './ArgumentError';
export { intArg, numberArg, listArg, assignmentsArg, choiceArg } from './optionParsers';
export { cliExitCode } from './cliExitCode';
