import * as vm from 'node:vm';

/**
 * Loads an ES module from CommonJS code. TypeScript compiling to CommonJS rewrites a literal
 * `import()` into `require()`, which cannot load ESM-only packages such as `mrz`, so the
 * import is hidden from the compiler. Under jest the code runs inside a vm context without a
 * dynamic-import hook; there the import is compiled in the main context with Node's default
 * loader instead.
 */
const plainImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

function mainContextImport(): (specifier: string) => Promise<unknown> {
  const loader = (vm.constants as unknown as Record<string, unknown>).USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const script = new vm.Script('(specifier) => import(specifier)', { importModuleDynamically: loader as never });
  return script.runInThisContext() as (specifier: string) => Promise<unknown>;
}

export async function importEsm<T>(specifier: string): Promise<T> {
  try {
    return (await plainImport(specifier)) as T;
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING')) throw err;
    return (await mainContextImport()(specifier)) as T;
  }
}
