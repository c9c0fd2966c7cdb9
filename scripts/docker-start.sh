#!/bin/sh
# The image's one-container mode (npm run docker-start): apply the
# migrations, then become the web server (exec: node gets the signals).
# Where the platform has a release phase, run `node_modules/.bin/prisma
# migrate deploy` there and start the web with `node build/server.js`.
set -e
node_modules/.bin/prisma migrate deploy
exec node build/server.js
