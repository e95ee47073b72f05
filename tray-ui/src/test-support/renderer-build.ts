/**
 * Builds the renderer (and, through references, the main project and shared) with the TypeScript
 * build API and copies its HTML/CSS, so browser tests load exactly what Electron would, fresh.
 */
import { pathToFileURL, fileURLToPath } from 'node:url';
import ts from 'typescript';

export async function buildRenderer(): Promise<string> {
  const config = fileURLToPath(new URL('../../tsconfig.renderer.json', import.meta.url));
  const problems: string[] = [];
  const host = ts.createSolutionBuilderHost(ts.sys, undefined, (d) =>
    problems.push(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  );
  const exit = ts.createSolutionBuilder(host, [config], {}).build();
  if (exit !== ts.ExitStatus.Success) throw new Error(`renderer build failed:\n${problems.join('\n')}`);
  // A non-literal specifier: the script is plain JavaScript outside this TypeScript project.
  const script = pathToFileURL(fileURLToPath(new URL('../../scripts/copy-static.mjs', import.meta.url))).href;
  const { copyStatic } = (await import(script)) as { copyStatic(): Promise<string> };
  return copyStatic();
}
