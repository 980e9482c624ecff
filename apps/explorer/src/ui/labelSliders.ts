import type { LabelSpec } from '@astroemu/emulator-core';
import { labelTitle, sliderStep, stepDecimals } from '../state/labelState';

/**
 * A slider + number input per label, within its bounds. `onChange(index, value)` fires on every slider move
 * and on a committed number; `set(values)` updates the inputs without firing.
 */
export function renderLabelSliders(
  container: HTMLElement,
  specs: readonly LabelSpec[],
  values: Float64Array,
  onChange: (index: number, value: number) => void,
): { set: (values: Float64Array) => void } {
  container.replaceChildren();
  const rows = specs.map((spec, i) => {
    const step = sliderStep(spec);
    const dec = stepDecimals(step);
    const row = document.createElement('div');
    row.className = 'label-row';
    row.dataset.label = spec.name;
    const name = document.createElement('label');
    name.textContent = labelTitle(spec);
    name.htmlFor = `slider-${i}`;
    name.title = `${spec.min} … ${spec.max}`;
    const range = document.createElement('input');
    Object.assign(range, {
      type: 'range',
      id: `slider-${i}`,
      min: String(spec.min),
      max: String(spec.max),
      step: String(step),
    });
    range.setAttribute('aria-label', spec.name);
    const num = document.createElement('input');
    Object.assign(num, {
      type: 'number',
      min: String(spec.min),
      max: String(spec.max),
      step: String(step),
      className: 'label-number',
    });
    num.setAttribute('aria-label', `${spec.name} value`);
    const show = (v: number) => {
      range.value = String(v);
      num.value = v.toFixed(dec);
    };
    show(values[i]!);
    range.addEventListener('input', () => {
      num.value = Number(range.value).toFixed(dec);
      onChange(i, Number(range.value));
    });
    num.addEventListener('change', () => {
      const v = Number(num.value);
      if (Number.isFinite(v)) onChange(i, v);
    });
    row.append(name, range, num);
    container.append(row);
    return show;
  });
  return { set: (v) => rows.forEach((show, i) => show(v[i]!)) };
}
