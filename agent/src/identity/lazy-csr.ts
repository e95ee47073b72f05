/** node-forge (~12 MB) is loaded only when a CSR is built: at enrollment and renewal, never idle. */
export async function loadCsrBuilder() {
  return (await import('./csr.js')).buildCsrPem;
}
