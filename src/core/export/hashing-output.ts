// The byte stream of one export file: every chunk goes to the temp file and into a SHA-256 and a
// byte count as it is written, so a file's hash needs no second read. A write error (a full disk)
// is kept and reported by the next write or by finish().
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { Writable } from 'node:stream'

/** A file output that hashes what it writes; `failure` rejects on the first write error. */
export class HashingOutput extends Writable {
  private readonly hash = createHash('sha256')
  private readonly file: fs.WriteStream
  private written = 0
  private error: Error | undefined
  /** Rejects once with the first error of the file (never resolves otherwise). */
  readonly failure: Promise<never>
  private readonly fileClosed: Promise<void>

  constructor(path: string) {
    super()
    this.file = fs.createWriteStream(path, { flags: 'w' })
    this.fileClosed = new Promise<void>((resolve) =>
      this.file.once('close', () => {
        resolve()
      }),
    )
    this.failure = new Promise<never>((_resolve, reject) => {
      const fail = (error: Error) => {
        this.error ??= error
        reject(this.error)
      }
      this.file.on('error', fail)
      this.on('error', fail)
    })
    this.failure.catch(() => undefined) // observed by whoever awaits it; never unhandled
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error) => void) {
    if (this.error !== undefined) {
      callback(this.error)
      return
    }
    this.hash.update(chunk)
    this.written += chunk.length
    if (this.file.write(chunk)) callback()
    else
      this.file.once('drain', () => {
        callback()
      })
  }

  override _final(callback: (error?: Error) => void) {
    this.file.end(() => {
      callback(this.error)
    })
  }

  /** Writes text (UTF-8), waiting when the file is behind; rejects on a write error. */
  async writeText(text: string): Promise<void> {
    if (this.error !== undefined) throw this.error
    if (this.write(text)) return
    await Promise.race([new Promise((resolve) => this.once('drain', resolve)), this.failure])
  }

  /** Ends the file and waits until it is closed; its bytes and SHA-256 hex. */
  async finish(): Promise<{ bytes: number; sha256: string }> {
    if (!this.writableEnded) this.end()
    await Promise.race([this.fileClosed, this.failure])
    if (this.error !== undefined) throw this.error
    return { bytes: this.written, sha256: this.hash.digest('hex') }
  }

  /** Throws the first write error, if any. */
  throwIfFailed(): void {
    if (this.error !== undefined) throw this.error
  }

  /** Stops writing and closes the file (the caller removes it). */
  async abort(): Promise<void> {
    this.file.destroy()
    await this.fileClosed
  }
}
