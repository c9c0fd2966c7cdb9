// The stand-in's token endpoint, POST /admin/oauth/access_token, as Shopify
// documents it for embedded apps:
// - token exchange (grant_type urn:ietf:params:oauth:grant-type:token-exchange):
//   the admin's session token (an HS256 JWT signed with the app's secret) for
//   an offline token; with expiring=1 the token lasts an hour and comes with a
//   refresh token (expires_in, refresh_token, refresh_token_expires_in);
// - refresh (grant_type refresh_token): a refresh token for a new access token
//   and a new refresh token; the old refresh token is spent.
// Expired access tokens are refused by the GraphQL endpoint (server.ts asks
// isValid). For the sandbox and tests only.
import { randomBytes } from "node:crypto";
import { jwtVerify } from "jose";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";

/** Shopify's lifetimes: an expiring offline token lasts an hour; its refresh token 90 days. */
export const ACCESS_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_SECONDS = 90 * 24 * 3600;

export interface AppCredentials {
  apiKey: string;
  apiSecret: string;
}

export interface IssuedTokens {
  access_token: string;
  scope: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

interface Grant {
  shop: string;
  /** Epoch ms; null for a non-expiring token. */
  expiresAt: number | null;
}

export interface OAuthReply {
  status: number;
  body: unknown;
}

const oauthError = (status: number, error: string, description: string): OAuthReply => ({ status, body: { error, error_description: description } });

export class TokenIssuer {
  private readonly accessTokens = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant>();

  constructor(
    private readonly app: AppCredentials | undefined,
    private readonly scope: string,
    private readonly now: () => number = Date.now,
    private readonly accessTokenSeconds = ACCESS_TOKEN_SECONDS,
  ) {}

  /** Whether `token` is a live access token the issuer gave out for `shop`. */
  isValid(shop: string, token: string | undefined): boolean {
    const grant = token ? this.accessTokens.get(token) : undefined;
    return grant !== undefined && grant.shop === shop && (grant.expiresAt === null || grant.expiresAt > this.now());
  }

  /** Tokens for `shop` without the exchange (tests and seeds); a negative lifetime gives an expired token. */
  issue(shop: string, { expiring = true, expiresInSeconds = this.accessTokenSeconds } = {}): IssuedTokens {
    const access_token = `shpat_${randomBytes(16).toString("hex")}`;
    if (!expiring) {
      this.accessTokens.set(access_token, { shop, expiresAt: null });
      return { access_token, scope: this.scope };
    }
    const refresh_token = `shprt_${randomBytes(16).toString("hex")}`;
    this.accessTokens.set(access_token, { shop, expiresAt: this.now() + expiresInSeconds * 1000 });
    this.refreshTokens.set(refresh_token, { shop, expiresAt: this.now() + REFRESH_TOKEN_SECONDS * 1000 });
    return { access_token, scope: this.scope, expires_in: expiresInSeconds, refresh_token, refresh_token_expires_in: REFRESH_TOKEN_SECONDS };
  }

  /** Answers POST https://<shop>/admin/oauth/access_token. */
  async handle(shop: string, body: Record<string, unknown>): Promise<OAuthReply> {
    if (!this.app) return oauthError(404, "not_found", "This stand-in was started without app credentials");
    if (body.client_id !== this.app.apiKey || body.client_secret !== this.app.apiSecret) {
      return oauthError(401, "invalid_client", "Client authentication failed");
    }
    if (body.grant_type === TOKEN_EXCHANGE_GRANT) return this.exchange(shop, body);
    if (body.grant_type === "refresh_token") return this.refresh(shop, body);
    return oauthError(400, "unsupported_grant_type", `grant_type ${String(body.grant_type)} is not supported`);
  }

  private async exchange(shop: string, body: Record<string, unknown>): Promise<OAuthReply> {
    if (body.subject_token_type !== ID_TOKEN_TYPE || body.requested_token_type !== OFFLINE_TOKEN_TYPE) {
      return oauthError(400, "invalid_request", "Only id_token subject tokens for offline access tokens are supported");
    }
    if (!(await this.isSessionTokenFor(shop, body.subject_token))) return oauthError(400, "invalid_subject_token", "The session token is invalid");
    const expiring = body.expiring === "1" || body.expiring === 1 || body.expiring === true;
    return { status: 200, body: this.issue(shop, { expiring }) };
  }

  private refresh(shop: string, body: Record<string, unknown>): OAuthReply {
    const token = typeof body.refresh_token === "string" ? body.refresh_token : "";
    const grant = this.refreshTokens.get(token);
    if (!grant || grant.shop !== shop || (grant.expiresAt !== null && grant.expiresAt <= this.now())) {
      return oauthError(400, "invalid_grant", "The refresh token is invalid, expired or already used");
    }
    this.refreshTokens.delete(token); // rotated: each refresh token is good once
    return { status: 200, body: this.issue(shop) };
  }

  private async isSessionTokenFor(shop: string, token: unknown): Promise<boolean> {
    if (typeof token !== "string" || !this.app) return false;
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(this.app.apiSecret), { algorithms: ["HS256"], audience: this.app.apiKey });
      return typeof payload.dest === "string" && new URL(payload.dest).hostname === shop;
    } catch {
      return false;
    }
  }
}
