// The explorer page: DOM wiring only. State logic lives in ./state (unit-tested), tensor work in ./engine.
import type { BackendName } from '@astroemu/backend';
import type { Emulator } from '@astroemu/emulator-core';
import { parseSpectrum } from '@astroemu/grid-io';
import { startBackend } from './engine/backend';
import { attentionAtWavelength, isWavelengthConditioned, predictSpectrum, type Predicted } from './engine/emulate';
import { runFitInWorker } from './engine/fitClient';
import { decodeBundleFiles, fetchBundleFiles } from './engine/loadBundle';
import { attentionAt } from './state/attentionView';
import { bundleBaseUrl, bundleFilesFromPicked, parseManifest, type ManifestEntry } from './state/bundleSource';
import { defaultFitLabels, fitRows, fixedLabels, formatWithSigma } from './state/fitPlan';
import { initialLabels, remapLabels, setLabel } from './state/labelState';
import { prepareObserved, type PreparedObserved } from './state/observedSpectrum';
import { residualOnGrid } from './state/residuals';
import { userWavelengthGrid, type GridRequest } from './state/wavelengthGrid';
import { renderAttention } from './ui/attentionPanel';
import { renderLabelSliders } from './ui/labelSliders';
import { SpectrumPlot, type Line } from './ui/spectrumPlot';

interface Slot {
  id: string;
  title: string;
  files: Record<string, Uint8Array>;
  emulator: Emulator;
}

