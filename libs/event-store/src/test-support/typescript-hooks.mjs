// Lets a plain `node` child process import the adapter's TypeScript sources directly, so the
// multi-process tests run on a fresh clone without a build: relative `.js` specifiers resolve to
// the `.ts` file next to them, and `.ts` files are transpiled (types erased) by TypeScript itself.
import { existsSync, readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL) {
      const ts_url = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
      if (existsSync(fileURLToPath(ts_url))) return { url: ts_url.href, shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
  load(url, context, nextLoad) {
    if (!url.endsWith('.ts')) return nextLoad(url, context);
    const source = readFileSync(fileURLToPath(url), 'utf8');
    const output = ts.transpileModule(source, {
      fileName: fileURLToPath(url),
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2023,
        isolatedModules: true,
        sourceMap: false,
      },
    });
    return { format: 'module', source: output.outputText, shortCircuit: true };
  },
});
