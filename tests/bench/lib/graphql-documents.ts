import { readFileSync } from "node:fs";
import path from "node:path";

// ---------------------------------------------------------------------------
// The GraphQL documents the app sent, by operation name, read from the tools'
// sources (the stand-in logs operation names and variables, not documents).

let documents: Map<string, string> | undefined;

export function graphqlRequest(operationName: string | null, variables: Record<string, unknown> | null): string {
  if (!documents) {
    documents = new Map();
    for (const file of ["app/receptionist/tools/product-search.server.ts", "app/receptionist/tools/order-lookup.server.ts"]) {
      const source = readFileSync(path.resolve(file), "utf8");
      const constants = new Map<string, string>();
      for (const match of source.matchAll(/const (\w+) = `(#graphql[\s\S]*?)`;/g)) {
        const text = match[2].replace(/\$\{(\w+)\}/g, (_whole, name: string) => constants.get(name) ?? "");
        constants.set(match[1], text);
        const operation = /\b(?:query|mutation)\s+(\w+)/.exec(text)?.[1];
        if (operation) documents.set(operation, text);
      }
    }
  }
  const query = operationName ? documents.get(operationName) : undefined;
  if (!query) throw new Error(`No GraphQL document found for operation ${operationName}`);
  return JSON.stringify({ query, variables: variables ?? {} });
}
