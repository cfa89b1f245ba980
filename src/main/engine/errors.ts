/**
 * The engine's errors that callers tell apart: a leaf module (it imports
 * nothing), so any part of the engine can throw them without pulling in
 * the rest.
 */
export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    /** How the user picks another port (`--capture-port <port>`), when the caller said. */
    readonly hint: string | null,
  ) {
    super(
      `Port ${port} on ${host} is already in use, so the server cannot listen there. ` +
        `Stop whatever is using it, or pick another port${hint ? ` (${hint}, or 0 for any free port)` : ''}.`,
    )
    this.name = 'PortInUseError'
  }
}

export class BadInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BadInputError'
  }
}

/** A thing named by id that does not exist: bad input over RPC, a 404 in the automation API. */
export class NotFoundError extends BadInputError {
  constructor(message: string) {
    super(message)
    this.name = 'NotFoundError'
  }
}
