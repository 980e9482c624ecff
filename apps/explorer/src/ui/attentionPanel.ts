import { attentionColour } from '../state/attentionView';

/** Draws attention weights [layer][head][token] as rows of coloured cells (the paper's Fig. 9 layout). */
export function renderAttention(container: HTMLElement, lambda: number, maps: number[][][]): void {
  container.replaceChildren();
  const title = document.createElement('p');
  title.textContent = `Attention over the label tokens at λ = ${lambda.toFixed(2)} Å (rows: layer·head; columns: tokens; darker = more weight)`;
  const table = document.createElement('table');
  table.className = 'attention';
  const tokens = maps[0]?.[0]?.length ?? 0;
  const head = table.insertRow();
  head.insertCell().textContent = '';
  for (let t = 0; t < tokens; t++) head.insertCell().textContent = `t${t}`;
  maps.forEach((layer, l) =>
    layer.forEach((weights, h) => {
      const row = table.insertRow();
      row.insertCell().textContent = `L${l} H${h}`;
      for (const w of weights) {
        const c = row.insertCell();
        c.className = 'cell';
        c.style.background = attentionColour(w);
        c.title = w.toFixed(3);
      }
    }),
  );
  container.append(title, table);
}