/** What the page exposes for tests and the console (window.__explorer). */
interface ExplorerHook {
  ready: boolean;
  backend?: string;
  fitBackend?: string;
  bundles: { a?: string; b?: string };
  labels: Record<string, number>;
  plotted?: { wavelength: number[]; flux: number[]; fluxB?: number[] };
  renderCount: number;
  lastRenderMs?: number;
  observed?: { file: string; layout: string; pixels: number; usable: number; min: number; max: number };
  fit?: {
    labels: Record<string, number>;
    uncertainties: Record<string, number>;
    chi2: number;
    reducedChi2: number;
    rv: number;
    fitted: string[];
    bounds: Record<string, [number, number]>;
    flags: string[];
  };
  fitting: boolean;
  attention?: { lambda: number; shape: number[] };
  error?: string;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const hook: ExplorerHook = { ready: false, bundles: {}, labels: {}, renderCount: 0, fitting: false };
(window as unknown as { __explorer: ExplorerHook }).__explorer = hook;

const page = {
  manifest: [] as ManifestEntry[],
  a: undefined as Slot | undefined,
  b: undefined as Slot | undefined,
  labels: new Float64Array(0) as Float64Array,
  grid: { min: 4000, max: 5000, R: 5000 } as GridRequest,
  observed: undefined as PreparedObserved | undefined,
  fitModel: undefined as Float64Array | undefined,
  last: undefined as { a: Predicted; b?: Predicted } | undefined,
};

function showError(e: unknown): void {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  hook.error = msg;
  const el = $('error');
  el.textContent = msg;
  el.hidden = false;
  console.error(e);
}
function clearError(): void {
  hook.error = undefined;
  $('error').hidden = true;
}
function setStatus(text: string): void {
  $('status').textContent = text;
}
window.addEventListener('error', (ev) => {
  if (/ResizeObserver loop/.test(ev.message)) return; // benign browser notice, not an error of the page
  showError(ev.error ?? ev.message);
});
window.addEventListener('unhandledrejection', (ev) => showError(ev.reason));

const plot = new SpectrumPlot($('plot'), $('residual-plot'), (lambda) => void showAttention(lambda).catch(showError));
let sliders: { set: (v: Float64Array) => void } | undefined;

// ---------------------------------------------------------------- rendering (coalesced: one predict at a time)
let rendering = false;
let dirty = false;
function scheduleRender(): void {
  dirty = true;
  if (!rendering) void renderLoop();
}
async function renderLoop(): Promise<void> {
  rendering = true;
  try {
    while (dirty) {
      dirty = false;
      await render().catch(showError);
    }
  } finally {
    rendering = false;
  }
}

function gridFor(e: Emulator): Float64Array | undefined {
  return isWavelengthConditioned(e) ? userWavelengthGrid(page.grid, e.wavelength) : undefined;
}

async function render(): Promise<void> {
  const { a, b } = page;
  if (!a) return;
  const t0 = performance.now();
  const pa = await predictSpectrum(a.emulator, page.labels, gridFor(a.emulator));
  const pb = b
    ? await predictSpectrum(
        b.emulator,
        remapLabels(a.emulator.labels, page.labels, b.emulator.labels),
        gridFor(b.emulator),
      )
    : undefined;
  page.last = { a: pa, ...(pb ? { b: pb } : {}) };
  const main: Line[] = [{ label: `A: ${a.id}`, colour: '#1f5fbf', wavelength: pa.wavelength, values: pa.flux }];
  const resid: Line[] = [];
  if (pb && b) {
    main.push({ label: `B: ${b.id}`, colour: '#d9480f', wavelength: pb.wavelength, values: pb.flux });
    resid.push({
      label: 'B − A',
      colour: '#d9480f',
      wavelength: pa.wavelength,
      values: residualOnGrid(pa.wavelength, pa.flux, pb.wavelength, pb.flux),
    });
  }
  const obs = page.observed;
  if (obs) {
    main.push({ label: 'observed', colour: '#222', wavelength: obs.wavelength, values: obs.flux, points: true });
    if (page.fitModel) {
      main.push({ label: 'fit', colour: '#2b8a3e', wavelength: obs.wavelength, values: page.fitModel });
      resid.push({
        label: 'observed − fit',
        colour: '#2b8a3e',
        wavelength: obs.wavelength,
        values: obs.flux.map((f, i) => f - page.fitModel![i]!),
      });
    }
  }
  if (resid.length === 0)
    resid.push({
      label: '(no overlay)',
      colour: '#999',
      wavelength: pa.wavelength,
      values: new Float64Array(pa.wavelength.length).fill(NaN),
    });
  plot.draw(main, resid);
  const ms = performance.now() - t0;
  hook.renderCount++;
  hook.lastRenderMs = ms;
  hook.plotted = {
    wavelength: Array.from(pa.wavelength),
    flux: Array.from(pa.flux),
    ...(pb ? { fluxB: Array.from(pb.flux) } : {}),
  };
  hook.labels = Object.fromEntries(a.emulator.labels.map((s, i) => [s.name, page.labels[i]!]));
  const el = $('plot');
  el.dataset.renderCount = String(hook.renderCount);
  el.dataset.renderMs = ms.toFixed(1);
  setStatus(`drawn in ${ms.toFixed(0)} ms (A ${pa.wavelength.length} px${pb ? `, B ${pb.wavelength.length} px` : ''})`);
}

// ---------------------------------------------------------------- bundles
async function loadSlot(which: 'a' | 'b', id: string, title: string, files: Record<string, Uint8Array>): Promise<void> {
  setStatus(`loading ${id}…`);
  const emulator = await decodeBundleFiles(files);
  const old = page[which];
  page[which] = { id, title, files, emulator };
  old?.emulator.dispose();
  hook.bundles[which] = id;
  page.fitModel = undefined;
  if (which === 'a') {
    page.labels = old ? remapLabels(old.emulator.labels, page.labels, emulator.labels) : initialLabels(emulator.labels);
    setupSliders();
    const dom = emulator.wavelength;
    if (page.grid.min < dom.min || page.grid.max > dom.max || page.grid.min >= dom.max)
      page.grid = { ...page.grid, min: dom.min, max: dom.max };
    ($('grid-min') as HTMLInputElement).value = String(Math.round(page.grid.min * 100) / 100);
    ($('grid-max') as HTMLInputElement).value = String(Math.round(page.grid.max * 100) / 100);
    ($('grid-r') as HTMLInputElement).value = String(page.grid.R);
    plot.resetZoom();
  }
  const describe = (s?: Slot) =>
    s
      ? `${s.id}: ${s.emulator.kind}, ${s.emulator.labels.length} labels, ${s.emulator.wavelength.min.toFixed(1)}–${s.emulator.wavelength.max.toFixed(1)} Å, ${s.emulator.parameterCount().toLocaleString()} parameters`
      : '';
  $('bundle-info').textContent = [describe(page.a), describe(page.b)].filter(Boolean).join(' · ');
  ($('grid-controls') as HTMLFieldSetElement).disabled = ![page.a, page.b].some(
    (s) => s && isWavelengthConditioned(s.emulator),
  );
  updateFitButton();
  scheduleRender();
}

async function loadShipped(which: 'a' | 'b', id: string): Promise<void> {
  if (id === '') {
    page[which]?.emulator.dispose();
    page[which] = undefined;
    hook.bundles[which] = undefined;
    scheduleRender();
    return;
  }
  const entry = page.manifest.find((m) => m.id === id);
  const base = new URL(`bundles/${id}/`, document.baseURI).href;
  await loadSlot(which, id, entry?.title ?? id, await fetchBundleFiles(base, entry?.files));
}

function setupSliders(): void {
  const a = page.a;
  if (!a) return;
  sliders = renderLabelSliders($('labels'), a.emulator.labels, page.labels, (i, v) => {
    page.labels = setLabel(page.labels, a.emulator.labels, i, v);
    sliders?.set(page.labels);
    scheduleRender();
  });
}

function fillBundleSelects(): void {
  const opts = (withNone: boolean) =>
    [
      ...(withNone ? [['', '(none)']] : []),
      ...page.manifest.map((m) => [m.id, `${m.title}${m.trained ? '' : ' — untrained'}`]),
    ].map(([v, t]) => Object.assign(document.createElement('option'), { value: v, textContent: t }));
  $('bundle-a').replaceChildren(...opts(false));
  $('bundle-b').replaceChildren(...opts(true));
}

// ---------------------------------------------------------------- observed spectrum and fit
function fitSlot(): Slot | undefined {
  return ($('fit-slot') as HTMLSelectElement).value === 'b' ? page.b : page.a;
}
function updateFitButton(): void {
  ($('fit-button') as HTMLButtonElement).disabled = hook.fitting || !page.observed || !fitSlot();
}

async function loadObserved(file: File): Promise<void> {
  clearError();
  const slot = fitSlot() ?? page.a;
  if (!slot) throw new Error('load an emulator before an observed spectrum');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const spectrum = parseSpectrum(bytes, { fileName: file.name });
  const obs = prepareObserved(spectrum, slot.emulator.wavelength);
  page.observed = obs;
  page.fitModel = undefined;
  hook.fit = undefined;
  hook.observed = {
    file: file.name,
    layout: obs.source.layout,
    pixels: obs.source.pixels,
    usable: obs.usable,
    min: obs.wavelength[0]!,
    max: obs.wavelength[obs.wavelength.length - 1]!,
  };
  $('observed-info').textContent =
    `${file.name}: ${obs.source.layout}, ${obs.source.pixels} pixels over ${obs.source.min.toFixed(0)}–${obs.source.max.toFixed(0)} Å; ${obs.usable} usable in the emulator's range, continuum-normalised`;
  $('fit-result').replaceChildren();
  updateFitButton();
  scheduleRender();
}

async function runFit(): Promise<void> {
  const slot = fitSlot();
  const obs = page.observed;
  if (!slot || !obs || !page.a) return;
  clearError();
  const specs = slot.emulator.labels;
  const values = slot === page.a ? page.labels : remapLabels(page.a.emulator.labels, page.labels, specs);
  const fit = defaultFitLabels(specs);
  const rInput = Number(($('fit-r') as HTMLInputElement).value);
  hook.fitting = true;
  updateFitButton();
  const bar = $('fit-progress') as HTMLProgressElement;
  bar.hidden = false;
  bar.removeAttribute('value');
  $('fit-phase').textContent = 'starting the fit worker…';
  try {
    const out = await runFitInWorker(
      {
        files: slot.files,
        wavelength: obs.wavelength,
        flux: obs.flux.map((f, i) => (obs.mask[i] ? 1 : f)),
        ivar: obs.ivar,
        mask: obs.mask,
        fit,
        fixed: fixedLabels(specs, values, fit),
        ...(rInput > 0 ? { resolvingPower: rInput } : {}),
        baseUrl: document.baseURI,
      },
      (p) => {
        bar.max = Math.max(1, p.total);
        bar.value = p.step;
        $('fit-phase').textContent = `${p.phase} ${p.step}/${p.total}`;
      },
      (name) => (hook.fitBackend = name),
    );
    const r = out.result;
    page.fitModel = out.model;
    hook.fit = {
      labels: r.labels,
      uncertainties: r.uncertainties,
      chi2: r.chi2,
      reducedChi2: r.reducedChi2,
      rv: r.rv,
      fitted: fit,
      flags: r.flags,
      bounds: Object.fromEntries(specs.map((s) => [s.name, [s.min, s.max] as [number, number]])),
    };
    if (r.error) throw new Error(`fit failed: ${r.error}`);
    const table = document.createElement('table');
    table.className = 'fit';
    table
      .insertRow()
      .append(
        ...['label', 'value ± σ', 'unit'].map((t) => Object.assign(document.createElement('th'), { textContent: t })),
      );
    for (const row of fitRows(specs, r.labels, r.uncertainties, fit)) {
      const tr = table.insertRow();
      for (const t of [row.name, formatWithSigma(row.value, row.sigma), row.unit ?? ''])
        tr.insertCell().textContent = t;
    }
    const tr = table.insertRow();
    for (const t of ['RV', formatWithSigma(r.rv, r.rvUncertainty), 'km/s']) tr.insertCell().textContent = t;
    const summary = document.createElement('p');
    summary.textContent = `χ² = ${r.chi2.toFixed(1)} on ${r.pixelsUsed} pixels (reduced ${r.reducedChi2.toFixed(2)}); ${r.iterations} iterations, ${(out.ms / 1000).toFixed(1)} s on ${out.backend} in a worker${r.flags.length ? `; flags: ${r.flags.join(', ')}` : ''}. Other labels fixed at the sliders' values.`;
    $('fit-result').replaceChildren(table, summary);
    $('fit-phase').textContent = 'done';
    scheduleRender();
  } finally {
    hook.fitting = false;
    bar.hidden = true;
    updateFitButton();
  }
}

async function showAttention(lambda: number): Promise<void> {
  const a = page.a;
  if (!a || a.emulator.kind !== 'transformer-payne') return;
  const dom = a.emulator.wavelength;
  if (!(lambda >= dom.min && lambda <= dom.max)) return;
  const { data, shape } = await attentionAtWavelength(a.emulator, page.labels, lambda);
  hook.attention = { lambda, shape };
  renderAttention($('attention-view'), lambda, attentionAt(data, shape, 0));
}

// ---------------------------------------------------------------- backend
async function switchBackend(name: BackendName | undefined): Promise<void> {
  setStatus('starting the backend…');
  const got = await startBackend(name, document.baseURI);
  hook.backend = got;
  $('backend-name').textContent = got;
  document.body.dataset.backend = got;
  // Tensors belong to the backend that made them: rebuild the emulators from their bytes.
  for (const which of ['a', 'b'] as const) {
    const s = page[which];
    if (s) await loadSlot(which, s.id, s.title, s.files);
  }
}

// ---------------------------------------------------------------- wiring
function on<K extends keyof HTMLElementEventMap>(
  id: string,
  type: K,
  fn: (ev: HTMLElementEventMap[K]) => Promise<void> | void,
): void {
  $(id).addEventListener(type, (ev) => {
    try {
      const r = fn(ev as HTMLElementEventMap[K]);
      if (r instanceof Promise) r.catch(showError);
    } catch (e) {
      showError(e);
    }
  });
}

async function pickedFolder(input: HTMLInputElement): Promise<Record<string, Uint8Array>> {
  const files = await Promise.all(
    Array.from(input.files ?? [], async (f) => ({
      path: f.webkitRelativePath || f.name,
      bytes: new Uint8Array(await f.arrayBuffer()),
    })),
  );
  return bundleFilesFromPicked(files);
}

function wire(): void {
  on('backend-select', 'change', (ev) =>
    switchBackend(((ev.target as HTMLSelectElement).value || undefined) as BackendName | undefined),
  );
  on('bundle-a', 'change', (ev) => (clearError(), loadShipped('a', (ev.target as HTMLSelectElement).value)));
  on('bundle-b', 'change', (ev) => (clearError(), loadShipped('b', (ev.target as HTMLSelectElement).value)));
  on('bundle-folder', 'change', async (ev) => {
    clearError();
    const slot = ($('custom-slot') as HTMLSelectElement).value as 'a' | 'b';
    const input = ev.target as HTMLInputElement;
    const name = input.files?.[0]?.webkitRelativePath.split('/')[0] || 'folder';
    await loadSlot(slot, name, name, await pickedFolder(input));
  });
  on('bundle-url-load', 'click', async () => {
    clearError();
    const slot = ($('custom-slot') as HTMLSelectElement).value as 'a' | 'b';
    const base = bundleBaseUrl(($('bundle-url') as HTMLInputElement).value, document.baseURI);
    await loadSlot(slot, base, base, await fetchBundleFiles(base));
  });
  const gridChanged = () => {
    page.grid = {
      min: Number(($('grid-min') as HTMLInputElement).value),
      max: Number(($('grid-max') as HTMLInputElement).value),
      R: Number(($('grid-r') as HTMLInputElement).value),
    };
    clearError();
    plot.resetZoom();
    scheduleRender();
  };
  for (const id of ['grid-min', 'grid-max', 'grid-r']) on(id, 'change', gridChanged);
  on('labels-reset', 'click', () => {
    if (!page.a) return;
    page.labels = initialLabels(page.a.emulator.labels);
    sliders?.set(page.labels);
    scheduleRender();
  });
  on('observed-file', 'change', (ev) => {
    const f = (ev.target as HTMLInputElement).files?.[0];
    return f ? loadObserved(f) : undefined;
  });
  on('fit-slot', 'change', () => updateFitButton());
  on('fit-button', 'click', () => runFit());
  const zone = $('drop-zone');
  document.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    zone.classList.add('over');
  });
  document.addEventListener('dragleave', () => zone.classList.remove('over'));
  document.addEventListener('drop', (ev) => {
    ev.preventDefault();
    zone.classList.remove('over');
    const f = ev.dataTransfer?.files[0];
    if (f) loadObserved(f).catch(showError);
  });
}

