// Markdown summary of benchmark results: one row per figure with its baseline and ratio.
const fmt = (value) =>
  typeof value !== 'number'
    ? ''
    : Math.abs(value) >= 100
      ? value.toFixed(0)
      : Math.abs(value) >= 1
        ? value.toFixed(2)
        : value.toFixed(3);

export function formatTable(report) {
  const lines = [
    `# Benchmark results`,
    '',
    `${report.at} · ${report.machine.cpus} × ${report.machine.model} · Node ${report.machine.node}`,
    '',
    '| bench | figure | value | baseline | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const result of report.results) {
    if (result.error) lines.push(`| ${result.name} | error | ${result.error.replace(/\|/g, '/')} | | | | no |`);
    for (const f of result.figures ?? []) {
      const baseline = f.baseline ? `${fmt(f.baseline.value)} ${f.baseline.unit ?? f.unit} (${f.baseline.name})` : '';
      const met = f.met === undefined ? '' : f.met ? 'yes' : 'NO';
      lines.push(
        `| ${result.name} | ${f.name} | ${fmt(f.value)} ${f.unit} | ${baseline} | ${f.ratio === undefined ? '' : `${fmt(f.ratio)}×`} | ${f.target ?? ''} | ${met} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
