/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type BriefingOrdersQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  first: AdminTypes.Scalars['Int']['input'];
}>;


export type BriefingOrdersQuery = { orders: { nodes: Array<{ totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage'> } };

export type BriefingUnfulfilledQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  first: AdminTypes.Scalars['Int']['input'];
}>;


export type BriefingUnfulfilledQuery = { orders: { nodes: Array<Pick<AdminTypes.Order, 'id'>> } };

export type BriefingStockQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
}>;


export type BriefingStockQuery = { products: { nodes: Array<Pick<AdminTypes.Product, 'title' | 'totalInventory' | 'tracksInventory'>> } };

export type ComplianceOrderNamesQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  first: AdminTypes.Scalars['Int']['input'];
}>;


export type ComplianceOrderNamesQuery = { orders: { nodes: Array<Pick<AdminTypes.Order, 'name'>> } };

export type DataRequestCustomerNamesQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  first: AdminTypes.Scalars['Int']['input'];
}>;


export type DataRequestCustomerNamesQuery = { customers: { nodes: Array<Pick<AdminTypes.Customer, 'legacyResourceId' | 'displayName'>> } };

export type ReceptionistStoreKnowledgeQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ReceptionistStoreKnowledgeQuery = { shop: (
    Pick<AdminTypes.Shop, 'shipsToCountries'>
    & { shopPolicies: Array<Pick<AdminTypes.ShopPolicy, 'type' | 'title' | 'body' | 'updatedAt'>> }
  ) };

export type ReceptionistProductsQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
}>;


