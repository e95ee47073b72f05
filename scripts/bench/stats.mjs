// Small statistics helpers shared by the benchmarks.
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A figure with its same-run baseline; `lowerIsBetter` decides which way the target reads. */
export function figure(name, value, unit, extra = {}) {
  const out = { name, value, unit, ...extra };
  if (extra.baseline && typeof extra.baseline.value === 'number' && extra.baseline.value > 0) {
    out.ratio = value / extra.baseline.value;
  }
  return out;
}
