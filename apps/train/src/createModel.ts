import type { Emulator, LabelSpec } from '@astroemu/emulator-core';
import { createConvEmulator } from '@astroemu/conv-emulator';
import { createPayne } from '@astroemu/payne';
import { createTransformerPayne, type TransformerPaynePreset } from '@astroemu/transformer-payne';
import { ArgumentError } from './errors';
import { gridEncodingPeriods } from './gridEncodingPeriods';

export const MODEL_NAMES = ['payne', 'bigpayne', 'conv', 'transformer-payne'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];
export const PRESET_NAMES = ['small', 'paper'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export function parseModelName(name: string, flag = '--model'): ModelName {
  if (!(MODEL_NAMES as readonly string[]).includes(name)) {
    throw new ArgumentError(flag, `must be one of ${MODEL_NAMES.join(', ')}; got '${name}'`);
  }
  return name as ModelName;
}

export function parsePresetName(name: string): PresetName {
  if (!(PRESET_NAMES as readonly string[]).includes(name))
    throw new ArgumentError('--preset', `must be one of ${PRESET_NAMES.join(', ')}; got '${name}'`);
  return name as PresetName;
}

/** Hidden widths of a 'small' BigPayne (the app's choice: BigPayne's depth, 1/16 of its width). */
const SMALL_BIG_PAYNE = [128, 128, 128];

/**
 * A freshly initialised emulator of the packages' presets on the training grid's labels and wavelengths.
 * `transformerPaynePreset` overrides `preset` for TransformerPayne (e.g. 'tiny' in the demo and the scaling experiment).
 */
export function createModel(
  model: ModelName,
  preset: PresetName,
  labels: readonly LabelSpec[],
  wavelength: Float64Array,
  seed: number,
  training: Record<string, unknown>,
  transformerPaynePreset?: TransformerPaynePreset,
): Emulator {
  switch (model) {
    case 'payne':
      return createPayne({
        preset: preset === 'paper' ? 'payne' : 'small',
        labels,
        wavelength,
        medium: 'air',
        seed,
        training,
      });
    case 'bigpayne':
      return createPayne({
        preset: 'bigPayne',
        ...(preset === 'small' ? { hidden: SMALL_BIG_PAYNE } : {}),
        labels,
        wavelength,
        medium: 'air',
        seed,
        training,
      });
    case 'conv':
      return createConvEmulator({ preset, labels, wavelength, medium: 'air', seed, training });
    case 'transformer-payne': {
      const wavelengthRange = { min: wavelength[0]!, max: wavelength[wavelength.length - 1]!, medium: 'air' as const };
      // periods of the wavelength encoding matched to this grid (the paper's span seven decades; see gridEncodingPeriods)
      const tpPreset = transformerPaynePreset ?? preset;
      return createTransformerPayne({
        preset: tpPreset,
        labels,
        wavelengthRange,
        architecture: gridEncodingPeriods(wavelength),
        seed,
        training,
      });
    }
  }
}
