// Shopify's calculated query cost (https://shopify.dev/docs/api/usage/limits):
// scalars and enums 0, objects 1, connections 2 + page size x the cost of one
// item, mutations 10. A query whose requested cost exceeds 1000 is refused
// before it runs; the app's queries must stay under it in production too.
// The leaky bucket (2000 points, +100/s) is reported in extensions.cost but
// only throttles when a fault is scripted (fail({ throttled: true })).
import {
  Kind,
  getArgumentValues,
  getNamedType,
  isCompositeType,
  isListType,
  getNullableType,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MAX_QUERY_COST = 1000;
const BUCKET_SIZE = 2000;
const RESTORE_RATE = 100;
const MUTATION_COST = 10;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function requestedQueryCost(input: CostInput): number {
  const root = input.schema.getRootType(input.operation.operation);
  if (!root) return 0;
  const cost = selectionSetCost(input, root, input.operation.selectionSet);
  return input.operation.operation === "mutation" ? MUTATION_COST + cost : cost;
}

function selectionSetCost(input: CostInput, parent: GraphQLCompositeType, selectionSet: SelectionSetNode): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const field = fieldOf(parent, selection.name.value);
      if (!field || !selection.selectionSet) continue; // scalars, enums, __typename
      const type = getNamedType(field.type);
      if (!isCompositeType(type)) continue;
      const args = getArgumentValues(field, selection, input.variables) as { first?: number; last?: number };
      const pageSize = args.first ?? args.last ?? 0;
      if (type.name.endsWith("Connection")) {
        total += 2 + pageSize * connectionItemCost(input, type, selection.selectionSet);
      } else {
        const objectCost = 1 + selectionSetCost(input, type, selection.selectionSet);
        total += isListType(getNullableType(field.type)) && pageSize > 0 ? pageSize * objectCost : objectCost;
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? input.schema.getType(selection.typeCondition.name.value) : parent;
      if (condition && isCompositeType(condition)) total += selectionSetCost(input, condition, selection.selectionSet);
    } else {
      const fragment = input.fragments[selection.name.value];
      const condition = fragment && input.schema.getType(fragment.typeCondition.name.value);
      if (condition && isCompositeType(condition)) total += selectionSetCost(input, condition, fragment.selectionSet);
    }
  }
  return total;
}

/** Cost of one item of a connection, whether it is read via nodes or edges.node. */
function connectionItemCost(input: CostInput, connection: GraphQLCompositeType, selectionSet: SelectionSetNode): number {
  let itemCost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || !selection.selectionSet) continue;
    const field = fieldOf(connection, selection.name.value);
    if (!field) continue;
    const type = getNamedType(field.type);
    if (!isCompositeType(type)) continue;
    if (selection.name.value === "nodes") {
      itemCost = Math.max(itemCost, 1 + selectionSetCost(input, type, selection.selectionSet));
    } else if (selection.name.value === "edges") {
      for (const edgeSelection of selection.selectionSet.selections) {
        if (edgeSelection.kind !== Kind.FIELD || edgeSelection.name.value !== "node" || !edgeSelection.selectionSet) continue;
        const node = fieldOf(type, "node");
        const nodeType = node && getNamedType(node.type);
        if (nodeType && isCompositeType(nodeType)) {
          itemCost = Math.max(itemCost, 1 + selectionSetCost(input, nodeType, edgeSelection.selectionSet));
        }
      }
    }
  }
  return itemCost;
}

function fieldOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return "getFields" in parent ? parent.getFields()[name] : undefined;
}

/** Per-shop leaky bucket, for a realistic throttleStatus. */
export class CostBucket {
  private available = BUCKET_SIZE;
  private updatedAt = Date.now();

  spend(cost: number): ThrottleStatus {
    const now = Date.now();
    this.available = Math.min(BUCKET_SIZE, this.available + ((now - this.updatedAt) / 1000) * RESTORE_RATE);
    this.updatedAt = now;
    this.available = Math.max(0, this.available - cost);
    return { maximumAvailable: BUCKET_SIZE, currentlyAvailable: Math.floor(this.available), restoreRate: RESTORE_RATE };
  }
}
