// One GraphQL request against one shop's fixtures, independent of HTTP:
// parse, validate against the real schema, coerce variables, price the query,
// execute. Every failure comes back as Shopify would put it in a 200 body.
import {
  GraphQLError,
  Kind,
  execute,
  getOperationAST,
  getVariableValues,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
} from "graphql";
import type { ShopFixtures } from "../fixtures/demo-shop";
import { indexShop, type SearchExtension, type StandInContext } from "./context";
import type { MetafieldStore } from "./metafields";
import type { PolicyStore } from "./shop-policies";
import { MAX_QUERY_COST, requestedQueryCost } from "./query-cost";
import { createFieldResolver } from "./resolvers";
import { loadAdminSchema, type ProtectedCustomerData } from "./schema";
import { validateLikeShopify } from "./validation-errors";

export interface GraphQLRequestBody {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface QueryOutcome {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
  /** Present once the query was priced (it parsed and validated). */
  requestedCost?: number;
  /** Present once the query ran. */
  actualCost?: number;
  searchExtensions: SearchExtension[];
}

export interface OperationSummary {
  operationName: string | null;
  /** The first top-level field, e.g. "orders": what a log line needs. */
  rootField: string | null;
  /** What the query would cost, for responses that do not run it (THROTTLED). */
  requestedCost: number | null;
}

/** A query text parsed and validated against the schema, or why it is not a query. */
type CheckedDocument = { document: DocumentNode; errors: GraphQLFormattedError[] } | { document: null; errors: GraphQLFormattedError[] };

const MAX_CACHED_DOCUMENTS = 500;
const checkedDocuments = new Map<string, CheckedDocument>();

/**
 * Parses and validates a query text once: an app sends the same few texts
 * (its operations, different variables), and validating against the whole
 * Admin schema was most of the stand-in's CPU per request, which on one
 * machine the benchmarks charged to the app beside it. As GraphQL servers
 * keep a document cache. Both depend on the text alone (the schema is fixed);
 * the oldest entry goes first past the bound.
 */
function checkedDocument(query: string): CheckedDocument {
  const known = checkedDocuments.get(query);
  if (known) return known;
  let checked: CheckedDocument;
  try {
    const document = parse(query);
    checked = { document, errors: validateLikeShopify(loadAdminSchema().schema, document) };
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    checked = { document: null, errors: [{ message: error.message, ...(error.locations ? { locations: error.locations } : {}) }] };
  }
  if (checkedDocuments.size >= MAX_CACHED_DOCUMENTS) checkedDocuments.delete(checkedDocuments.keys().next().value!);
  checkedDocuments.set(query, checked);
  return checked;
}

/** Best effort, for logs, fault matching and throttled responses; never throws. */
export function summarizeOperation(body: GraphQLRequestBody): OperationSummary {
  const summary: OperationSummary = { operationName: body.operationName ?? null, rootField: null, requestedCost: null };
  try {
    const { document } = checkedDocument(body.query);
    if (!document) return summary;
    const operation = getOperationAST(document, body.operationName ?? undefined);
    if (!operation) return summary;
    const first = operation.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
    summary.operationName = operation.name?.value ?? summary.operationName;
    summary.rootField = first?.kind === Kind.FIELD ? first.name.value : null;
    const { schema } = loadAdminSchema();
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], body.variables ?? {});
    if (coerced.coerced) {
      summary.requestedCost = requestedQueryCost({ schema, operation, fragments: fragmentsOf(document), variables: coerced.coerced });
    }
  } catch {
    // An invalid query: executeQuery reports why.
  }
  return summary;
}

export async function executeQuery(
  body: GraphQLRequestBody,
  fixtures: ShopFixtures,
  metafields: MetafieldStore,
  withheld: ReadonlySet<ProtectedCustomerData>,
  policies: PolicyStore = new Map(),
): Promise<QueryOutcome> {
  const { schema, protectedFields } = loadAdminSchema();
  const { document, errors } = checkedDocument(body.query);
  if (!document || errors.length > 0) return { errors, searchExtensions: [] };

  const operation = getOperationAST(document, body.operationName ?? undefined);
  if (!operation) {
    const message = body.operationName
      ? `Unknown operation named "${body.operationName}".`
      : "Must provide operation name if query contains multiple operations.";
    return { errors: [{ message }], searchExtensions: [] };
  }

  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], body.variables ?? {});
  if (coerced.errors) return { errors: coerced.errors.map((error) => error.toJSON()), searchExtensions: [] };

  const requestedCost = requestedQueryCost({ schema, operation, fragments: fragmentsOf(document), variables: coerced.coerced });
  if (requestedCost > MAX_QUERY_COST) {
    return { errors: [maxCostExceeded(requestedCost, operation)], requestedCost, searchExtensions: [] };
  }

  const context: StandInContext = { fixtures, index: indexShop(fixtures), metafields, policies, withheld, actualCost: 0, searchExtensions: [] };
  const result = await execute({
    schema,
    document,
    operationName: body.operationName ?? undefined,
    variableValues: body.variables ?? {},
    rootValue: {},
    contextValue: context,
    fieldResolver: createFieldResolver(protectedFields),
  });
  return {
    data: result.data ?? null,
    ...(result.errors ? { errors: result.errors.map((error) => error.toJSON()) } : {}),
    requestedCost,
    actualCost: context.actualCost,
    searchExtensions: context.searchExtensions,
  };
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}

function maxCostExceeded(cost: number, operation: OperationDefinitionNode): GraphQLFormattedError {
  return {
    message:
      `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\n` +
      "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
      "cost of a query is calculated.\n\n" +
      "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
      "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
    ...(operation.loc ? { locations: [{ line: operation.loc.startToken.line, column: operation.loc.startToken.column }] } : {}),
    extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost: MAX_QUERY_COST },
  };
}
