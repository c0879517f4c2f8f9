// The one place that talks OpenID Connect (authorisation code flow with PKCE,
// state and nonce) to the identity provider, through openid-client. It knows
// nothing of accounts or sessions: it turns settings into a redirect, and a
// callback into the provider's claims about who signed in.
import { createHash } from 'node:crypto'
import * as client from 'openid-client'
import { allowsPlainHttp } from '../../domain/single-sign-on/settings.js'

export interface OidcClientSettings {
  readonly issuerUrl: string
  readonly clientId: string
  readonly clientSecret: string
}

/** What the callback must be checked against; kept in the person's session meanwhile. */
export interface AuthorizationChecks {
  readonly state: string
  readonly nonce: string
  readonly codeVerifier: string
}

export interface AuthorizationRequest extends AuthorizationChecks {
  readonly url: string
}

/** The provider's claims about the person who signed in (from the ID token, else userinfo). */
export interface ProviderIdentity {
  readonly subject: string
  readonly email: unknown
  readonly emailVerified: unknown
}

/** The provider could not be found or its discovery document was unusable. */
export class OidcDiscoveryError extends Error {
  override name = 'OidcDiscoveryError'
}

/** The provider answered the sign-in with an error (e.g. access_denied). */
export class OidcProviderError extends Error {
  override name = 'OidcProviderError'
  constructor(
    readonly error: string,
    readonly description: string | undefined,
  ) {
    super(`The identity provider answered ${error}${description ? `: ${description}` : ''}`)
  }
}

/** The callback or the token exchange failed a check (state, nonce, PKCE, signature…). */
export class OidcExchangeError extends Error {
  override name = 'OidcExchangeError'
}

interface CachedConfiguration {
  readonly secretFingerprint: string
  readonly expiresAt: number
  readonly configuration: Promise<client.Configuration>
}

const SCOPE = 'openid email'

function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url')
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') return code
  return errorCode((error as { cause?: unknown }).cause)
}

/** Says, for an administrator, why the provider could not be used. */
function discoveryFailureReason(error: unknown): string {
  const code = errorCode(error)
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name was not found'
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'it did not answer in time'
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
      return 'it did not return a discovery document at /.well-known/openid-configuration'
    case 'OAUTH_RESPONSE_IS_NOT_JSON':
    case 'OAUTH_PARSE_ERROR':
    case 'OAUTH_INVALID_RESPONSE':
      return 'its discovery document could not be read'
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
      return 'its discovery document names a different issuer'
    default:
      if (error instanceof Error && error.name === 'TimeoutError') {
        return 'it did not answer in time'
      }
      if (error instanceof Error && error.name === 'AbortError') {
        return 'it did not answer in time'
      }
      return 'its discovery document could not be fetched'
  }
}

export class OpenIdConnectClient {
  /** Discovery per issuer and client id: the provider is asked once an hour, not per sign-in. */
  private readonly cache = new Map<string, CachedConfiguration>()

  constructor(private readonly options: { cacheTtlMs?: number; timeoutSeconds?: number } = {}) {}

  /**
   * Fetches the provider's discovery document now (not from the cache), so an
   * administrator learns at once that an issuer URL is wrong.
   */
  async checkDiscovery(settings: OidcClientSettings): Promise<void> {
    this.cache.delete(this.cacheKey(settings))
    await this.configurationFor(settings)
  }

  async authorizationRequest(
    settings: OidcClientSettings,
    redirectUri: string,
  ): Promise<AuthorizationRequest> {
    const configuration = await this.configurationFor(settings)
    const codeVerifier = client.randomPKCECodeVerifier()
    const state = client.randomState()
    const nonce = client.randomNonce()
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: SCOPE,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    })
    return { url: url.href, state, nonce, codeVerifier }
  }

  /**
   * Checks the callback (state, issuer, error), exchanges the code with the PKCE
   * verifier, checks the ID token (signature, audience, nonce) and returns who
   * signed in. `callbackUrl` must be the registered redirect URI with the query
   * the provider added: the redirect URI sent for the token is taken from it.
   */
  async completeAuthorization(
    settings: OidcClientSettings,
    callbackUrl: URL,
    checks: AuthorizationChecks,
  ): Promise<ProviderIdentity> {
    const configuration = await this.configurationFor(settings)
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      })
    } catch (error) {
      if (error instanceof client.AuthorizationResponseError) {
        throw new OidcProviderError(error.error, error.error_description)
      }
      throw new OidcExchangeError(
        error instanceof Error ? error.message : 'token exchange failed',
        {
          cause: error,
        },
      )
    }
    const idToken = tokens.claims()
    if (!idToken) throw new OidcExchangeError('The provider returned no ID token')
    if (typeof idToken.email === 'string') {
      return { subject: idToken.sub, email: idToken.email, emailVerified: idToken.email_verified }
    }
    // Conforming providers put the email claim in userinfo when an access token
    // is issued; fetchUserInfo checks its subject is the ID token's.
    try {
      const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub)
      return { subject: idToken.sub, email: userInfo.email, emailVerified: userInfo.email_verified }
    } catch (error) {
      throw new OidcExchangeError(
        `userinfo failed: ${error instanceof Error ? error.message : 'unknown error'}`,
        { cause: error },
      )
    }
  }

  private cacheKey(settings: OidcClientSettings): string {
    return JSON.stringify([settings.issuerUrl, settings.clientId])
  }

  private configurationFor(settings: OidcClientSettings): Promise<client.Configuration> {
    const key = this.cacheKey(settings)
    const secretFingerprint = fingerprint(settings.clientSecret)
    const cached = this.cache.get(key)
    if (cached && cached.expiresAt > Date.now() && cached.secretFingerprint === secretFingerprint) {
      return cached.configuration
    }
    const configuration = this.discover(settings)
    this.cache.set(key, {
      secretFingerprint,
      expiresAt: Date.now() + (this.options.cacheTtlMs ?? 60 * 60 * 1000),
      configuration,
    })
    // A failure is not remembered: the next attempt asks the provider again.
    configuration.catch(() => {
      if (this.cache.get(key)?.configuration === configuration) this.cache.delete(key)
    })
    return configuration
  }

  private async discover(settings: OidcClientSettings): Promise<client.Configuration> {
    const issuer = new URL(settings.issuerUrl)
    try {
      return await client.discovery(
        issuer,
        settings.clientId,
        undefined,
        // client_secret_basic: the default of OpenID Connect client registration.
        client.ClientSecretBasic(settings.clientSecret),
        {
          timeout: this.options.timeoutSeconds ?? 10,
          // Plain HTTP only for a provider on this machine (development and tests):
          // openid-client marks this "deprecated" only so that it stands out.
          execute: allowsPlainHttp(issuer) ? [client.allowInsecureRequests] : [],
        },
      )
    } catch (error) {
      throw new OidcDiscoveryError(
        `Could not use the identity provider at ${settings.issuerUrl}: ${discoveryFailureReason(error)}`,
        { cause: error },
      )
    }
  }
}
