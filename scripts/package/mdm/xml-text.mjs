// Escaping for generated XML (profiles, ADMX/ADML): text and attribute values.
export function xmlText(value) {
  return String(value).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function xmlAttr(value) {
  return xmlText(value).replaceAll('"', '&quot;');
}
