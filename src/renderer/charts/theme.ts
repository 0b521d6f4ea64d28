/** Chart colours, one place (the CSS variables mirror them for the DOM). */
export const chartTheme = {
  background: '#0f1115',
  grid: 'rgba(255,255,255,0.06)',
  axis: '#8b93a7',
  up: '#26a69a',
  down: '#ef5350',
  line: '#5a8cff',
  upVolume: 'rgba(38,166,154,0.55)',
  downVolume: 'rgba(239,83,80,0.55)',
  crosshair: 'rgba(200,205,220,0.45)',
  selection: 'rgba(90,140,255,0.15)',
  font: '11px system-ui, -apple-system, "Segoe UI", sans-serif',
} as const;
