// Secrets the service must read back (an identity provider's client secret,
// authenticator apps' TOTP secrets) are kept encrypted at rest, so a copy of the
// database or a backup alone does not give them away. The key is derived from
// DATA_ENCRYPTION_KEY, not SESSION_SECRET, so the cookie key can rotate alone;
// the data key rotates with `rotate-data-key` (src/services/data-key-rotation-service.ts).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

const FORMAT = 'v1'
const ALGORITHM = 'aes-256-gcm'
const IV_BYTES = 12
const TAG_BYTES = 16
const SALT = 'safeguarding-practice-reviews secret box'

/** What each sealed column holds: the purpose its key is derived for. */
export const SEALED_PURPOSES = {
  twoFactorSecret: 'two-factor secret',
  singleSignOnClientSecret: 'single-sign-on client secret',
} as const

function deriveKey(keyMaterial: string, purpose: string): Buffer {
  if (keyMaterial.length < 32) throw new Error('The key material must be 32 characters or more')
  return Buffer.from(hkdfSync('sha256', keyMaterial, SALT, purpose, 32))
}

export class SecretBox {
  private readonly key: Buffer
  private readonly previousKeys: readonly Buffer[]

  /**
   * `purpose` separates keys: a secret sealed for one use cannot be opened for
   * another. `previousKeyMaterial` (PREVIOUS_DATA_ENCRYPTION_KEY) still opens what
   * it sealed, so a key can change before `rotate-data-key` has re-sealed
   * everything; sealing always uses the current key.
   */
  constructor(keyMaterial: string, purpose: string, previousKeyMaterial: readonly string[] = []) {
    this.key = deriveKey(keyMaterial, purpose)
    this.previousKeys = previousKeyMaterial.map((material) => deriveKey(material, purpose))
  }

  /** AES-256-GCM with a fresh random IV each time: 'v1.iv.tag.ciphertext' in base64url. */
  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES })
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return [FORMAT, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.')
  }

  /** The plaintext, or null if it was sealed with another key or has been altered. */
  open(sealed: string): string | null {
    for (const key of [this.key, ...this.previousKeys]) {
      const plaintext = openWith(key, sealed)
      if (plaintext !== null) return plaintext
    }
    return null
  }
}

function openWith(key: Buffer, sealed: string): string | null {
  const [format, iv, tag, ciphertext, ...rest] = sealed.split('.')
  if (format !== FORMAT || iv === undefined || tag === undefined || ciphertext === undefined) {
    return null
  }
  if (rest.length > 0) return null
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    })
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8')
  } catch {
    return null
  }
}
