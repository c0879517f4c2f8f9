// Single sign-on with OpenID Connect: the administrator's settings for the one
// identity provider, and signing staff in by the email address the provider
// vouches for. There is no self-registration: the address must belong to an
// active account an administrator created.
import {
  findSingleSignOnSetting,
  saveSingleSignOnSetting,
  type SingleSignOnSettingRecord,
} from '../data/repositories/single-sign-on-repository.js'
import { findUserByEmail, membershipsOf } from '../data/repositories/user-repository.js'
import { assertCan } from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'
import { ValidationError } from '../domain/errors.js'
import {
  validateSingleSignOnSettings,
  verifiedEmailOf,
  type SingleSignOnSettingsInput,
} from '../domain/single-sign-on/settings.js'
import {
  OidcDiscoveryError,
  OidcProviderError,
  type OidcClientSettings,
  type OpenIdConnectClient,
} from '../integrations/oidc/openid-connect-client.js'
import type { AccountSecurityService, SecondStep } from './account-security-service.js'
import { recordAudit } from './audit-trail.js'
import { type AuditActor, type ServiceContext, userActor } from './context.js'
import type { SecretBox } from './secret-box.js'

/** What the settings page shows. The client secret never leaves the service. */
export interface SingleSignOnSettingsView {
  readonly displayName: string
  readonly issuerUrl: string
  readonly clientId: string
  readonly enabled: boolean
  /** A secret is stored and can be read with the current DATA_ENCRYPTION_KEY. */
  readonly hasUsableSecret: boolean
  /** A secret is stored but DATA_ENCRYPTION_KEY has changed since (not rotated): it must be entered again. */
  readonly secretUnreadable: boolean
  /** 0 before anything was saved. */
  readonly version: number
}

/** Kept in the person's session between the redirect and the callback. */
export interface PendingSingleSignOn {
  readonly state: string
  readonly nonce: string
  readonly codeVerifier: string
  readonly issuerUrl: string
  readonly clientId: string
  readonly startedAt: string
}

export type BeginSignInResult =
  | { ok: true; authorizationUrl: string; pending: PendingSingleSignOn }
  | { ok: false; reason: 'not-enabled' }
  | { ok: false; reason: 'provider-unavailable'; detail: string }

export type SingleSignOnFailure =
  | 'no-pending-sign-in'
  | 'expired'
  | 'state-mismatch'
  | 'not-enabled'
  | 'settings-changed'
  | 'provider-error'
  | 'provider-unavailable'
  | 'exchange-failed'
  | 'no-email'
  | 'email-unverified'
  | 'no-account'
  | 'account-disabled'

export type CompleteSignInResult =
  /** `next`: the two-factor step still to come, as for a password sign-in. */
  | { ok: true; userId: string; next: SecondStep }
  | {
      ok: false
      reason: SingleSignOnFailure
      /** The address the provider vouched for, when the refusal is about it. */
      email?: string
      /** The provider's error code (e.g. access_denied), when it sent one. */
      providerError?: string
      /** For the log, not for the page. */
      detail?: string
    }

/** A sign-in left half-way is refused after this long. */
const PENDING_SIGN_IN_LIFETIME_MS = 10 * 60 * 1000

const UNKNOWN_ACCOUNT: AuditActor = { kind: 'system', label: 'unknown account' }

interface UsableSettings extends OidcClientSettings {
  readonly displayName: string
}

export class SingleSignOnService {
  constructor(
    private readonly context: ServiceContext,
    private readonly dependencies: {
      secretBox: SecretBox
      oidc: OpenIdConnectClient
      /** Single sign-on does not skip two-factor authentication (issue 4). */
      accountSecurity: AccountSecurityService
    },
  ) {}

  async settingsForEditing(actor: Actor | null): Promise<SingleSignOnSettingsView> {
    assertCan(actor, 'settings:manage')
    const record = await findSingleSignOnSetting(this.context.db)
    if (!record) {
      return {
        displayName: '',
        issuerUrl: '',
        clientId: '',
        enabled: false,
        hasUsableSecret: false,
        secretUnreadable: false,
        version: 0,
      }
    }
    const secret = this.dependencies.secretBox.open(record.clientSecretSealed)
    return {
      displayName: record.displayName,
      issuerUrl: record.issuerUrl,
      clientId: record.clientId,
      enabled: record.enabled,
      hasUsableSecret: secret !== null,
      secretUnreadable: secret === null,
      version: record.version,
    }
  }

