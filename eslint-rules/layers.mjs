// A local ESLint plugin: each layer of src/ lists what it may import, and anything not listed
// is an error. A denylist only stops the mistakes someone thought of; an allowlist also stops
// the next one (a new package, a new sibling folder, a dynamic import(), a Node global).
//
// The layer table itself lives in eslint.config.mjs; this file only knows how to apply it.
import { isBuiltin } from 'node:module';
import path from 'node:path';

/** The objects through which a global can be reached by name (`globalThis.process`). */
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'self', 'global']);

function toPosix(file) {
  return file.split(path.sep).join('/');
}

/** The layer whose folder (or single file) holds `rel`, the longest match winning. */
function layerOf(layers, rel) {
  let found;
  for (const layer of layers) {
    if (rel === layer.dir || rel.startsWith(`${layer.dir}/`)) {
      if (!found || layer.dir.length > found.dir.length) found = layer;
    }
  }
  return found;
}

/** 'lit' allows 'lit' and 'lit/decorators.js'; a deep entry allows only that file. */
function packageAllowed(allowed, specifier) {
  return allowed.some((entry) => specifier === entry || specifier.startsWith(`${entry}/`));
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function list(items) {
  return items.length ? items.join(', ') : 'nothing';
}

/** The string a module specifier node spells, or undefined when it is computed. */
function literalSpecifier(node) {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  if (node.type === 'TSLiteralType') return literalSpecifier(node.literal);
  return undefined;
}

const allowlist = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer of src/ imports only the packages, Node built-ins and sibling layers it lists, and uses no global it has no business with.' },
    schema: [{
      type: 'object',
      properties: {
        root: { type: 'string' },
        layers: { type: 'array' },
        exclusive: { type: 'object' },
        globals: { type: 'object' },
      },
      required: ['root', 'layers'],
      additionalProperties: false,
    }],
  },
  create(context) {
    const { root, layers, exclusive = {}, globals = {} } = context.options[0];
    const filename = context.filename ?? context.getFilename();
    const rel = toPosix(path.relative(root, filename));
    const layer = layerOf(layers, rel);
    const sourceCode = context.sourceCode ?? context.getSourceCode();

    if (!layer) {
      return {
        Program(node) {
          context.report({ node, message: `Bad layering: ${rel} is in no layer; add its folder to the layer table in eslint.config.mjs with what it may import.` });
        },
      };
    }

    /** Every banned global name of this layer, with the reason shown when it is used. */
    const banned = new Map();
    for (const kind of layer.bannedGlobals ?? []) {
      for (const name of globals[kind] ?? []) banned.set(name, `Bad layering: ${layer.dir} has no ${kind} global '${name}'.`);
    }

    function checkSpecifier(node, specifier) {
      if (specifier === undefined) {
        context.report({ node, message: `Bad layering: a computed import()/require() in ${layer.dir} cannot be checked against its allowlist; import a string literal.` });
        return;
      }
      if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
        const target = toPosix(path.relative(root, path.resolve(path.dirname(filename), specifier)));
        const targetLayer = layerOf(layers, target);
        if (!targetLayer) {
          context.report({ node, message: `Bad layering: ${layer.dir} imports '${specifier}', which is in no layer.` });
        } else if (targetLayer !== layer && !(layer.layers ?? []).includes(targetLayer.dir)) {
          context.report({ node, message: `Bad layering: ${layer.dir} may not import ${targetLayer.dir} ('${specifier}'); it may import ${list(layer.layers ?? [])}.` });
        }
        return;
      }
      if (specifier.startsWith('node:') || isBuiltin(specifier)) {
        if (!layer.nodeBuiltins) {
          context.report({ node, message: `Bad layering: ${layer.dir} has no Node built-ins ('${specifier}').` });
        } else if (!specifier.startsWith('node:')) {
          context.report({ node, message: `Bad layering: write 'node:${specifier}', so a built-in never reads as a package.` });
        }
        return;
      }
      const owner = exclusive[packageName(specifier)];
      if (owner !== undefined) {
        if (rel !== owner) context.report({ node, message: `Bad layering: '${packageName(specifier)}' is imported only by ${owner}; go through it.` });
        return;
      }
      if (!packageAllowed(layer.packages ?? [], specifier)) {
        context.report({ node, message: `Bad layering: ${layer.dir} may not import the package '${specifier}'; its packages are ${list(layer.packages ?? [])}.` });
      }
    }

    function checkSource(node) {
      if (node.source) checkSpecifier(node.source, literalSpecifier(node.source));
    }

    function isUnresolvedGlobal(identifier) {
      const scope = sourceCode.getScope ? sourceCode.getScope(identifier) : context.getScope();
      for (let s = scope; s; s = s.upper) {
        const variable = s.set.get(identifier.name);
        if (variable) return variable.defs.length === 0;
      }
      return true;
    }

    /** `globalThis.process`, `window['document']`: a banned global reached by property. */
    function propertyName(member) {
      if (!member.computed && member.property.type === 'Identifier') return member.property.name;
      return literalSpecifier(member.property);
    }

    return {
      ImportDeclaration: checkSource,
      ExportNamedDeclaration: checkSource,
      ExportAllDeclaration: checkSource,
      ImportExpression(node) {
        checkSpecifier(node, literalSpecifier(node.source));
      },
      TSImportType(node) {
        checkSpecifier(node, literalSpecifier(node.argument ?? node.parameter));
      },
      TSExternalModuleReference(node) {
        checkSpecifier(node, literalSpecifier(node.expression));
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && isUnresolvedGlobal(node.callee) && !banned.has('require')) {
          checkSpecifier(node, literalSpecifier(node.arguments[0]));
        }
      },
      MemberExpression(node) {
        if (node.object.type !== 'Identifier' || !GLOBAL_OBJECTS.has(node.object.name) || !isUnresolvedGlobal(node.object)) return;
        const name = propertyName(node);
        if (name !== undefined && banned.has(name)) context.report({ node, message: banned.get(name) });
      },
      VariableDeclarator(node) {
        // const { process } = globalThis;
        if (node.id.type !== 'ObjectPattern' || node.init?.type !== 'Identifier' || !GLOBAL_OBJECTS.has(node.init.name)) return;
        for (const property of node.id.properties) {
          const name = property.type === 'Property' && !property.computed && property.key.type === 'Identifier' ? property.key.name : undefined;
          if (name !== undefined && banned.has(name)) context.report({ node: property, message: banned.get(name) });
        }
      },
      'Program:exit'(node) {
        // Unresolved names, and names resolved to an implicit global (a lib or configured
        // global has no definition in the file): the same two sets no-restricted-globals reads.
        const globalScope = sourceCode.getScope ? sourceCode.getScope(node) : context.getScope();
        const references = [...globalScope.through];
        for (const variable of globalScope.variables) {
          if (variable.defs.length === 0 && banned.has(variable.name)) references.push(...variable.references);
        }
        for (const reference of references) {
          const message = banned.get(reference.identifier.name);
          if (message) context.report({ node: reference.identifier, message });
        }
      },
    };
  },
};

export default { meta: { name: 'layers' }, rules: { allowlist } };