async function start(): Promise<void> {
  wire();
  const params = new URLSearchParams(location.search);
  const forced = params.get('backend') as BackendName | null;
  if (forced) ($('backend-select') as HTMLSelectElement).value = forced;
  await switchBackend(forced ?? undefined);
  const res = await fetch(new URL('bundles/index.json', document.baseURI));
  if (!res.ok) throw new Error(`could not fetch bundles/index.json: HTTP ${res.status}`);
  page.manifest = parseManifest(await res.json());
  fillBundleSelects();
  const a = params.get('a') ?? page.manifest.find((m) => m.kind === 'transformer-payne')?.id ?? page.manifest[0]?.id;
  const b = params.get('b') ?? page.manifest.find((m) => m.id !== a)?.id ?? '';
  ($('bundle-a') as HTMLSelectElement).value = a ?? '';
  ($('bundle-b') as HTMLSelectElement).value = b;
  if (a) await loadShipped('a', a);
  if (b) await loadShipped('b', b);
  await new Promise<void>((r) => {
    const wait = () => (rendering || dirty ? setTimeout(wait, 20) : r());
    wait();
  });
}

start()
  .then(() => {
    hook.ready = true;
    document.body.dataset.state = 'ready';
  })
  .catch((e) => {
    showError(e);
    document.body.dataset.state = 'error';
  });
