import { describe, expect, it } from 'vitest';
import * as api from '../src/index';
import { ArgumentError, assignmentsArg, choiceArg, intArg, listArg, numberArg } from '../src/index';

describe('@astroemu/cli-args', () => {
  it('exports exactly its public surface', () => {
    expect(Object.keys(api).sort()).toEqual([
      'ArgumentError',
      'assignmentsArg',
      'choiceArg',
      'cliExitCode',
      'intArg',
      'listArg',
      'numberArg',
    ]);
  });

  it('intArg accepts integers ≥ min and names the option otherwise', () => {
    expect(intArg('--n')('12')).toBe(12);
    expect(intArg('--seed', 0)('0')).toBe(0);
    for (const bad of ['0', '1.5', 'x', '', ' ']) expect(() => intArg('--n')(bad)).toThrow(ArgumentError);
    expect(() => intArg('--workers', 2)('1')).toThrow(/^Argument '--workers': must be an integer ≥ 2; got '1'$/);
  });

  it('numberArg accepts finite numbers (positive by default)', () => {
    expect(numberArg('--snr')('2.5e1')).toBe(25);
    expect(numberArg('--feh', false)('-0.5')).toBe(-0.5);
    expect(() => numberArg('--snr')('0')).toThrow(/Argument '--snr': must be a positive number; got '0'/);
    expect(() => numberArg('--feh', false)('Infinity')).toThrow(/must be a number; got 'Infinity'/);
    expect(() => numberArg('--feh', false)('')).toThrow(ArgumentError);
  });

  it('listArg splits on commas, trims, drops blanks, and runs the item check', () => {
    expect(listArg('--labels')(' Teff, logg ,,Fe_H')).toEqual(['Teff', 'logg', 'Fe_H']);
    expect(() => listArg('--labels')(' , ')).toThrow(/Argument '--labels': must be a comma-separated list/);
    const check = (s: string) => {
      if (s === 'bad') throw new ArgumentError('--x', 'bad item');
    };
    expect(() => listArg('--x', check)('a,bad')).toThrow(/bad item/);
  });

  it('assignmentsArg reads Name=value pairs', () => {
    expect(assignmentsArg('--abund')('Fe=-0.3, Mg=0.2')).toEqual({ Fe: -0.3, Mg: 0.2 });
    for (const bad of ['Fe', 'Fe=', '=1', 'Fe=1=2', 'Fe=x']) {
      expect(() => assignmentsArg('--abund')(bad)).toThrow(/Argument '--abund': must be Name=value pairs/);
    }
  });

  it('choiceArg accepts only the listed words', () => {
    expect(choiceArg('--backend', ['wasm', 'cpu'] as const)('cpu')).toBe('cpu');
    expect(() => choiceArg('--backend', ['wasm', 'cpu'])('gpu')).toThrow(
      /^Argument '--backend': must be one of wasm, cpu; got 'gpu'$/,
    );
  });
});
