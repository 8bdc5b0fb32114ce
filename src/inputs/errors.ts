/** A problem with what the user gave, found before any call to AWS. */
export class InputError extends Error {
  constructor(
    /** The action input (or cli-input key) at fault, as the user wrote it in the workflow. */
    readonly input: string,
    /** What was wrong, what was given (never a tag value) and the expected form. */
    readonly problem: string
  ) {
    super(`Input \`${input}\`: ${problem}`)
    this.name = 'InputError'
  }
}

/** Every input problem at once, so one failed run shows all that needs fixing. */
export class InputErrors extends Error {
  constructor(readonly errors: InputError[]) {
    super(errors.map((e) => e.message).join('\n'))
    this.name = 'InputErrors'
  }
}

/** Runs each check, collecting input errors instead of stopping at the first one. */
export class InputCollector {
  readonly errors: InputError[] = []

  check<T>(fn: () => T): T | undefined {
    try {
      return fn()
    } catch (error) {
      if (error instanceof InputError) {
        this.errors.push(error)
        return undefined
      }
      if (error instanceof InputErrors) {
        this.errors.push(...error.errors)
        return undefined
      }
      throw error
    }
  }

  add(error: InputError): void {
    this.errors.push(error)
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new InputErrors(this.errors)
  }
}
