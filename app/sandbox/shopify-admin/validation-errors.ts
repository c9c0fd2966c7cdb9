// Validates a query against the real schema with graphql-js's rules and
// reports failures the way Shopify's server (graphql-ruby) does: HTTP 200,
// `errors[].extensions.code` in graphql-ruby's vocabulary, and for the most
// common mistakes graphql-ruby's wording, e.g.
//   { "message": "Field 'foo' doesn't exist on type 'Shop'",
//     "extensions": { "code": "undefinedField", "typeName": "Shop", "fieldName": "foo" } }
// Other rules keep graphql-js's message.
import {
  ExecutableDefinitionsRule,
  FieldsOnCorrectTypeRule,
  FragmentsOnCompositeTypesRule,
  KnownArgumentNamesRule,
  KnownDirectivesRule,
  KnownFragmentNamesRule,
  KnownTypeNamesRule,
  NoFragmentCyclesRule,
  NoUndefinedVariablesRule,
  NoUnusedFragmentsRule,
  NoUnusedVariablesRule,
  OverlappingFieldsCanBeMergedRule,
  PossibleFragmentSpreadsRule,
  ProvidedRequiredArgumentsRule,
  ScalarLeafsRule,
  UniqueArgumentNamesRule,
  UniqueDirectivesPerLocationRule,
  UniqueFragmentNamesRule,
  UniqueInputFieldNamesRule,
  UniqueOperationNamesRule,
  UniqueVariableNamesRule,
  ValuesOfCorrectTypeRule,
  VariablesAreInputTypesRule,
  VariablesInAllowedPositionRule,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";

const GRAPHQL_RUBY_CODES = new Map<ValidationRule, string>([
  [FieldsOnCorrectTypeRule, "undefinedField"],
  [KnownArgumentNamesRule, "argumentNotAccepted"],
  [ProvidedRequiredArgumentsRule, "missingRequiredArguments"],
  [ScalarLeafsRule, "selectionMismatch"],
  [KnownTypeNamesRule, "undefinedType"],
  [FragmentsOnCompositeTypesRule, "fragmentOnNonCompositeType"],
  [VariablesAreInputTypesRule, "variableRequiresValidType"],
  [KnownFragmentNamesRule, "undefinedFragment"],
  [NoUnusedFragmentsRule, "useAndDefineFragment"],
  [PossibleFragmentSpreadsRule, "cannotSpreadFragment"],
  [NoFragmentCyclesRule, "infiniteLoop"],
  [UniqueVariableNamesRule, "variableNotUnique"],
  [NoUndefinedVariablesRule, "variableNotDefined"],
  [NoUnusedVariablesRule, "variableNotUsed"],
  [KnownDirectivesRule, "undefinedDirective"],
  [UniqueDirectivesPerLocationRule, "directiveNotUniqueForLocation"],
  [UniqueArgumentNamesRule, "argumentNotUnique"],
  [ValuesOfCorrectTypeRule, "argumentLiteralsIncompatible"],
  [VariablesInAllowedPositionRule, "variableMismatch"],
  [OverlappingFieldsCanBeMergedRule, "fieldConflict"],
  [UniqueOperationNamesRule, "uniquelyNamedOperations"],
  [UniqueFragmentNamesRule, "fragmentNotUnique"],
  [UniqueInputFieldNamesRule, "inputFieldNotUnique"],
  [ExecutableDefinitionsRule, "queryContainsSchemaDefinitions"],
]);

/** Empty when the document is valid. */
export function validateLikeShopify(schema: GraphQLSchema, document: DocumentNode): GraphQLFormattedError[] {
  if (validate(schema, document).length === 0) return [];
  // Then one rule at a time, so each error is attributed to the rule that raised it.
  return specifiedRules.flatMap((rule) => validate(schema, document, [rule]).map((error) => toShopifyError(error, rule)));
}

function toShopifyError(error: GraphQLError, rule: ValidationRule): GraphQLFormattedError {
  const code = GRAPHQL_RUBY_CODES.get(rule) ?? lowerCamel(rule.name.replace(/Rule$/, ""));
  const { message, extensions } = rewrite(error.message, code);
  return {
    message,
    ...(error.locations ? { locations: error.locations } : {}),
    extensions: { code, ...extensions },
  };
}

function rewrite(message: string, code: string): { message: string; extensions?: Record<string, string> } {
  let match: RegExpExecArray | null;
  if (code === "undefinedField" && (match = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(message))) {
    const [, fieldName, typeName] = match;
    return { message: `Field '${fieldName}' doesn't exist on type '${typeName}'`, extensions: { typeName, fieldName } };
  }
  if (code === "argumentNotAccepted" && (match = /^Unknown argument "(\w+)" on field "\w+\.(\w+)"/.exec(message))) {
    const [, argumentName, name] = match;
    return {
      message: `Field '${name}' doesn't accept argument '${argumentName}'`,
      extensions: { name, typeName: "Field", argumentName },
    };
  }
  if (code === "missingRequiredArguments" && (match = /^Field "(?:\w+\.)?(\w+)" argument "(\w+)"/.exec(message))) {
    const [, name, argument] = match;
    return {
      message: `Field '${name}' is missing required arguments: ${argument}`,
      extensions: { className: "Field", name, arguments: argument },
    };
  }
  return { message };
}

function lowerCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
