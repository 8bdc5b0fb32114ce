export interface Relay {
  /** The relay's own port on 127.0.0.1. */
  port: number
  connections: number
  /** Bytes the server sent back. */
  bytes: number
  /** Of those, the HTTP status lines and headers. */
  headerBytes: number
  reset(): void
  close(): Promise<void>
}

export function relayTo(port: number): Promise<Relay>
