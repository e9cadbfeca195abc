// The parts of @jsonjoy.com/fs-node-utils that memfs's core (@jsonjoy.com/fs-core) uses:
// constants, path helpers and encodings. The package's index also pulls in fs API
// lists and glob matching the core never calls; client bundles use this instead
// (browser-shims.mjs). The real modules, re-exported unchanged.
'use strict';
module.exports = {
  ...require('@jsonjoy.com/fs-node-utils/lib/constants'),
  ...require('@jsonjoy.com/fs-node-utils/lib/path'),
  ...require('@jsonjoy.com/fs-node-utils/lib/encoding'),
};
