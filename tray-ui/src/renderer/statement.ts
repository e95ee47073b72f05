// The consent statement is plain text with a light structure (a title line, paragraphs,
// "Heading" lines followed by "- " items, indented continuation lines): shown as headings,
// paragraphs and lists so it reads as a document, not a wall of text. Text only, no markup.

function statementNodes(text: string): HTMLElement[] {
  const blocks = text
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0);
  return blocks.map((lines, index) => statementBlock(lines, index === 0));
}

function statementBlock(lines: string[], first: boolean): HTMLElement {
  const itemStart = lines.findIndex((line) => line.startsWith('- '));
  if (itemStart === -1) {
    const prose = lines.map((line) => line.trim()).join(' ');
    return first && lines.length === 1 ? el('h3', { class: 'statement__title' }, prose) : el('p', {}, prose);
  }
  // Indented lines continue the item above them.
  const items: string[] = [];
  for (const line of lines.slice(itemStart)) {
    if (line.startsWith('- ')) items.push(line.slice(2).trim());
    else if (items.length > 0) items[items.length - 1] += ` ${line.trim()}`;
  }
  const heading = lines
    .slice(0, itemStart)
    .map((line) => line.trim())
    .join(' ');
  return el('div', { class: 'statement__part' }, heading && el('h4', {}, heading), list(items));
}
