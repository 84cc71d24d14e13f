// How dependency-cruiser reads our TypeScript (used by .dependency-cruiser.cjs only). Its
// TypeScript reader needs the compiler's JavaScript API, which TypeScript 7 (tsgo) no longer
// ships, and its swc reader cannot read .tsx; so Babel strips the types and JSX first. Type-only
// imports are turned into plain ones before that, so a cycle through types still counts.
const keepTypeImports = () => ({
  visitor: {
    Program(path) {
      for (const statement of path.get('body')) {
        const node = statement.node;
        if (node.type !== 'ImportDeclaration' && node.type !== 'ExportNamedDeclaration' && node.type !== 'ExportAllDeclaration') continue;
        if (node.importKind === 'type') node.importKind = 'value';
        if (node.exportKind === 'type' && node.source) node.exportKind = 'value';
        for (const s of node.specifiers ?? []) {
          if (s.importKind === 'type') s.importKind = 'value';
          if (s.exportKind === 'type') s.exportKind = 'value';
        }
      }
    },
  },
});

module.exports = {
  babelrc: false,
  configFile: false,
  plugins: [
    keepTypeImports,
    ['@babel/plugin-transform-typescript', { isTSX: true, allExtensions: true, onlyRemoveTypeImports: true, allowDeclareFields: true }],
    ['@babel/plugin-transform-react-jsx', { runtime: 'automatic' }],
  ],
};
