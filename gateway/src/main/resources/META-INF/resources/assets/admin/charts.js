/**
 * Charts drawn as inline SVG by hand: no chart library, no third-party script. Each chart has a
 * title and a description for screen readers (role=img, aria-labelledby) and a visible legend;
 * the numbers are also in the text beside it, so the chart never is the only way to read them.
 */
const SVG = 'http://www.w3.org/2000/svg';
let chartCounter = 0;

function svgEl(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    node.setAttribute(k, String(v));
  }
  if (text !== null) {
    node.textContent = text;
  }
  return node;
}

function frame(width, height, title, description) {
  const id = `chart-${++chartCounter}`;
  const svg = svgEl('svg', {
    class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`,
  });
  svg.appendChild(svgEl('title', { id: `${id}-t` }, title));
  svg.appendChild(svgEl('desc', { id: `${id}-d` }, description));
  return svg;
}

/**
 * Horizontal grouped bars: rows = [{label, values: [number...]}], series = [{name, className}].
 * Each row gets one bar per series, scaled to the largest value.
 */
export function groupedBars(title, rows, series, format = String) {
  const labelWidth = 150;
  const barHeight = 16;
  const rowHeight = series.length * (barHeight + 3) + 14;
  const width = 560;
  const height = Math.max(40, rows.length * rowHeight + 10);
  const max = Math.max(1, ...rows.flatMap(r => r.values.map(v => Number(v) || 0)));
  const description = rows.map(r => `${r.label}: ${series.map((s, i) => `${s.name} ${format(r.values[i])}`).join(', ')}`).join('; ');
  const svg = frame(width, height, title, description || 'No data');
  rows.forEach((row, r) => {
    const top = r * rowHeight + 6;
    svg.appendChild(svgEl('text', { x: 0, y: top + barHeight, 'text-anchor': 'start' }, row.label.slice(0, 18)));
    series.forEach((s, i) => {
      const value = Number(row.values[i]) || 0;
      const w = Math.round((width - labelWidth - 90) * value / max);
      const y = top + i * (barHeight + 3);
      svg.appendChild(svgEl('rect', { x: labelWidth, y, width: Math.max(w, 1), height: barHeight, class: s.className }));
      svg.appendChild(svgEl('text', { x: labelWidth + Math.max(w, 1) + 4, y: y + barHeight - 2 }, format(row.values[i])));
    });
  });
  return svg;
}

/** Vertical bars, one per item = {label, value, color?}. */
export function bars(title, items, format = String) {
  const width = 480;
  const height = 220;
  const bottom = 40;
  const max = Math.max(1, ...items.map(i => Number(i.value) || 0));
  const slot = width / Math.max(items.length, 1);
  const svg = frame(width, height, title, items.map(i => `${i.label}: ${format(i.value)}`).join('; ') || 'No data');
  items.forEach((item, n) => {
    const value = Number(item.value) || 0;
    const h = Math.round((height - bottom - 24) * value / max);
    const x = n * slot + slot * 0.15;
    const w = slot * 0.7;
    svg.appendChild(svgEl('rect', { x, y: height - bottom - h, width: w, height: Math.max(h, 1), fill: item.color || '#0b5cad' }));
    svg.appendChild(svgEl('text', { x: x + w / 2, y: height - bottom - h - 6, 'text-anchor': 'middle' }, format(item.value)));
    svg.appendChild(svgEl('text', { x: x + w / 2, y: height - bottom + 16, 'text-anchor': 'middle' }, item.label.slice(0, 11)));
  });
  return svg;
}

/** A legend list for series = [{name, color}]. */
export function legend(series) {
  const list = document.createElement('ul');
  list.className = 'legend';
  for (const s of series) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = s.color;
    item.append(swatch, s.name);
    list.appendChild(item);
  }
  return list;
}