  /**
   * Validates and saves the settings. When single sign-on is to be on, the
   * provider's discovery document is fetched first: if that fails, nothing is saved.
   * Returns the settings' new version.
   */
  async saveSettings(
    actor: Actor | null,
    input: SingleSignOnSettingsInput,
    expectedVersion: number,
  ): Promise<number> {
    assertCan(actor, 'settings:manage')
    const { db, now } = this.context
    const { secretBox, oidc } = this.dependencies
    const current = await findSingleSignOnSetting(db)
    const storedSecret = current ? secretBox.open(current.clientSecretSealed) : null
    const values = {
      displayName: input.displayName.trim(),
      issuerUrl: input.issuerUrl.trim(),
      clientId: input.clientId.trim(),
      clientSecret: input.clientSecret,
      enabled: input.enabled,
    }
    const errors = validateSingleSignOnSettings(values, { hasUsableSecret: storedSecret !== null })
    if (errors.length > 0 || values.enabled === null) throw new ValidationError(errors)
    const clientSecret = values.clientSecret === '' ? (storedSecret ?? '') : values.clientSecret

    if (values.enabled) {
      try {
        await oidc.checkDiscovery({
          issuerUrl: values.issuerUrl,
          clientId: values.clientId,
          clientSecret,
        })
      } catch (error) {
        if (!(error instanceof OidcDiscoveryError)) throw error
        throw new ValidationError([
          {
            field: 'issuerUrl',
            message: `${error.message}. Check the issuer URL, or save with single sign-on turned off.`,
          },
        ])
      }
    }

    return db.transaction().execute(async (trx) => {
      const before = await findSingleSignOnSetting(trx)
      const version = await saveSingleSignOnSetting(trx, expectedVersion, {
        displayName: values.displayName,
        issuerUrl: values.issuerUrl,
        clientId: values.clientId,
        clientSecretSealed: secretBox.seal(clientSecret),
        enabled: values.enabled === true,
        now: now().toISOString(),
      })
      // The secret itself is never audited: only whether it was replaced.
      await recordAudit(trx, now(), {
        actor: userActor(actor),
        action: 'single-sign-on.updated',
        recordType: 'single-sign-on-setting',
        recordId: 'deployment',
        partnershipId: null,
        ...(before ? { before: auditedSettings(before) } : {}),
        after: {
          displayName: values.displayName,
          issuerUrl: values.issuerUrl,
          clientId: values.clientId,
          enabled: values.enabled,
          clientSecretReplaced: values.clientSecret !== '',
          version,
        },
      })
      return version
    })
  }

  /** The button on the sign-in page, when single sign-on is on and usable. */
  async signInOption(): Promise<{ displayName: string } | null> {
    const settings = await this.usableSettings()
    return settings ? { displayName: settings.displayName } : null
  }

  /** The provider address to send the person to, and what to keep for the callback. */
  async beginSignIn(redirectUri: string): Promise<BeginSignInResult> {
    const settings = await this.usableSettings()
    if (!settings) return { ok: false, reason: 'not-enabled' }
    try {
      const request = await this.dependencies.oidc.authorizationRequest(settings, redirectUri)
      return {
        ok: true,
        authorizationUrl: request.url,
        pending: {
          state: request.state,
          nonce: request.nonce,
          codeVerifier: request.codeVerifier,
          issuerUrl: settings.issuerUrl,
          clientId: settings.clientId,
          startedAt: this.context.now().toISOString(),
        },
      }
    } catch (error) {
      if (!(error instanceof OidcDiscoveryError)) throw error
      return { ok: false, reason: 'provider-unavailable', detail: error.message }
    }
  }

