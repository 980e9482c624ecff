import { z } from 'zod';
import { ConfigError } from './errors';
import type { LabelSpec } from './labelSpec';
import type { WavelengthMedium } from './emulator';

/** Bundle/config format version written by this package. Readers accept any 1.x; a newer MAJOR is refused. */
export const FORMAT_VERSION = '1.0';
/** Major format version this package reads. */
export const FORMAT_MAJOR = 1;

/** The JSON config of an emulator (what `Emulator.config()` returns and `config.json` holds). */
export interface EmulatorConfig<A = Record<string, unknown>> {
  kind: string;
  /** "MAJOR.MINOR", e.g. "1.0". */
  formatVersion: string;
  /** Version of the package that wrote it, e.g. "@astroemu/payne@0.1.0". */
  packageVersion?: string;
  labels: LabelSpec[];
  wavelength: {
    min: number;
    max: number;
    medium: WavelengthMedium;
    /** Fixed pixel grid in Angstrom (float64 numbers); bundles store it as the F64 tensor 'wavelength'. */
    fixed?: number[];
  };
  /** Kind-specific hyper-parameters, validated by the kind's own strict schema. */
  architecture: A;
  /** Free-form training provenance (dataset, steps, loss, dates…). */
  training?: Record<string, unknown>;
}

/** Parses "MAJOR.MINOR" into numbers, or returns undefined. */
export function parseFormatVersion(v: unknown): { major: number; minor: number } | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+)\.(\d+)$/.exec(v);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export const labelSpecSchema = z
  .strictObject({
    name: z.string().min(1),
    unit: z.string().optional(),
    min: z.number(),
    max: z.number(),
  })
  .refine((s) => s.max > s.min, { message: 'max must be greater than min' });

export const wavelengthDomainSchema = z
  .strictObject({
    min: z.number().positive(),
    max: z.number().positive(),
    medium: z.enum(['air', 'vacuum', 'unknown']).default('unknown'),
    fixed: z.array(z.number()).min(1).optional(),
  })
  .superRefine((w, ctx) => {
    if (!(w.max > w.min))
      ctx.addIssue({ code: 'custom', message: `max (${w.max}) must be greater than min (${w.min})` });
    const f = w.fixed;
    if (!f) return;
    for (let i = 1; i < f.length; i++) {
      if (!(f[i] > f[i - 1])) {
        ctx.addIssue({
          code: 'custom',
          path: ['fixed'],
          message: `must be strictly increasing; pixel ${i} (${f[i]}) ≤ pixel ${i - 1} (${f[i - 1]})`,
        });
        return;
      }
    }
    if (f[0] < w.min || f[f.length - 1] > w.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['fixed'],
        message: `must lie within [min, max] = [${w.min}, ${w.max}]; got [${f[0]}, ${f[f.length - 1]}]`,
      });
    }
  });

const formatVersionSchema = z
  .string()
  .default(FORMAT_VERSION)
  .refine((v) => parseFormatVersion(v) !== undefined, { message: 'must look like "MAJOR.MINOR", e.g. "1.0"' })
  .refine((v) => (parseFormatVersion(v)?.major ?? 0) <= FORMAT_MAJOR, {
    message: `is newer than this reader supports (${FORMAT_MAJOR}.x); upgrade @astroemu/emulator-core`,
  });

/**
 * Builds the strict zod schema of one emulator kind: the shared fields (literal `kind`,
 * `formatVersion`, `packageVersion`, `labels`, `wavelength`, `training`) plus the kind's own
 * `architecture` schema (use `z.strictObject` so unknown keys are rejected). Unknown top-level keys
 * are rejected too.
 */
export function emulatorConfigSchema<K extends string, A extends z.ZodType>(kind: K, architecture: A) {
  return z
    .strictObject({
      kind: z.literal(kind),
      formatVersion: formatVersionSchema,
      packageVersion: z.string().optional(),
      labels: z.array(labelSpecSchema).min(1),
      wavelength: wavelengthDomainSchema,
      architecture,
      training: z.record(z.string(), z.unknown()).optional(),
    })
    .superRefine((c, ctx) => {
      const seen = new Set<string>();
      c.labels.forEach((l, i) => {
        if (seen.has(l.name))
          ctx.addIssue({ code: 'custom', path: ['labels', i, 'name'], message: `duplicate label name '${l.name}'` });
        seen.add(l.name);
      });
    });
}

/** `emulatorConfigSchema` for a grid emulator (The Payne, conv): `wavelength.fixed` is required; `what` names it in the issue. */
export function fixedGridConfigSchema<K extends string, A extends z.ZodType>(kind: K, architecture: A, what: string) {
  return emulatorConfigSchema(kind, architecture).superRefine((c, ctx) => {
    if (c.wavelength.fixed === undefined) {
      ctx.addIssue({ code: 'custom', path: ['wavelength', 'fixed'], message: `${what} needs a fixed wavelength grid` });
    }
  });
}

/** The schema of any kind, with `architecture` left open: for inspecting a config before its kind is known. */
export const anyEmulatorConfigSchema = z.strictObject({
  kind: z.string().min(1),
  formatVersion: formatVersionSchema,
  packageVersion: z.string().optional(),
  labels: z.array(labelSpecSchema).min(1),
  wavelength: wavelengthDomainSchema,
  architecture: z.record(z.string(), z.unknown()),
  training: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Parses `json` with `schema`, or throws a ConfigError listing every issue as "path: message",
 * e.g. "payne config is invalid: architecture.hidden: Invalid input: expected number, received string".
 */
export function parseConfigWith<S extends z.ZodType>(schema: S, json: unknown, who: string): z.output<S> {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
  throw new ConfigError(`${who} config is invalid: ${issues.join('; ')}`, issues);
}