export type ReceptionistProductsQuery = { products: { nodes: Array<(
      Pick<AdminTypes.Product, 'title' | 'totalInventory'>
      & { priceRangeV2: { minVariantPrice: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, maxVariantPrice: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
    )> } };

export type ReceptionistOrderFragment = (
  Pick<AdminTypes.Order, 'id' | 'name' | 'processedAt' | 'cancelledAt' | 'displayFinancialStatus' | 'displayFulfillmentStatus' | 'email'>
  & { lineItems: { nodes: Array<Pick<AdminTypes.LineItem, 'title' | 'quantity'>> }, fulfillments: Array<(
    Pick<AdminTypes.Fulfillment, 'displayStatus' | 'estimatedDeliveryAt' | 'deliveredAt'>
    & { trackingInfo: Array<Pick<AdminTypes.FulfillmentTrackingInfo, 'company' | 'number' | 'url'>> }
  )>, shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'zip'>>, customer?: AdminTypes.Maybe<(
    Pick<AdminTypes.Customer, 'id' | 'displayName'>
    & { defaultPhoneNumber?: AdminTypes.Maybe<Pick<AdminTypes.CustomerPhoneNumber, 'phoneNumber'>>, defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>> }
  )> }
);

export type ReceptionistOrderByNumberQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type ReceptionistOrderByNumberQuery = { orders: { nodes: Array<(
      Pick<AdminTypes.Order, 'id' | 'name' | 'processedAt' | 'cancelledAt' | 'displayFinancialStatus' | 'displayFulfillmentStatus' | 'email'>
      & { lineItems: { nodes: Array<Pick<AdminTypes.LineItem, 'title' | 'quantity'>> }, fulfillments: Array<(
        Pick<AdminTypes.Fulfillment, 'displayStatus' | 'estimatedDeliveryAt' | 'deliveredAt'>
        & { trackingInfo: Array<Pick<AdminTypes.FulfillmentTrackingInfo, 'company' | 'number' | 'url'>> }
      )>, shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'zip'>>, customer?: AdminTypes.Maybe<(
        Pick<AdminTypes.Customer, 'id' | 'displayName'>
        & { defaultPhoneNumber?: AdminTypes.Maybe<Pick<AdminTypes.CustomerPhoneNumber, 'phoneNumber'>>, defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>> }
      )> }
    )> } };

export type ReceptionistCustomerOrdersQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type ReceptionistCustomerOrdersQuery = { customers: { nodes: Array<{ defaultPhoneNumber?: AdminTypes.Maybe<Pick<AdminTypes.CustomerPhoneNumber, 'phoneNumber'>>, orders: { nodes: Array<(
          Pick<AdminTypes.Order, 'id' | 'name' | 'processedAt' | 'cancelledAt' | 'displayFinancialStatus' | 'displayFulfillmentStatus' | 'email'>
          & { lineItems: { nodes: Array<Pick<AdminTypes.LineItem, 'title' | 'quantity'>> }, fulfillments: Array<(
            Pick<AdminTypes.Fulfillment, 'displayStatus' | 'estimatedDeliveryAt' | 'deliveredAt'>
            & { trackingInfo: Array<Pick<AdminTypes.FulfillmentTrackingInfo, 'company' | 'number' | 'url'>> }
          )>, shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'zip'>>, customer?: AdminTypes.Maybe<(
            Pick<AdminTypes.Customer, 'id' | 'displayName'>
            & { defaultPhoneNumber?: AdminTypes.Maybe<Pick<AdminTypes.CustomerPhoneNumber, 'phoneNumber'>>, defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>> }
          )> }
        )> } }> } };

export type ReceptionistProductSearchQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  first: AdminTypes.Scalars['Int']['input'];
}>;


export type ReceptionistProductSearchQuery = { products: { nodes: Array<(
      Pick<AdminTypes.Product, 'title' | 'status'>
      & { priceRangeV2: { minVariantPrice: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, maxVariantPrice: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, variants: { nodes: Array<Pick<AdminTypes.ProductVariant, 'title' | 'inventoryQuantity' | 'availableForSale'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage'> } }
    )> } };

export type ReceptionistActiveProductsQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
}>;


export type ReceptionistActiveProductsQuery = { products: { nodes: Array<(
      Pick<AdminTypes.Product, 'title'>
      & { priceRangeV2: { minVariantPrice: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, maxVariantPrice: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
    )> } };

export type ShopProfileQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopProfileQuery = { shop: Pick<AdminTypes.Shop, 'name' | 'ianaTimezone' | 'currencyCode'> };

export type CurrentAppInstallationQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type CurrentAppInstallationQuery = { currentAppInstallation: Pick<AdminTypes.AppInstallation, 'id'> };

export type SetStorefrontReceptionistMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldsSetInput> | AdminTypes.MetafieldsSetInput;
}>;


export type SetStorefrontReceptionistMutation = { metafieldsSet?: AdminTypes.Maybe<{ metafields?: AdminTypes.Maybe<Array<Pick<AdminTypes.Metafield, 'id'>>>, userErrors: Array<Pick<AdminTypes.MetafieldsSetUserError, 'field' | 'message' | 'code'>> }> };

export type DeleteStorefrontReceptionistMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldIdentifierInput> | AdminTypes.MetafieldIdentifierInput;
}>;


export type DeleteStorefrontReceptionistMutation = { metafieldsDelete?: AdminTypes.Maybe<{ deletedMetafields?: AdminTypes.Maybe<Array<AdminTypes.Maybe<Pick<AdminTypes.MetafieldIdentifier, 'key'>>>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

interface GeneratedQueryTypes {
  "#graphql\n  query BriefingOrders($query: String!, $first: Int!) {\n    orders(first: $first, query: $query, sortKey: CREATED_AT) {\n      nodes { totalPriceSet { shopMoney { amount currencyCode } } }\n      pageInfo { hasNextPage }\n    }\n  }": {return: BriefingOrdersQuery, variables: BriefingOrdersQueryVariables},
  "#graphql\n  query BriefingUnfulfilled($query: String!, $first: Int!) {\n    orders(first: $first, query: $query) {\n      nodes { id }\n    }\n  }": {return: BriefingUnfulfilledQuery, variables: BriefingUnfulfilledQueryVariables},
  "#graphql\n  query BriefingStock($first: Int!) {\n    products(first: $first, query: \"status:active\", sortKey: UPDATED_AT, reverse: true) {\n      nodes { title totalInventory tracksInventory }\n    }\n  }": {return: BriefingStockQuery, variables: BriefingStockQueryVariables},
  "#graphql\n  query ComplianceOrderNames($query: String!, $first: Int!) {\n    orders(first: $first, query: $query) { nodes { name } }\n  }": {return: ComplianceOrderNamesQuery, variables: ComplianceOrderNamesQueryVariables},
  "#graphql\n  query DataRequestCustomerNames($query: String!, $first: Int!) {\n    customers(first: $first, query: $query) { nodes { legacyResourceId displayName } }\n  }": {return: DataRequestCustomerNamesQuery, variables: DataRequestCustomerNamesQueryVariables},
  "#graphql\n  query ReceptionistStoreKnowledge {\n    shop {\n      shipsToCountries\n      shopPolicies { type title body updatedAt }\n    }\n  }": {return: ReceptionistStoreKnowledgeQuery, variables: ReceptionistStoreKnowledgeQueryVariables},
  "#graphql\n  query ReceptionistProducts($first: Int!) {\n    products(first: $first, query: \"status:active\", sortKey: UPDATED_AT, reverse: true) {\n      nodes {\n        title\n        totalInventory\n        priceRangeV2 {\n          minVariantPrice { amount currencyCode }\n          maxVariantPrice { amount currencyCode }\n        }\n      }\n    }\n  }": {return: ReceptionistProductsQuery, variables: ReceptionistProductsQueryVariables},
  "#graphql\n  query ReceptionistOrderByNumber($query: String!) {\n    orders(first: 5, query: $query, sortKey: PROCESSED_AT, reverse: true) {\n      nodes { ...ReceptionistOrder }\n    }\n  }\n  #graphql\n  fragment ReceptionistOrder on Order {\n    id\n    name\n    processedAt\n    cancelledAt\n    displayFinancialStatus\n    displayFulfillmentStatus\n    email\n    lineItems(first: 10) { nodes { title quantity } }\n    fulfillments(first: 3) { displayStatus estimatedDeliveryAt deliveredAt trackingInfo(first: 2) { company number url } }\n    shippingAddress { zip }\n    customer { id displayName defaultPhoneNumber { phoneNumber } defaultEmailAddress { emailAddress } }\n  }": {return: ReceptionistOrderByNumberQuery, variables: ReceptionistOrderByNumberQueryVariables},
  "#graphql\n  query ReceptionistCustomerOrders($query: String!) {\n    customers(first: 3, query: $query) {\n      nodes {\n        defaultPhoneNumber { phoneNumber }\n        orders(first: 3, sortKey: PROCESSED_AT, reverse: true) { nodes { ...ReceptionistOrder } }\n      }\n    }\n  }\n  #graphql\n  fragment ReceptionistOrder on Order {\n    id\n    name\n    processedAt\n    cancelledAt\n    displayFinancialStatus\n    displayFulfillmentStatus\n    email\n    lineItems(first: 10) { nodes { title quantity } }\n    fulfillments(first: 3) { displayStatus estimatedDeliveryAt deliveredAt trackingInfo(first: 2) { company number url } }\n    shippingAddress { zip }\n    customer { id displayName defaultPhoneNumber { phoneNumber } defaultEmailAddress { emailAddress } }\n  }": {return: ReceptionistCustomerOrdersQuery, variables: ReceptionistCustomerOrdersQueryVariables},
  "#graphql\n  query ReceptionistProductSearch($query: String!, $first: Int!) {\n    products(first: $first, query: $query) {\n      nodes {\n        title\n        status\n        priceRangeV2 {\n          minVariantPrice { amount currencyCode }\n          maxVariantPrice { amount currencyCode }\n        }\n        variants(first: 10) {\n          nodes { title inventoryQuantity availableForSale }\n          pageInfo { hasNextPage }\n        }\n      }\n    }\n  }": {return: ReceptionistProductSearchQuery, variables: ReceptionistProductSearchQueryVariables},
  "#graphql\n  query ReceptionistActiveProducts($first: Int!) {\n    products(first: $first, query: \"status:active\", sortKey: UPDATED_AT, reverse: true) {\n      nodes {\n        title\n        priceRangeV2 {\n          minVariantPrice { amount currencyCode }\n          maxVariantPrice { amount currencyCode }\n        }\n      }\n    }\n  }": {return: ReceptionistActiveProductsQuery, variables: ReceptionistActiveProductsQueryVariables},
  "#graphql\n  query ShopProfile {\n    shop { name ianaTimezone currencyCode }\n  }": {return: ShopProfileQuery, variables: ShopProfileQueryVariables},
  "#graphql\n  query CurrentAppInstallation { currentAppInstallation { id } }": {return: CurrentAppInstallationQuery, variables: CurrentAppInstallationQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation SetStorefrontReceptionist($metafields: [MetafieldsSetInput!]!) {\n    metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message code } }\n  }": {return: SetStorefrontReceptionistMutation, variables: SetStorefrontReceptionistMutationVariables},
  "#graphql\n  mutation DeleteStorefrontReceptionist($metafields: [MetafieldIdentifierInput!]!) {\n    metafieldsDelete(metafields: $metafields) { deletedMetafields { key } userErrors { field message } }\n  }": {return: DeleteStorefrontReceptionistMutation, variables: DeleteStorefrontReceptionistMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