  /**
   * Finishes a sign-in at the callback: checks it belongs to the sign-in this
   * session started, lets the provider vouch for an email address, and finds the
   * active account with it. Every attempt's outcome is audited.
   */
  async completeSignIn(
    callbackUrl: URL,
    pending: PendingSingleSignOn | undefined,
  ): Promise<CompleteSignInResult> {
    const result = await this.checkCallback(callbackUrl, pending)
    const { db, now } = this.context
    if (result.ok) {
      const { accountSecurity } = this.dependencies
      const memberships = await membershipsOf(db, result.user.userId)
      const next = await accountSecurity.secondStepFor({ ...result.user, memberships })
      // With two-factor authentication on, the provider's word is only the first step.
      if (next !== 'verify') await accountSecurity.recordSuccess(result.user.userId)
      await recordAudit(db, now(), {
        actor: userActor(result.user),
        action: next === 'verify' ? 'sign-in.first-factor-succeeded' : 'sign-in.succeeded',
        recordType: 'user',
        recordId: result.user.userId,
        partnershipId: null,
        after: { method: 'oidc', ...(next === 'enrol' ? { twoFactor: 'must-set-up' } : {}) },
      })
      return { ok: true, userId: result.user.userId, next }
    }
    const { user, ...failure } = result
    // A callback with no sign-in behind it is not an attempt by anyone: nothing to audit.
    if (failure.reason === 'no-pending-sign-in') return failure
    await recordAudit(db, now(), {
      actor: user ? userActor(user) : UNKNOWN_ACCOUNT,
      action: 'sign-in.failed',
      recordType: 'user',
      recordId: user?.userId ?? null,
      partnershipId: null,
      after: {
        method: 'oidc',
        reason: failure.reason,
        ...(failure.email === undefined ? {} : { email: failure.email }),
        ...(failure.providerError === undefined ? {} : { providerError: failure.providerError }),
      },
    })
    return failure
  }

  private async checkCallback(
    callbackUrl: URL,
    pending: PendingSingleSignOn | undefined,
  ): Promise<
    | { ok: true; user: { userId: string; displayName: string } }
    | (Extract<CompleteSignInResult, { ok: false }> & {
        user?: { userId: string; displayName: string }
      })
  > {
    if (!pending) return { ok: false, reason: 'no-pending-sign-in' }
    const age = this.context.now().getTime() - new Date(pending.startedAt).getTime()
    if (!(age >= 0 && age <= PENDING_SIGN_IN_LIFETIME_MS)) return { ok: false, reason: 'expired' }
    // Checked here as well as by openid-client, so a forged or replayed callback
    // is told apart from a provider's error before anything else is read from it.
    if (callbackUrl.searchParams.get('state') !== pending.state) {
      return { ok: false, reason: 'state-mismatch' }
    }
    const settings = await this.usableSettings()
    if (!settings) return { ok: false, reason: 'not-enabled' }
    if (settings.issuerUrl !== pending.issuerUrl || settings.clientId !== pending.clientId) {
      return { ok: false, reason: 'settings-changed' }
    }

    let identity
    try {
      identity = await this.dependencies.oidc.completeAuthorization(settings, callbackUrl, pending)
    } catch (error) {
      if (error instanceof OidcProviderError) {
        return { ok: false, reason: 'provider-error', providerError: error.error.slice(0, 100) }
      }
      if (error instanceof OidcDiscoveryError) {
        return { ok: false, reason: 'provider-unavailable', detail: error.message }
      }
      return {
        ok: false,
        reason: 'exchange-failed',
        detail: error instanceof Error ? error.message : String(error),
      }
    }

    const email = verifiedEmailOf(identity)
    if (!email.ok) {
      return { ok: false, reason: email.reason === 'unverified' ? 'email-unverified' : 'no-email' }
    }
    const user = await findUserByEmail(this.context.db, email.email)
    if (!user) return { ok: false, reason: 'no-account', email: email.email }
    const person = { userId: user.id, displayName: user.displayName }
    if (!user.isActive) {
      return { ok: false, reason: 'account-disabled', email: email.email, user: person }
    }
    return { ok: true, user: person }
  }

  /** The settings, when single sign-on is on and its secret can be read. */
  private async usableSettings(): Promise<UsableSettings | null> {
    const record = await findSingleSignOnSetting(this.context.db)
    if (!record?.enabled) return null
    const clientSecret = this.dependencies.secretBox.open(record.clientSecretSealed)
    if (clientSecret === null) return null
    return {
      displayName: record.displayName,
      issuerUrl: record.issuerUrl,
      clientId: record.clientId,
      clientSecret,
    }
  }
}

function auditedSettings(record: SingleSignOnSettingRecord) {
  return {
    displayName: record.displayName,
    issuerUrl: record.issuerUrl,
    clientId: record.clientId,
    enabled: record.enabled,
    version: record.version,
  }
}
