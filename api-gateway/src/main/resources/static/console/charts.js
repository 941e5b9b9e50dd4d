// Charts as plain SVG built with the DOM (no library, no network): every value is text content or
// a number attribute, never markup, so a contact's name cannot become a script.
const SVG = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function frame(width, height, label) {
  return el('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': label });
}

/** Bars of [{label, value}], a label under every few bars. */
export function barChart(points, label) {
  const width = 560, height = 200, left = 36, bottom = 22;
  const svg = frame(width, height, label);
  svg.dataset.chart = 'bars';
  const max = Math.max(1, ...points.map(p => p.value));
  const step = (width - left) / Math.max(1, points.length);
  svg.append(el('line', { class: 'axis', x1: left, y1: height - bottom, x2: width, y2: height - bottom }));
  svg.append(el('text', { x: 0, y: 12 }, String(max)));
  const every = Math.ceil(points.length / 8);
  points.forEach((p, i) => {
    const h = (height - bottom - 10) * p.value / max;
    const bar = el('rect', { class: 'bar', x: left + i * step + 1, y: height - bottom - h,
      width: Math.max(1, step - 2), height: h });
    bar.dataset.value = p.value;
    bar.append(el('title', {}, `${p.label}: ${p.value}`));
    svg.append(bar);
    if (i % every === 0) svg.append(el('text', { x: left + i * step, y: height - 6 }, p.label));
  });
  return svg;
}

/** A weekday (rows, Monday first) x hour (columns) heat map of counts. */
export function heatMap(matrix, label) {
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const cell = 20, left = 34, top = 16;
  const svg = frame(left + 24 * cell, top + 7 * cell, label);
  svg.dataset.chart = 'heat';
  const max = Math.max(1, ...matrix.flat());
  for (let h = 0; h < 24; h += 3) svg.append(el('text', { x: left + h * cell + 2, y: 11 }, String(h).padStart(2, '0')));
  matrix.forEach((row, d) => {
    svg.append(el('text', { x: 0, y: top + d * cell + 14 }, days[d]));
    row.forEach((count, h) => {
      const rect = el('rect', { x: left + h * cell, y: top + d * cell, width: cell - 2, height: cell - 2,
        fill: count ? `rgba(31, 111, 235, ${0.12 + 0.88 * count / max})` : '#eef1f4' });
      rect.dataset.count = count;
      rect.append(el('title', {}, `${days[d]} ${String(h).padStart(2, '0')}:00: ${count} calls`));
      svg.append(rect);
    });
  });
  return svg;
}

/** Lines of fractions (0..1) over [{label, values: {name: fraction|null}}], one per series name. */
export function lineChart(points, series, label) {
  const width = 560, height = 200, left = 36, bottom = 22;
  const svg = frame(width, height, label);
  svg.dataset.chart = 'lines';
  const x = i => left + (points.length < 2 ? 0 : i * (width - left - 40) / (points.length - 1));
  const y = v => height - bottom - v * (height - bottom - 10);
  svg.append(el('line', { class: 'axis', x1: left, y1: y(0), x2: width, y2: y(0) }));
  svg.append(el('text', { x: 0, y: y(1) + 4 }, '100%'));
  svg.append(el('text', { x: 0, y: y(0) }, '0%'));
  for (const [name, css] of Object.entries(series)) {
    const d = points.map((p, i) => p.values[name] == null ? null : `${x(i)},${y(p.values[name])}`).filter(Boolean);
    if (d.length === 0) continue;
    const line = el('polyline', { class: css, points: d.join(' ') });
    line.dataset.series = name;
    line.dataset.points = d.length;
    svg.append(line);
  }
  const every = Math.ceil(points.length / 6);
  points.forEach((p, i) => { if (i % every === 0) svg.append(el('text', { x: x(i), y: height - 6 }, p.label)); });
  return svg;
}
