await import('./_dev.mjs');
console.log(Object.fromEntries(Object.entries(globalThis.TM).map(([k, v]) => [k, (v / 9).toFixed(1)])));
