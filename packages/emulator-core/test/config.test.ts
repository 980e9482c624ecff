import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  anyEmulatorConfigSchema,
  ConfigError,
  emulatorConfigSchema,
  getEmulatorKind,
  parseConfigWith,
  parseFormatVersion,
  registerEmulatorKind,
  unregisterEmulatorKind,
  listEmulatorKinds,
} from '../src/index';
import { linearConfig, linearKind } from './linearKind';

const schema = emulatorConfigSchema('demo', z.strictObject({ hidden: z.number().int().positive().default(128) }));
const base = {
  kind: 'demo',
  labels: [{ name: 'Teff', unit: 'K', min: 4000, max: 6000 }],
  wavelength: { min: 4000, max: 5000 },
  architecture: {},
};

describe('emulatorConfigSchema', () => {
  test('fills defaults (formatVersion, medium, architecture)', () => {
    const c = parseConfigWith(schema, base, 'demo');
    expect(c.formatVersion).toBe('1.0');
    expect(c.wavelength.medium).toBe('unknown');
    expect(c.architecture).toEqual({ hidden: 128 });
  });

  test('rejects unknown keys in architecture and at top level', () => {
    expect(() => parseConfigWith(schema, { ...base, architecture: { hiden: 3 } }, 'demo')).toThrow(
      /demo config is invalid: architecture: Unrecognized key: "hiden"/,
    );
    expect(() => parseConfigWith(schema, { ...base, extra: 1 }, 'demo')).toThrow(/\(root\): Unrecognized key: "extra"/);
  });

  test('rejects wrong kind, bad bounds, a newer major version and a non-increasing grid', () => {
    expect(() => parseConfigWith(schema, { ...base, kind: 'payne' }, 'demo')).toThrow(
      /kind: Invalid input: expected "demo"/,
    );
    expect(() => parseConfigWith(schema, { ...base, labels: [{ name: 'T', min: 2, max: 1 }] }, 'demo')).toThrow(
      /labels\.0: max must be greater than min/,
    );
    expect(() => parseConfigWith(schema, { ...base, formatVersion: '2.0' }, 'demo')).toThrow(
      /formatVersion: is newer than this reader supports \(1\.x\)/,
    );
    expect(() =>
      parseConfigWith(schema, { ...base, wavelength: { min: 4000, max: 5000, fixed: [4000, 4001, 4001] } }, 'demo'),
    ).toThrow(/wavelength\.fixed: must be strictly increasing; pixel 2 \(4001\) ≤ pixel 1 \(4001\)/);
    expect(() => parseConfigWith(schema, { ...base, labels: [base.labels[0], base.labels[0]] }, 'demo')).toThrow(
      /labels\.1\.name: duplicate label name 'Teff'/,
    );
    try {
      parseConfigWith(schema, { ...base, architecture: { hidden: 'x' } }, 'demo');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).issues).toEqual([
        'architecture.hidden: Invalid input: expected number, received string',
      ]);
    }
  });

  test('anyEmulatorConfigSchema reads any kind', () => {
    expect(anyEmulatorConfigSchema.parse({ ...base, kind: 'whatever', architecture: { x: 1 } }).kind).toBe('whatever');
  });

  test('parseFormatVersion', () => {
    expect(parseFormatVersion('1.12')).toEqual({ major: 1, minor: 12 });
    expect(parseFormatVersion('1')).toBeUndefined();
    expect(parseFormatVersion(1)).toBeUndefined();
  });
});

describe('registry', () => {
  test('register, look up, list, unknown kind lists the known kinds', () => {
    registerEmulatorKind(linearKind);
    expect(getEmulatorKind('test-linear')).toBe(linearKind);
    expect(listEmulatorKinds()).toContain('test-linear');
    expect(() => getEmulatorKind('nope')).toThrow(ConfigError);
    expect(() => getEmulatorKind('nope')).toThrow(/Unknown emulator kind 'nope'; known kinds: .*test-linear/);
    expect(linearKind.parseConfig(linearConfig())).toEqual(linearConfig());
    expect(unregisterEmulatorKind('test-linear')).toBe(true);
    expect(listEmulatorKinds()).not.toContain('test-linear');
  });

  test('incomplete definitions are refused', () => {
    expect(() => registerEmulatorKind({ ...linearKind, build: undefined as never })).toThrow(
      /kind 'test-linear' must provide function 'build'; got undefined/,
    );
    expect(() => registerEmulatorKind({ ...linearKind, kind: '' })).toThrow(/'kind' must be a non-empty string/);
  });
});
