#!/bin/sh
echo "Native Prisma engines are disabled in this project: prisma.config.ts must use the JS engine (engine: \"js\")." >&2
exit 1
