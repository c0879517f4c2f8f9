// The few parts of oidc-provider (which ships no types) that the test identity
// provider uses. Kept loose on purpose: this is a test double's view, not the API.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  export interface InteractionDetails {
    readonly uid: string
    readonly prompt: {
      readonly name: string
      readonly details: {
        readonly missingOIDCScope?: string[]
        readonly missingOIDCClaims?: string[]
        readonly missingResourceScopes?: Record<string, string[]>
      }
    }
    readonly params: Record<string, unknown>
    readonly session?: { readonly accountId?: string }
    readonly grantId?: string
  }

  export interface Grant {
    addOIDCScope(scope: string): void
    addOIDCClaims(claims: string[]): void
    addResourceScope(indicator: string, scope: string): void
    save(): Promise<string>
  }

  export interface Account {
    accountId: string
    claims(use: string, scope: string): Promise<Record<string, unknown>>
  }

  export interface AdapterPayload {
    [key: string]: unknown
    uid?: string
    userCode?: string
    grantId?: string
    consumed?: number
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>
    find(id: string): Promise<AdapterPayload | undefined>
    findByUid(uid: string): Promise<AdapterPayload | undefined>
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>
    consume(id: string): Promise<void>
    destroy(id: string): Promise<void>
    revokeByGrantId(grantId: string): Promise<void>
  }

  export interface KoaLikeContext {
    type: string
    body: string
    status: number
  }

  export interface Configuration {
    clients?: Record<string, unknown>[]
    adapter?: (model: string) => Adapter
    findAccount?: (context: unknown, sub: string) => Promise<Account | undefined>
    interactions?: { url: (context: unknown, interaction: { uid: string }) => string }
    renderError?: (
      context: KoaLikeContext,
      out: { error?: string; error_description?: string },
      error: unknown,
    ) => Promise<void>
    [setting: string]: unknown
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration)
    callback(): (request: IncomingMessage, response: ServerResponse) => void
    interactionDetails(
      request: IncomingMessage,
      response: ServerResponse,
    ): Promise<InteractionDetails>
    interactionFinished(
      request: IncomingMessage,
      response: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>
    readonly Grant: {
      new (properties: { accountId: string; clientId: string }): Grant
      find(id: string): Promise<Grant | undefined>
    }
    on(event: string, listener: (...args: unknown[]) => void): this
  }
}
