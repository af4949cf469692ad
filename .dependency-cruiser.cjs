// Import boundaries, checked by `npm run lint` (ADR 0009). A rule's name is what a violation prints, so each
// name says what must stay true. Paths are repository-relative; @kyso/* aliases resolve through tsconfig.json.
//
// "Production" is every file under apps/*/src, libs/*/src and native/ts that is not a spec. Test support lives
// in libs/<lib>/testing/, native/testing/, test/support/ and certs-test/; nothing in production may import it.
//
// The layer rules hold for a library's production code and its own testing/ folder (which other tests import).
// Specs are leaves: nothing imports them, so a spec may use a higher layer to make its fixtures (validation's
// specs sign with libs/signing) without giving its library that dependency. Only "libs import no app" holds for
// specs too: a library's test that needs an app belongs to that app.

const PRODUCTION = '^(apps/[^/]+/src|libs/[^/]+/src|native/ts)/';
const SPEC = '\\.spec\\.ts$';
const PURE_LIBS = '^(libs/(pdf|cms|pkcs11|common|config)|native)/';
const DOMAIN_LIBS_AND_APPS = '^(libs/(documents|org|archive|signing|validation)|apps)/';
const TEST_SUPPORT = [
  '^test/',
  '^certs-test/',
  '^(apps|libs)/[^/]+/testing/',
  '^native/testing/',
  '(^|/)test-support/',
  SPEC,
  '(^|/)node_modules/(vitest|@vitest|@nestjs/testing)/',
];

/** A rule over a library's production code and its own test support (not its specs, see above). */
const forbid = (name, comment, from, to) => ({
  name,
  comment,
  severity: 'error',
  from: { pathNot: SPEC, ...from },
  to,
});

module.exports = {
  forbidden: [
    forbid(
      'pure-lib-imports-no-domain-lib-or-app',
      'pdf, cms, pkcs11, native, common and config sit at the bottom: they import no domain library ' +
        '(documents, org, archive, signing, validation) and no app.',
      { path: PURE_LIBS },
      { path: DOMAIN_LIBS_AND_APPS },
    ),
    forbid(
      'pdf-imports-no-cms-pkcs11-signing',
      'libs/pdf knows PDF syntax only: no CMS, no tokens, no signing pipeline.',
      { path: '^libs/pdf/' },
      { path: '^libs/(cms|pkcs11|signing)/' },
    ),
    forbid(
      'cms-imports-no-pdf',
      'libs/cms knows CMS only, nothing of PDF.',
      { path: '^libs/cms/' },
      { path: '^libs/pdf/' },
    ),
    forbid(
      'validation-imports-no-signing-or-pkcs11',
      'Validation never needs a signer or a token (a validating server has neither).',
      { path: '^libs/validation/' },
      { path: '^libs/(signing|pkcs11)/' },
    ),
    forbid(
      'token-agent-imports-no-database-documents-org',
      "The token agent runs on the leader's PC with no database: it needs none of database, documents, org.",
      { path: '^apps/token-agent/' },
      { path: '^libs/(database|documents|org)/' },
    ),
    forbid(
      'production-imports-no-test-support',
      'Production code imports no test support, no certs-test/ (the test PKI) and no spec; ' +
        'test support lives outside src/ and outside the build.',
      { path: PRODUCTION, pathNot: SPEC },
      { path: TEST_SUPPORT },
    ),
    {
      name: 'libs-import-no-app',
      comment: 'Libraries never import an app, not even in a spec: dependencies point apps → libs.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports are dependencies too: a pure library naming a domain type is already coupled to it.
    tsPreCompilationDeps: true,
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '^(dist|data|coverage|native/build|certs-test/pki)/' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
      conditionNames: ['require', 'node', 'default'],
    },
  },
};
